"""Who may moderate which comments: the one place that decides it.

Moderators (the "Moderators" group, or anyone holding `comments.moderate_comment`)
moderate every post; a post's author moderates the comments on that post only;
nobody else moderates anything.
"""

from blog.models import Post


def moderates_everything(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("comments.moderate_comment")
    )


def can_moderate(user, post) -> bool:
    """Whether `user` may approve, hold, mark as spam, remove or restore comments on
    `post` (None for a comment on a page: moderators only)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    is_author = post is not None and post.author_id == user.pk
    return is_author or moderates_everything(user)


def moderates_some(user) -> bool:
    """Moderators, and authors (who moderate the comments on their own posts).

    Remembered on the user object, as Django remembers its permissions there: the
    admin asks once for every row of its comment list.
    """
    try:
        return user._moderates_some
    except AttributeError:
        user._moderates_some = moderates_everything(user) or (
            user.is_active and Post.objects.filter(author=user).exists()
        )
        return user._moderates_some
