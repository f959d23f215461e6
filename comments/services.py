"""Writes that touch a comment and its post together, each in one transaction.

`Post.comment_count` counts approved comments; every status change adjusts it in the
same transaction, with an UPDATE that adds to the stored count, so that concurrent
changes add up. Every write takes its locks in the order comments.locks gives.

Moderation never destroys: removing keeps the comment and the status it had, so
Restore gives it back as it was. Only two writes delete: `comment_delete_thread`
(a moderator's explicit, confirmed permanent deletion) and `comment_erase` (the
writer's own request, which leaves nothing to restore).
"""

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from blog.models import Post
from blog.queries import post_thread_changed

from . import rules
from .locks import comment_rows_lock, writer_lock
from .markup import clean_comment_html
from .models import Comment, ModerationLog
from .moderation import comment_verdict
from .notifications import notify_comment_approved, notify_comment_created
from .rendering import (
    comment_refresh_html,
    fragment_version,
    render_comment_fragment,
)
from .tree import comment_tree_insert

_TREE_FIELDS = ["lft", "rght", "tree_id", "level"]
_NEW_COMMENT_CHECKED = [*_TREE_FIELDS, "post", "parent", "user"]


def thread_versions_bump(*, post_ids) -> None:
    """Bump the posts' thread versions in the caller's transaction: cached threads
    (comments.thread) are keyed by them, so no reader sees one stale after the
    commit. For every change to comments made outside these services."""
    Post.objects.filter(pk__in=post_ids).update(thread_version=F("thread_version") + 1)


def _thread_changed(post_id: int, *, count_delta: int = 0) -> None:
    """Bump the post's thread version and move its count of approved comments by
    `count_delta`, in one UPDATE of its row."""
    post_thread_changed(post_id, count_delta)


def _comment_new(
    *,
    post: Post,
    parent: Comment | None,
    user,
    author_name: str,
    author_email: str,
    author_url: str,
    body: str,
    ip_address: str | None,
    user_agent: str,
    created_at: datetime | None,
    notify_replies: bool,
    kind: str = Comment.Kind.COMMENT,
) -> Comment:
    """A new comment, unsaved: sanitized, judged by the moderation rules, valid."""
    signed_in = user is not None and user.is_authenticated
    comment = Comment(
        post=post,
        parent=parent,
        user=user if signed_in else None,
        author_name=author_name,
        author_email=author_email,
        author_url=author_url,
        body=body,
        body_html=clean_comment_html(body),
        ip_address=ip_address,
        user_agent=user_agent[:500],
        notify_replies=notify_replies,
        kind=kind,
    )
    if created_at is not None:
        comment.created_at = created_at
    verdict = comment_verdict(comment, user=user)
    comment.status, comment.moderation_reason = verdict.status, verdict.reason
    # The post, parent and user are rows just read: the database checks those
    # foreign keys, and that a comment is on a post, at the insert, where
    # full_clean() would query it once more for each.
    comment.full_clean(exclude=_NEW_COMMENT_CHECKED, validate_constraints=False)
    return comment


def _comment_insert(comment: Comment) -> Comment:
    """Insert a new comment into its thread, with its block and its post's count:
    all or nothing, in the caller's transaction if there is one."""
    with transaction.atomic(savepoint=False):
        comment_tree_insert(comment)
        comment_refresh_html(comment)
        approved = comment.status == Comment.Status.APPROVED
        _thread_changed(comment.post_id, count_delta=int(approved))
    return comment


def comment_create(
    *,
    post: Post,
    parent: Comment | None,
    user,
    author_name: str,
    author_email: str,
    author_url: str,
    body: str,
    ip_address: str | None,
    user_agent: str,
    created_at: datetime | None = None,
    notify_replies: bool = False,
    kind: str = Comment.Kind.COMMENT,
) -> Comment:
    """Sanitize, validate and insert a new comment into its thread.

    `created_at` keeps the date of a comment written elsewhere (demo, import);
    such a comment sends no notification. `kind` is another site's mention
    (linkbacks), stored through the same rules.
    Raises CommentMarkupError when the body cannot be rendered, ValidationError when
    a field is invalid; nothing is stored in either case.
    """
    comment = _comment_new(
        post=post,
        parent=parent,
        user=user,
        author_name=author_name,
        author_email=author_email,
        author_url=author_url,
        body=body,
        ip_address=ip_address,
        user_agent=user_agent,
        created_at=created_at,
        notify_replies=notify_replies,
        kind=kind,
    )
    _comment_insert(comment)
    if created_at is None:  # an imported comment is not news to anyone
        notify_comment_created(comment)
    return comment


