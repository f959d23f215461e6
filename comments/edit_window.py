"""The minutes after writing in which a writer may still edit or delete a comment."""

from django.conf import settings
from django.utils import timezone

from .models import Comment


def edit_window_start():
    """Comments written after this their writers may still edit or delete."""
    return timezone.now() - timezone.timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)


def still_editable(comment: Comment) -> bool:
    """Within the minutes its writer may still edit or delete it."""
    return comment.created_at > edit_window_start()
