"""Writes that touch a comment and its post together, each in one transaction.

`Post.comment_count` counts approved comments; every status change adjusts it in the
same transaction, with an UPDATE that adds to the stored count, so that concurrent
changes add up.
"""

from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from blog.models import Post

from .markup import clean_comment_html
from .models import Comment
from .moderation import comment_moderate
from .notifications import notify_comment_approved, notify_comment_created
from .rendering import comment_refresh_html
from .tree import comment_tree_insert, comment_tree_lock

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
    with connection.cursor() as cursor:
        cursor.execute(_THREAD_CHANGED, [count_delta, post_id])


# Every comment change runs it: built through the ORM (two F() expressions), it
# cost 5% of a comment's posting (profiled).
_THREAD_CHANGED = """
UPDATE blog_post
SET thread_version = thread_version + 1, comment_count = comment_count + %s
WHERE id = %s
"""


def _lock(comment: Comment) -> Comment:
    """The comment's current row, locked until the transaction ends."""
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("user", "post")
        .get(pk=comment.pk)
    )


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
    request=None,
) -> Comment:
    """Sanitize, validate and insert a new comment into its thread.

    `created_at` keeps the date of a comment written elsewhere (demo, import);
    such a comment sends no notification.
    `request` is handed to the spam check (comments.spam).
    Raises CommentMarkupError when the body cannot be rendered, ValidationError when
    a field is invalid; nothing is stored in either case.
    """
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
    )
    if created_at is not None:
        comment.created_at = created_at
    verdict = comment_moderate(comment, user=user, request=request)
    comment.status, comment.moderation_reason = verdict.status, verdict.reason
    # The post, parent and user are rows just read: the database checks those
    # foreign keys, and that a comment is on a post, at the insert, where
    # full_clean() would query it once more for each.
    comment.full_clean(exclude=_NEW_COMMENT_CHECKED, validate_constraints=False)
    with transaction.atomic():
        comment_tree_insert(comment)
        comment_refresh_html(comment)
        approved = comment.status == Comment.Status.APPROVED
        _thread_changed(post.pk, count_delta=int(approved))
    if created_at is None:  # an imported comment is not news to anyone
        notify_comment_created(comment)
    return comment


def _set_status(comment: Comment, status: str) -> Comment:
    current = _lock(comment)
    was_approved = current.status == Comment.Status.APPROVED
    current.status = status
    current.save(update_fields=["status"])
    now_approved = status == Comment.Status.APPROVED
    comment_refresh_html(current)
    delta = int(now_approved) - int(was_approved)
    _thread_changed(current.post_id, count_delta=delta)
    return current


@transaction.atomic
def comment_approve(*, comment: Comment) -> Comment:
    """Show a held (or wrongly marked) comment in its thread."""
    already = _lock(comment).status == Comment.Status.APPROVED
    approved = _set_status(comment, Comment.Status.APPROVED)
    if not already:  # approving twice must not email the subscriber twice
        notify_comment_approved(approved)
    return approved


@transaction.atomic
def comment_mark_spam(*, comment: Comment) -> Comment:
    """Hide the comment as spam; kept so that the spam rules can learn from it."""
    return _set_status(comment, Comment.Status.SPAM)


@transaction.atomic
def comment_remove(*, comment: Comment) -> Comment | None:
    """Remove a comment: a tombstone if it has replies, else deleted outright.

    Returns the tombstone, or None when the comment was deleted. A tombstone left
    without replies by the deletion goes too.
    """
    current = _lock(comment)
    # Deleting shifts lft/rght in the thread: hold it as inserts do.
    comment_tree_lock(current)
    if current.get_descendant_count():
        return _set_status(current, Comment.Status.REMOVED)
    was_approved = current.status == Comment.Status.APPROVED
    parent_id = current.parent_id
    current.delete()
    _thread_changed(current.post_id, count_delta=-int(was_approved))
    _prune_tombstones(parent_id)
    return None


def _prune_tombstones(parent_id: int | None) -> None:
    """Delete the tombstones a deletion left without replies, upwards."""
    while parent_id is not None:
        parent = Comment.objects.get(pk=parent_id)
        if parent.status != Comment.Status.REMOVED or parent.get_descendant_count():
            break
        parent_id = parent.parent_id
        parent.delete()


@transaction.atomic
def comment_restore(*, comment: Comment) -> Comment:
    """Show a removed comment (a tombstone) again, approved, with its own text."""
    return _set_status(comment, Comment.Status.APPROVED)


@transaction.atomic
def comment_unapprove(*, comment: Comment) -> Comment:
    """Hold an approved comment again: back to pending, out of the count."""
    return _set_status(comment, Comment.Status.PENDING)


@transaction.atomic
def comment_delete_thread(*, comment: Comment) -> int:
    """Delete a comment with all its replies (explicit: removal keeps replies).

    Returns how many comments were deleted.
    """
    current = _lock(comment)
    comment_tree_lock(current)
    subtree = current.get_descendants(include_self=True)
    deleted = subtree.count()
    approved = subtree.approved().count()
    parent_id = current.parent_id
    current.delete()
    _thread_changed(current.post_id, count_delta=-approved)
    _prune_tombstones(parent_id)
    return deleted


@transaction.atomic
def comment_edit(*, comment: Comment, body: str) -> Comment:
    """Change a comment's text; its stored block is rendered again."""
    current = _lock(comment)
    current.body = body
    current.body_html = clean_comment_html(body, markup=current.markup)
    current.edited_at = timezone.now()
    current.full_clean(exclude=_TREE_FIELDS)
    current.save(update_fields=["body", "body_html", "edited_at"])
    comment_refresh_html(current)
    _thread_changed(current.post_id)
    return current
