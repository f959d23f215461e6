"""Moderation actions as moderators take them, in the admin or on the page.

Each action checks the permission boundary (comments.permissions), goes through
the write services (so counts stay exact and the tree sound) and is recorded in
the ModerationLog, all in one transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import services
from .models import Comment, ModerationLog
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


def _check_parent_shown(comment: Comment) -> None:
    """Approving a reply whose parent is held or spam is refused, not chained:
    approving the parent too could publish a comment nobody looked at, and the
    reply alone would not show (the thread leaves out replies to hidden comments).
    """
    if comment.parent_id is None:
        return
    parent_status = (
        Comment.objects.filter(pk=comment.parent_id)
        .values_list("status", flat=True)
        .get()
    )
    if parent_status in (Comment.Status.PENDING, Comment.Status.SPAM):
        raise ValidationError(
            _(
                "This is a reply to a comment that is not approved yet. "
                "Approve the comment it replies to first."
            ),
            code="parent_not_approved",
        )


def _apply(comment: Comment, action: str):
    if action == Action.RESTORE and not comment.is_restorable:
        raise ValidationError(
            _(
                "This comment was erased at its writer's request; there is nothing "
                "to restore."
            ),
            code="erased",
        )
    if action in (Action.APPROVE, Action.NOT_SPAM):
        _check_parent_shown(comment)
        return services.comment_approve(comment=comment)
    if action == Action.UNAPPROVE:
        return services.comment_unapprove(comment=comment)
    if action == Action.SPAM:
        return services.comment_mark_spam(comment=comment)
    if action == Action.REMOVE:
        return services.comment_remove(comment=comment)
    if action == Action.RESTORE:
        return services.comment_restore(comment=comment)
    raise ValueError(f"Unknown moderation action {action!r}")


def can_apply(comment: Comment, action: str) -> bool:
    """Whether `action` changes anything for a comment in its current status."""
    return comment.status in _FROM[action]


@transaction.atomic
def comment_moderation_apply(*, comment: Comment, action: str, moderator) -> bool:
    """Apply `action` to `comment` as `moderator` and record it.

    Returns False when the action does not apply to the comment's status (nothing
    changed, nothing recorded). Raises PermissionDenied when `moderator` may not
    moderate the comment's post, ValidationError when the action is refused.
    """
    if not can_moderate(moderator, comment.post):
        raise PermissionDenied
    if not can_apply(comment, action):
        return False
    _apply(comment, action)
    ModerationLog.objects.create(
        comment_id=comment.pk,
        comment_excerpt=comment.body[:100],
        post_id=comment.post_id,
        moderator=moderator,
        action=action,
    )
    return True


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
        ModerationLog(
            comment_id=gone.pk,
            comment_excerpt=gone.body[:100],
            post_id=gone.post_id,
            moderator=moderator,
            action=Action.DELETE,
            deleted_copy=deleted_copy(gone),
        )
        for gone in deleted
    )
    return len(deleted)


def comment_edit_logged(*, comment: Comment, body: str, moderator) -> Comment:
    """A moderator's edit of a comment's text, re-sanitized and recorded."""
    if not can_moderate(moderator, comment.post):
        raise PermissionDenied
    with transaction.atomic():
        edited = services.comment_edit(comment=comment, body=body, editor=moderator)
        ModerationLog.objects.create(
            comment_id=comment.pk,
            comment_excerpt=body[:100],
            post_id=comment.post_id,
            moderator=moderator,
            action=Action.EDIT,
        )
    return edited
