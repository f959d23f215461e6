"""Rules a new comment must pass before anything is stored."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Comment
from .moderation import moderation_settings


def comments_open(post) -> bool:
    """Whether readers may comment on the post now."""
    if not (post.is_public and post.allow_comments) or post.password:
        # Password-protected posts (from WordPress) take no new comments.
        return False
    closing = comments_closing_time(post)
    return closing is None or timezone.now() < closing


def comments_closing_time(post):
    """When comments on the post close by its age (the rules' close_after_days);
    None when they never close by age."""
    days = moderation_settings().close_after_days
    return post.published_at + timedelta(days=days) if days else None


def check_parent(*, post, parent_id: int | None) -> Comment | None:
    """The comment replied to: an approved one of this post, above the depth limit."""
    if parent_id is None:
        return None
    parent = (
        Comment.objects.approved()
        .filter(post=post, pk=parent_id)
        .select_related("user")
        .first()
    )
    if parent is None:
        raise ValidationError(
            _("The comment you replied to is not available."), code="parent"
        )
    if parent.level + 1 >= moderation_settings().max_depth:
        raise ValidationError(_("Replies cannot be nested deeper here."), code="depth")
    return parent


def check_flood(*, ip_address: str | None, user) -> None:
    """One comment per address every COMMENTS_FLOOD_SECONDS (staff are exempt);
    0 turns the check off (else a comment created in the same instant by a request
    served alongside would still count)."""
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if seconds <= 0 or not ip_address or (user is not None and user.is_staff):
        return
    since = timezone.now() - timedelta(seconds=seconds)
    if Comment.objects.filter(ip_address=ip_address, created_at__gte=since).exists():
        raise ValidationError(
            _("You are posting comments too quickly. Slow down."), code="flood"
        )


def check_duplicate(*, post, body: str, user, author_email: str) -> None:
    """The same text from the same writer on the same post is a resend: the same
    account, or a guest with the same email whatever its case."""
    if user is not None and user.is_authenticated:
        sql, writer = _SAME_TEXT_FROM_USER, user.pk
    else:
        sql, writer = _SAME_TEXT_FROM_GUEST, author_email
    with connection.cursor() as cursor:
        cursor.execute(sql, [post.pk, body, writer])
        resent = cursor.fetchone() is not None
    if resent:
        raise ValidationError(
            _("Duplicate comment detected; it looks as though you said that already."),
            code="duplicate",
        )


# Every comment asks: building the ORM's query cost 8% of a comment's posting
# (callgrind). A guest's email is compared as `CommentQuerySet.with_email` does,
# so the index on UPPER(author_email) serves it.
_SAME_TEXT = "SELECT 1 FROM comments_comment WHERE post_id = %s AND body = %s"
_SAME_TEXT_FROM_USER = f"{_SAME_TEXT} AND user_id = %s LIMIT 1"
_SAME_TEXT_FROM_GUEST = (
    f"{_SAME_TEXT} AND user_id IS NULL AND UPPER(author_email) = UPPER(%s) LIMIT 1"
)