def comment_submit(**fields) -> Comment:
    """A reader's new comment from the site: `comment_create` (with the same
    keywords, but no `created_at`), refused when the same writer (address, email or
    account) sent a comment moments ago or sent this text already (comments.rules).

    The checks and the insert hold the writer's locks, so of several identical or
    rapid comments sent at once exactly one is stored. Raises CommentFlood (with
    the seconds to wait) or ValidationError besides what comment_create raises.
    """
    fields.setdefault("notify_replies", False)
    comment = _comment_new(created_at=None, **fields)
    with transaction.atomic():
        writer_lock(
            ip_address=comment.ip_address,
            email=comment.author_email,
            user_id=comment.user_id,
        )
        rules.check_flood(
            ip_address=comment.ip_address,
            email=comment.author_email,
            user=fields["user"],
        )
        rules.check_duplicate(
            post=comment.post,
            body=comment.body,
            user=fields["user"],
            author_email=comment.author_email,
        )
        _comment_insert(comment)
        notify_comment_created(comment)
    return comment


def comments_status_set(changes: list[tuple[Comment, str, dict]]) -> None:
    """Give each locked comment (comments.locks) its new status and `fields`, render
    its block again and move its post's count: one UPDATE for the comments and one
    for each post, however many comments. In the caller's transaction."""
    changed, columns, deltas = [], {"status", "html", "html_version"}, Counter()
    version = fragment_version()
    for current, status, fields in changes:
        was_approved = current.status == Comment.Status.APPROVED
        current.status = status
        for name, value in fields.items():
            setattr(current, name, value)
        columns.update(fields)
        current.html, current.html_version = render_comment_fragment(current), version
        now_approved = status == Comment.Status.APPROVED
        deltas[current.post_id] += int(now_approved) - int(was_approved)
        changed.append(current)
    if not changed:
        return
    Comment.objects.bulk_update(changed, sorted(columns), batch_size=500)
    for post_id in sorted(deltas):  # the posts' rows last, in one order
        _thread_changed(post_id, count_delta=deltas[post_id])


def moderation_change(current: Comment, action: str) -> tuple[str, dict]:
    """The status the moderation `action` (a ModerationLog.Action) gives the locked
    comment `current`, and the fields it sets besides: removing keeps the status
    it had, restoring gives it back."""
    Action = ModerationLog.Action
    if action in (Action.APPROVE, Action.NOT_SPAM):
        return Comment.Status.APPROVED, {}
    if action == Action.UNAPPROVE:
        return Comment.Status.PENDING, {}
    if action == Action.SPAM:
        return Comment.Status.SPAM, {}
    if action == Action.REMOVE:
        return Comment.Status.REMOVED, {"status_before_removal": current.status}
    if action == Action.RESTORE:
        return current.status_before_removal, {"status_before_removal": ""}
    raise ValueError(f"Unknown moderation action {action!r}")


def _set_status(current: Comment, status: str, fields: dict | None = None) -> Comment:
    """Give the locked comment `current` a new status (and `fields`), render its
    block again and move its post's count."""
    comments_status_set([(current, status, fields or {})])
    return current


def _moderate(current: Comment, action: str) -> Comment:
    """Apply the moderation `action` to the locked comment `current`."""
    return _set_status(current, *moderation_change(current, action))


@transaction.atomic
def comment_approve(*, comment: Comment) -> Comment:
    """Show a held (or wrongly marked) comment in its thread."""
    current = comment_rows_lock(comment)
    already = current.status == Comment.Status.APPROVED
    approved = _moderate(current, ModerationLog.Action.APPROVE)
    if not already:  # approving twice must not email the subscriber twice
        notify_comment_approved(approved)
    return approved


@transaction.atomic
def comment_mark_spam(*, comment: Comment) -> Comment:
    """Hide the comment as spam; kept so that the spam rules can learn from it.
    Its approved replies stay, under a placeholder."""
    return _moderate(comment_rows_lock(comment), ModerationLog.Action.SPAM)


@transaction.atomic
def comment_remove(*, comment: Comment) -> Comment:
    """Hide a comment, keeping it and the status it had: `comment_restore` gives it
    back as it was. Its approved replies stay, under a placeholder."""
    current = comment_rows_lock(comment)
    if current.status == Comment.Status.REMOVED:
        return current
    return _moderate(current, ModerationLog.Action.REMOVE)


class NothingToRestore(ValueError):
    """The comment was erased at its writer's request: no text, nothing to restore."""


