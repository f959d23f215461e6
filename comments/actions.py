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
    Action.DELETE_THREAD: set(Comment.Status),
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
    if action == Action.DELETE_THREAD:
        return services.comment_delete_thread(comment=comment)
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


def comment_edit_logged(*, comment: Comment, body: str, moderator) -> Comment:
    """A moderator's edit of a comment's text, re-sanitized and recorded."""
    if not can_moderate(moderator, comment.post):
        raise PermissionDenied
    with transaction.atomic():
        edited = services.comment_edit(comment=comment, body=body)
        ModerationLog.objects.create(
            comment_id=comment.pk,
            comment_excerpt=body[:100],
            post_id=comment.post_id,
            moderator=moderator,
            action=Action.EDIT,
        )
    return edited
