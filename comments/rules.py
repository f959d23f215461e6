"""Rules a new comment must pass before anything is stored."""

from datetime import timedelta
from math import ceil

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Comment, email_is
from .moderation_settings import moderation_settings
from .queries import same_text_exists


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


class CommentFlood(ValidationError):
    """Sent too soon after the same writer's last comment; `retry_after` is the
    seconds left to wait."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        message = ngettext(
            "You are posting comments too quickly. Please wait %(seconds)d second "
            "and send it again.",
            "You are posting comments too quickly. Please wait %(seconds)d seconds "
            "and send it again.",
            retry_after,
        ) % {"seconds": retry_after}
        super().__init__(message, code="flood")


def check_flood(*, ip_address: str | None, email: str, user) -> None:
    """One comment every COMMENTS_FLOOD_SECONDS from one writer: one address, one
    email whatever its case, one account; staff are exempt and 0 turns it off.
    Raises CommentFlood."""
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if seconds <= 0 or (user is not None and user.is_staff):
        return
    same_writer = Q()
    if ip_address:
        same_writer |= Q(ip_address=ip_address)
    if email:
        same_writer |= Q(email_is(email))
    if user is not None and user.is_authenticated:
        same_writer |= Q(user=user)
    if not same_writer:
        return
    now = timezone.now()
    recent = Comment.objects.filter(
        same_writer, created_at__gt=now - timedelta(seconds=seconds)
    )
    last = recent.aggregate(last=Max("created_at"))["last"]
    if last is not None:
        waited = (now - last).total_seconds()
        raise CommentFlood(max(1, ceil(seconds - waited)))


def check_duplicate(*, post, body: str, user, author_email: str) -> None:
    """The same text from the same writer on the same post is a resend: the same
    account, or a guest with the same email whatever its case."""
    signed_in = user is not None and user.is_authenticated
    if same_text_exists(
        post_id=post.pk,
        body=body,
        user_id=user.pk if signed_in else None,
        email=author_email,
    ):
        raise ValidationError(
            _("Duplicate comment detected; it looks as though you said that already."),
            code="duplicate",
        )
