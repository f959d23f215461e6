"""The status a new comment starts in (the moderation rules refine this later)."""

from .models import Comment


def comment_initial_status(*, post, user) -> str:
    """Staff and the post's author are trusted at once; everyone else is held."""
    signed_in = user is not None and user.is_authenticated
    if signed_in and (user.is_staff or user.pk == post.author_id):
        return Comment.Status.APPROVED
    return Comment.Status.PENDING
