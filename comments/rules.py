"""Rules a new comment must pass before anything is stored."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
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
    """The same text from the same writer on the same post is a resend."""
    same = Comment.objects.filter(post=post, body=body)
    if user is not None and user.is_authenticated:
        same = same.filter(user=user)
    else:
        same = same.filter(user=None).with_email(author_email)
    if same.exists():
        raise ValidationError(
            _("Duplicate comment detected; it looks as though you said that already."),
            code="duplicate",
        )
