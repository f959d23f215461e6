"""Stored comment blocks show their writer's name and avatar: re-render on change."""

from django.conf import settings
from django.core.signals import request_started
from django.db.models.signals import post_save
from django.dispatch import receiver

from blog.models import Post

from .models import Comment, ModerationSettings
from .moderation_settings import forget_moderation_settings
from .services import thread_versions_bump

# The moderation settings are read once a request and again after they change.
request_started.connect(forget_moderation_settings, dispatch_uid="comments.rules")
post_save.connect(
    forget_moderation_settings, sender=ModerationSettings, dispatch_uid="comments.rs"
)


@receiver(post_save, sender=ModerationSettings)
def expire_threads_under_old_rules(sender, **kwargs):
    """Depth, comments per page and closing days shape every thread and post page:
    bump every post's version so that none is served as kept under the old rules."""
    thread_versions_bump(post_ids=Post.objects.values("pk"))


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def expire_blocks_of_user(sender, instance, created, update_fields=None, **kwargs):
    """Mark the user's comment blocks stale; the next page view re-renders them."""
    if created or (update_fields and set(update_fields) <= {"last_login"}):
        return
    Comment.objects.filter(user=instance).update(html_version="")
    # The cached threads showing those blocks go with them (comments.thread).
    thread_versions_bump(
        post_ids=Comment.objects.filter(user=instance).values("post_id")
    )
