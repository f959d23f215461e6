"""The post's own part of its page, rendered once when it changes, not per request.

The head tags (Open Graph, JSON-LD) and the article cost more template work than
the rest of the page, and they change only when the post, its author, its tags,
the templates or the site settings do. So they are rendered once and stored on the
post, as the comments' blocks are (comments.rendering), beside a digest of all
that: a stored rendering is used only while the digest still matches, so no edit
anywhere needs to remember to clear it.
"""

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.db.models import prefetch_related_objects
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from .models import Post, Tag

HEAD_TEMPLATE = "blog/post_head.html"
ARTICLE_TEMPLATE = "blog/post_article.html"
_TEMPLATES = [HEAD_TEMPLATE, ARTICLE_TEMPLATE, "includes/post_meta.html"]
# What the two templates show besides the fields they read (template filters, the
# models' methods): a deployment changing them renders every post again.
_CODE = [
    "templatetags/blog_extras.py",
    "text.py",  # the website filter's rule
    "models.py",
    "../accounts/models.py",
]
# Post fields the head and article never show: comments move them all the time.
_NOT_SHOWN = {"comment_count", "thread_version", *Post.STORED_RENDERING_FIELDS}
logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _rendering_version() -> str:
    here = Path(__file__).resolve().parent
    parts = [
        *(get_template(name).template.source for name in _TEMPLATES),
        *((here / path).read_text() for path in _CODE),
        settings.LANGUAGE_CODE,
        settings.TIME_ZONE,
        settings.SITE_URL,
        settings.SITE_NAME,
        settings.MEDIA_URL,
        repr(settings.STORAGES),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@receiver(setting_changed)
def _forget_rendering_version(**kwargs) -> None:
    _rendering_version.cache_clear()


def _digest(post: Post) -> str:
    digest = hashlib.sha256(_rendering_version().encode())
    shown = [
        (post, [f for f in post._meta.concrete_fields if f.name not in _NOT_SHOWN]),
        (post.author, post.author._meta.concrete_fields),
    ]
    for obj, fields in shown:
        for field in fields:
            digest.update(b"\0" + repr(field.value_from_object(obj)).encode())
    # Rows, not instances: cheaper than the page's prefetch of them was.
    fields = [field.attname for field in Tag._meta.concrete_fields]
    for tag in post.tags.order_by("pk").values_list(*fields):
        digest.update(b"\0" + repr(tag).encode())
    return digest.hexdigest()


def post_rendered_parts(post: Post) -> dict[str, SafeString]:
    """`post_head` and `post_article` for blog/post_detail.html: stored ones while
    current, else rendered and stored for the next reader."""
    digest = _digest(post)
    if post.rendered_digest != digest:
        prefetch_related_objects([post], "tags")
        context = {"post": post, "SITE_NAME": settings.SITE_NAME}
        with (
            translation.override(settings.LANGUAGE_CODE),
            timezone.override(settings.TIME_ZONE),
        ):
            post.head_html = get_template(HEAD_TEMPLATE).render(context)
            post.article_html = get_template(ARTICLE_TEMPLATE).render(context)
        post.rendered_digest = digest
        _store(post)
    return {
        "post_head": mark_safe(post.head_html),
        "post_article": mark_safe(post.article_html),
    }


def _store(post: Post) -> None:
    # A saving, not the page's business: a reader still gets the page if the
    # database refuses the write (SQLite busy, a PostgreSQL deadlock).
    try:
        with transaction.atomic():
            Post.objects.filter(pk=post.pk).update(
                **{name: getattr(post, name) for name in Post.STORED_RENDERING_FIELDS}
            )
    except DatabaseError:
        logger.warning("Rendered post not stored this time", exc_info=True)