@transaction.atomic
def comment_restore(*, comment: Comment) -> Comment:
    """Put a removed comment back in the status it had before it was removed (held,
    approved or spam). Raises NothingToRestore for an erased comment."""
    current = comment_rows_lock(comment)
    if current.status != Comment.Status.REMOVED:
        return current
    if not current.is_restorable:
        raise NothingToRestore
    return _moderate(current, ModerationLog.Action.RESTORE)


@transaction.atomic
def comment_unapprove(*, comment: Comment) -> Comment:
    """Hold an approved comment again: back to pending, out of the count. Its
    approved replies stay, under a placeholder."""
    return _moderate(comment_rows_lock(comment), ModerationLog.Action.UNAPPROVE)


def _prune_erased(parent_id: int | None) -> None:
    """Delete, upwards, the erased placeholders a deletion left without replies:
    erased at their writers' request, they are kept only while replies hang under
    them. (A moderator's removal keeps its comment: it can be restored.)"""
    while parent_id is not None:
        parent = Comment.objects.get(pk=parent_id)
        if parent.is_restorable or parent.status != Comment.Status.REMOVED:
            break
        if parent.get_descendant_count():
            break
        parent_id = parent.parent_id
        parent.delete()


@transaction.atomic
def comment_delete_thread(*, comment: Comment) -> list[Comment]:
    """Delete a comment with all its replies, for good: a moderator's explicit,
    confirmed choice (removal keeps them). Returns the comments deleted, as they
    were."""
    current = comment_rows_lock(comment)
    subtree = list(current.get_descendants(include_self=True).select_related("user"))
    approved = sum(c.status == Comment.Status.APPROVED for c in subtree)
    parent_id = current.parent_id
    # The replies in one go: deleting the comment alone, Django's collector would
    # find them a level per call, recursing (a thread may be thousands deep).
    current.get_descendants().delete()
    # Then the comment, a leaf now: mptt closes the gap its whole subtree leaves.
    current.delete()
    _thread_changed(current.post_id, count_delta=-approved)
    _prune_erased(parent_id)
    return subtree


_ERASED_FIELDS = {
    "body": "",
    "body_html": "",
    "author_name": "",
    "author_email": "",
    "author_url": "",
    "ip_address": None,
    "user_agent": "",
    "user": None,
    "notify_replies": False,
    "moderation_reason": "",
    "status_before_removal": "",
}


@transaction.atomic
def comment_erase(*, comment: Comment) -> None:
    """Erase a comment at its writer's request: its text and every personal field
    wiped, the moderation log's excerpts of it too; nothing is left to restore.
    A placeholder stays only while replies hang under it."""
    current = comment_rows_lock(comment)
    pk, post_id = current.pk, current.post_id
    if current.get_descendant_count():
        _set_status(current, Comment.Status.REMOVED, _ERASED_FIELDS)
    else:
        was_approved = current.status == Comment.Status.APPROVED
        parent_id = current.parent_id
        current.delete()
        _thread_changed(post_id, count_delta=-int(was_approved))
        _prune_erased(parent_id)
    ModerationLog.objects.filter(comment_id=pk).update(
        comment_excerpt="", deleted_copy=None
    )
    ModerationLog.objects.create(
        comment_id=pk, post_id=post_id, action=ModerationLog.Action.ERASE
    )


# How far each verdict of the rules hides a comment: an edit only moves a shown or
# held comment further (a removed one stays removed).
_HIDING = {
    Comment.Status.APPROVED: 0,
    Comment.Status.PENDING: 1,
    Comment.Status.SPAM: 2,
}


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, editor) -> Comment:
    """Change a comment's text; its stored block is rendered again.

    The new text goes through the same moderation rules and spam check as a new
    comment from `editor`: an approved comment whose new text the rules would hold
    (or call spam) is held (or marked as spam). An edit never approves anything;
    staff and the post's author are trusted as when they write.
    """
    current = comment_rows_lock(comment)
    current.body = body
    current.body_html = clean_comment_html(body, markup=current.markup)
    current.edited_at = timezone.now()
    current.full_clean(exclude=_TREE_FIELDS)
    current.save(update_fields=["body", "body_html", "edited_at"])
    verdict = comment_verdict(current, user=editor)
    hiding = _HIDING[verdict.status]
    if current.status in _HIDING and hiding > _HIDING[current.status]:
        return _set_status(
            current, verdict.status, {"moderation_reason": verdict.reason}
        )
    comment_refresh_html(current)
    _thread_changed(current.post_id)
    return current
