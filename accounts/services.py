"""Personal data: what the site holds about an account, and erasing the account."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from comments.locks import comment_threads_lock
from comments.models import Comment, ModerationLog
from comments.rendering import comment_refresh_html
from comments.services import comment_erase, thread_versions_bump

from .models import User

EXPORT_ACCOUNT_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "display_name",
    "website",
    "date_joined",
    "last_login",
    "is_staff",
)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def account_export(*, user: User) -> dict:
    """Everything the site holds about `user`, as JSON-ready data (no secrets:
    neither the password hash nor any provider token)."""
    account = {
        field: (_iso(value) if field in ("date_joined", "last_login") else value)
        for field in EXPORT_ACCOUNT_FIELDS
        if (value := getattr(user, field)) is not None or field == "last_login"
    }
    account["avatar"] = user.avatar_large.name or None
    comments = (
        Comment.objects.filter(user=user)
        .select_related("post")
        .order_by("created_at", "pk")
    )
    return {
        "account": account,
        "social_accounts": [
            {"provider": social.provider, "uid": social.uid}
            for social in user.socialaccount_set.order_by("provider", "uid")
        ],
        "email_addresses": [
            {
                "email": address.email,
                "verified": address.verified,
                "primary": address.primary,
            }
            for address in user.emailaddress_set.order_by("email")
        ],
        "comments": [
            {
                "id": comment.pk,
                "post": comment.post.title,
                "post_url": settings.SITE_URL.rstrip("/")
                + comment.post.get_absolute_url(),
                "in_reply_to": comment.parent_id,
                "created_at": _iso(comment.created_at),
                "edited_at": _iso(comment.edited_at),
                "status": comment.status,
                "body": comment.body,
                "author_name": comment.author_name,
                "author_email": comment.author_email,
                "author_url": comment.author_url,
                "ip_address": comment.ip_address,
                "user_agent": comment.user_agent,
            }
            for comment in comments
        ],
    }


def _comments_anonymize(user: User) -> None:
    """Detach `user`'s remaining comments and wipe who wrote them; the text stays."""
    with translation.override(settings.LANGUAGE_CODE):
        deleted_name = gettext("A deleted user")
    comments = list(Comment.objects.filter(user=user))
    thread_versions_bump(post_ids={c.post_id for c in comments})
    for comment in comments:
        comment.user = None
        comment.author_name = deleted_name
        comment.author_email = ""
        comment.author_url = ""
        comment.ip_address = None
        comment.user_agent = ""
        comment.save(
            update_fields=[
                "user",
                "author_name",
                "author_email",
                "author_url",
                "ip_address",
                "user_agent",
            ]
        )
        comment_refresh_html(comment)


def _log_copies_anonymize(user: User, *, erase: bool) -> None:
    """Wipe who wrote the copies the moderation log keeps of `user`'s comments that
    were deleted for good, and their text too when the comments are erased."""
    wiped = ["author_name", "author_email", "author_url", "ip_address", "user_id"]
    if erase:
        wiped.append("body")
    entries = list(ModerationLog.objects.filter(deleted_copy__user_id=user.pk))
    for entry in entries:
        entry.deleted_copy = {**entry.deleted_copy, **dict.fromkeys(wiped)}
        if erase:
            entry.comment_excerpt = ""
    ModerationLog.objects.bulk_update(entries, ["deleted_copy", "comment_excerpt"])


@transaction.atomic
def account_delete(*, user: User, keep_comments: bool) -> None:
    """Delete `user` and their social accounts and email addresses.

    Their comments either stay, shown as from a deleted user, or are erased
    (comments.services.comment_erase, deepest first): text and personal fields
    wiped, a placeholder kept only where replies by others hang under one, nothing
    a moderator can restore. Either way no personal data is left on them, nor on the
    log's copies of their deleted comments. Raises ProtectedError when the user
    wrote posts (those need an administrator).
    """
    if not keep_comments:
        mine = Comment.objects.filter(user=user).order_by("-level", "-pk")
        comment_threads_lock(mine)
        for pk in list(mine.values_list("pk", flat=True)):
            # Erasing a reply may have deleted a placeholder above it already.
            comment = Comment.objects.filter(pk=pk).first()
            if comment is not None:
                comment_erase(comment=comment)
    _comments_anonymize(user)
    _log_copies_anonymize(user, erase=not keep_comments)
    pictures = [f for f in (user.avatar_large, user.avatar_small) if f]
    user.delete()
    for picture in pictures:
        transaction.on_commit(lambda p=picture: p.storage.delete(p.name))
