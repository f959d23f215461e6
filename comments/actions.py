"""Moderation actions as moderators take them, in the admin or on the page.

Each action checks the permission boundary (comments.permissions), goes through
the write services (so counts stay exact and the tree sound) and is recorded in
the ModerationLog, all in one transaction.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import services
from .locks import comment_rows_lock_many
from .models import Comment, ModerationLog
from .notifications import notify_comment_approved
from .permissions import can_moderate

Action = ModerationLog.Action

# The statuses each action may start from; anything else is a no-op, not recorded.
_FROM = {
    Action.APPROVE: {Comment.Status.PENDING, Comment.Status.SPAM},
    Action.UNAPPROVE: {Comment.Status.APPROVED},
    Action.SPAM: {Comment.Status.PENDING, Comment.Status.APPROVED},
    Action.NOT_SPAM: {Comment.Status.SPAM},
    Action.REMOVE: {
        Comment.Status.PENDING,
        Comment.Status.APPROVED,
        Comment.Status.SPAM,
    },
    Action.RESTORE: {Comment.Status.REMOVED},
}
# A reply under a comment in these statuses cannot be approved (it would not show).
_HOLDING = {Comment.Status.PENDING, Comment.Status.SPAM}


_PARENT_NOT_APPROVED = _(
    "This is a reply to a comment that is not approved yet. "
    "Approve the comment it replies to first."
)
_ERASED = _(
    "This comment was erased at its writer's request; there is nothing to restore."
)


def can_apply(comment: Comment, action: str) -> bool:
    """Whether `action` changes anything for a comment in its current status."""
    return comment.status in _FROM[action]


def _log_entry(comment: Comment, moderator, action: str, **fields) -> ModerationLog:
    """The log's record of `action` on `comment` by `moderator`, unsaved."""
    return ModerationLog(
        comment_id=comment.pk,
        comment_excerpt=comment.body[:100],
        post_id=comment.post_id,
        moderator=moderator,
        action=action,
        **fields,
    )


@dataclass
class Moderated:
    """What one moderation action did to the comments it was given."""

    changed: list[Comment] = field(default_factory=list)
    # The comments the action was refused for, each with why.
    refused: list[tuple[Comment, ValidationError]] = field(default_factory=list)


@transaction.atomic
def comments_moderation_apply(*, comments, action: str, moderator) -> Moderated:
    """Apply `action` to each of `comments` as `moderator` and record it, in one
    transaction and a fixed number of statements (rendering each changed comment's
    block aside).

    Comments whose status the action does not change are left as they are and not
    recorded. Approving a reply whose parent stays held or spam is refused for that
    reply, as restoring an erased comment is; the others go ahead. Raises
    PermissionDenied, changing nothing, when `moderator` may not moderate one of
    the comments' posts.
    """
    rows = comment_rows_lock_many(comments)
    posts = {row.post_id: row.post for row in rows}
    if not all(can_moderate(moderator, post) for post in posts.values()):
        raise PermissionDenied
    rows = [row for row in rows if can_apply(row, action)]
    approving = action in (Action.APPROVE, Action.NOT_SPAM)
    parent_status, subscribed = {}, set()
    if approving:
        parent_ids = {row.parent_id for row in rows if row.parent_id}
        parents = Comment.objects.filter(pk__in=parent_ids)
        for pk, status, notify in parents.values_list("pk", "status", "notify_replies"):
            parent_status[pk] = status
            if notify:
                subscribed.add(pk)
    done = Moderated()
    changes = []
    for row in rows:  # in thread order: a parent's new status before its replies
        if approving and parent_status.get(row.parent_id) in _HOLDING:
            done.refused.append(
                (row, ValidationError(_PARENT_NOT_APPROVED, code="parent_not_approved"))
            )
            continue
        if action == Action.RESTORE and not row.is_restorable:
            done.refused.append((row, ValidationError(_ERASED, code="erased")))
            continue
        status, fields = services.moderation_change(row, action)
        parent_status[row.pk] = status
        changes.append((row, status, fields))
        done.changed.append(row)
    services.comments_status_set(changes)
    ModerationLog.objects.bulk_create(
        _log_entry(row, moderator, action) for row in done.changed
    )
    # Only a reply to a writer who subscribed is news to anyone: one task each.
    for row in done.changed if approving else []:
        if row.parent_id in subscribed:
            notify_comment_approved(row)
    return done


def comment_moderation_apply(*, comment: Comment, action: str, moderator) -> bool:
    """Apply `action` to `comment` as `moderator` and record it
    (`comments_moderation_apply` for one comment).

    Returns False when the action does not apply to the comment's status (nothing
    changed, nothing recorded). Raises PermissionDenied when `moderator` may not
    moderate the comment's post, ValidationError when the action is refused.
    """
    done = comments_moderation_apply(
        comments=[comment], action=action, moderator=moderator
    )
    if done.refused:
        raise done.refused[0][1]
    return bool(done.changed)


def may_delete_permanently(user, comment: Comment) -> bool:
    """Deleting for good takes the `comments.delete_comment` permission (the
    Moderators' group has it) on top of moderating the post."""
    return user.has_perm("comments.delete_comment") and can_moderate(user, comment.post)


def deleted_copy(comment: Comment) -> dict:
    """What the log keeps of a comment deleted for good."""
    return {
        "author_name": comment.get_author_name(),
        "author_email": comment.author_email,
        "author_url": comment.get_author_url(),
        "user_id": comment.user_id,
        "body": comment.body,
        "status": comment.status,
        "created_at": comment.created_at.isoformat(),
        "parent_id": comment.parent_id,
        "ip_address": comment.ip_address,
    }


@transaction.atomic
def comment_delete_logged(*, comment: Comment, moderator) -> int:
    """Delete `comment` and its replies for good, as `moderator`; the log keeps a
    copy of each. Returns how many comments were deleted. Raises PermissionDenied
    without the permission (see may_delete_permanently)."""
    if not may_delete_permanently(moderator, comment):
        raise PermissionDenied
    deleted = services.comment_delete_thread(comment=comment)
    ModerationLog.objects.bulk_create(
        _log_entry(gone, moderator, Action.DELETE, deleted_copy=deleted_copy(gone))
        for gone in deleted
    )
    return len(deleted)


def comment_edit_logged(*, comment: Comment, body: str, moderator) -> Comment:
    """A moderator's edit of a comment's text, re-sanitized and recorded."""
    if not can_moderate(moderator, comment.post):
        raise PermissionDenied
    with transaction.atomic():
        edited = services.comment_edit(comment=comment, body=body, editor=moderator)
        _log_entry(edited, moderator, Action.EDIT).save()
    return edited
