"""A verified mention kept as a comment of its kind on the post, through the same
moderation rules, spam check and notifications as a reader's comment."""

from django.db import transaction

from comments.locks import writer_lock
from comments.models import Comment
from comments.services import comment_create, comment_edit, comment_remove

from .mentions import Mention
from .receiving import LINKBACK_KINDS


def linkback_record(
    *,
    post,
    kind: str,
    source: str,
    mention: Mention | None,
    ip_address: str | None,
) -> Comment | None:
    """Store, update or remove the mention of `post` from `source`.

    A source seen before updates its linkback (its new excerpt is judged by the
    rules as an edit is); a source that no longer links (`mention` None) has it
    removed, as Webmention §3.2.4 asks; the removal can be undone in the admin.
    The same mention verified twice at once is stored once: the second waits for
    the first (comments.locks).
    """
    with transaction.atomic():
        writer_lock(
            ip_address=None, email="", user_id=None, mention=f"{post.pk} {source}"
        )
        return _linkback_store(
            post=post, kind=kind, source=source, mention=mention, ip_address=ip_address
        )


def _linkback_store(*, post, kind, source, mention, ip_address) -> Comment | None:
    existing = (
        Comment.objects.filter(post=post, kind__in=LINKBACK_KINDS, author_url=source)
        .order_by("pk")
        .first()
    )
    if mention is None:
        if existing is not None and existing.status != Comment.Status.REMOVED:
            return comment_remove(comment=existing)
        return existing
    if existing is None:
        return comment_create(
            post=post,
            parent=None,
            user=None,
            author_name=mention.author_name,
            author_email="",
            author_url=source,
            body=mention.excerpt,
            ip_address=ip_address,
            user_agent=kind,
            kind=kind,
        )
    if existing.body != mention.excerpt and existing.status != Comment.Status.REMOVED:
        return comment_edit(comment=existing, body=mention.excerpt, editor=None)
    return existing
