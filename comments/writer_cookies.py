"""The cookies that remember a guest writer: the comments this browser wrote (signed,
so no reader can claim another's) and the details a reader agreed to keep."""

from django.conf import settings
from django.core import signing

from .models import Comment

# The guest comments this browser wrote, in a signed cookie rather than the session:
# posting then writes one row, not two, and a guest who comments gets no session at
# all.
WRITTEN_COOKIE = "comments_written"
WRITTEN_SALT = "comments.written"
WRITTEN_KEPT = 50
# Cookie names for the guest details a reader agreed to keep (WordPress uses the same).
DETAIL_COOKIES = {
    "author_name": "comment_author",
    "author_email": "comment_author_email",
    "author_url": "comment_author_url",
}


def written_cookie(ids) -> str:
    """The cookie value naming the guest comments `ids`, signed so that no reader can
    claim another's comment."""
    text = ",".join(str(pk) for pk in ids)
    return signing.TimestampSigner(salt=WRITTEN_SALT).sign(text)


def written_ids(request) -> tuple[int, ...]:
    """The guest comments this browser wrote, oldest first; none when its cookie is
    missing, altered or older than a session."""
    try:
        return request._comments_written
    except AttributeError:
        pass
    ids = ()
    value = request.COOKIES.get(WRITTEN_COOKIE)
    if value:
        signer = signing.TimestampSigner(salt=WRITTEN_SALT)
        try:
            text = signer.unsign(value, max_age=settings.SESSION_COOKIE_AGE)
            ids = tuple(int(pk) for pk in text.split(",") if pk)
        except (signing.BadSignature, ValueError):
            ids = ()
    request._comments_written = ids
    return ids


def remember_written(request, response, comment: Comment) -> None:
    """Name a guest's new comment in their browser's cookie, with the last ones
    they wrote: they see it while it is held, and may edit it for a while."""
    ids = [*written_ids(request)[-(WRITTEN_KEPT - 1) :], comment.pk]
    response.set_cookie(
        WRITTEN_COOKIE,
        written_cookie(ids),
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_writer(request, comment: Comment) -> bool:
    """Whether this viewer wrote the comment: signed in as its user, or, for a
    guest's comment, the browser it was written in."""
    if comment.user_id:
        user = request.user
        return user.is_authenticated and comment.user_id == user.pk
    return comment.pk in written_ids(request)
