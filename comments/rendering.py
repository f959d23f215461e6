"""Each comment's own HTML block, rendered once when it changes, not per request.

Django's template engine costs about 90 µs a comment block, so a comment's block is
rendered when it is written (or when the template, language or time zone changed
since) and stored on the comment; the thread is assembled from those blocks.
"""

import hashlib
import logging
from functools import lru_cache

from django.conf import settings
from django.db import DatabaseError, transaction
from django.template.loader import get_template
from django.utils import timezone, translation

from accounts.avatars import avatar_url, user_avatar_url
from blog.text import single_line, web_url

from .models import Comment

FRAGMENT_TEMPLATE = "comments/fragment.html"
# What render_comment_fragment puts in the template's context: bump it when that,
# or a rule of blog.text it applies, changes, so that every stored block is rendered
# again (the template's own source is in the version already).
# 2: names made one line, websites linked only if http or https.
FRAGMENT_CONTEXT = "2"
logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def fragment_version() -> str:
    """Changes whenever a stored block could differ from a fresh rendering."""
    source = get_template(FRAGMENT_TEMPLATE).template.source
    key = "\0".join(
        [
            source,
            FRAGMENT_CONTEXT,
            settings.LANGUAGE_CODE,
            settings.TIME_ZONE,
            str(settings.AVATAR_GRAVATAR),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def render_comment_fragment(comment: Comment) -> str:
    """The comment's own block: author, avatar, permalink date and body."""
    context = {
        "comment": comment,
        "removed": comment.status == Comment.Status.REMOVED,
        # Made again from what is stored, which may predate blog.text's rules.
        "author_name": single_line(comment.get_author_name()),
        "author_url": web_url(comment.get_author_url()),
        "avatar": (
            user_avatar_url(comment.user)
            if comment.user_id and comment.user
            else avatar_url(email=comment.author_email)
        ),
    }
    with (
        translation.override(settings.LANGUAGE_CODE),
        timezone.override(settings.TIME_ZONE),
    ):
        return get_template(FRAGMENT_TEMPLATE).render(context)


def comment_refresh_html(comment: Comment) -> None:
    """Render the comment's block and store it (one UPDATE, no signals)."""
    comment.html = render_comment_fragment(comment)
    comment.html_version = fragment_version()
    Comment.objects.filter(pk=comment.pk).update(
        html=comment.html, html_version=comment.html_version
    )


def user_comments_refresh_html(user) -> None:
    """Render again the blocks of `user`'s comments: their name, avatar or website
    changed."""
    comments = list(Comment.objects.filter(user=user).select_related("user"))
    version = fragment_version()
    for comment in comments:
        comment.html = render_comment_fragment(comment)
        comment.html_version = version
    Comment.objects.bulk_update(comments, ["html", "html_version"], batch_size=500)


def refresh_stale_fragments(comments: list[Comment]) -> None:
    """Re-render, in place and in the database, the blocks that are out of date.

    Storing them is a saving, not the page's business: a reader's request stores
    only the blocks of rows no write holds (SKIP LOCKED), so it never waits for a
    lock and never takes part in a deadlock that a writer would lose; the rows it
    skipped are stored by a later view. Should storing fail anyway, the view still
    shows its blocks.
    """
    version = fragment_version()
    stale = sorted(
        (c for c in comments if c.html_version != version), key=lambda c: c.pk
    )
    for comment in stale:
        comment.html = render_comment_fragment(comment)
        comment.html_version = version
    if not stale:
        return
    try:
        with transaction.atomic():
            free = set(
                Comment.objects.select_for_update(skip_locked=True, no_key=True)
                .filter(pk__in=[c.pk for c in stale])
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            storable = [c for c in stale if c.pk in free]
            Comment.objects.bulk_update(
                storable, ["html", "html_version"], batch_size=500
            )
    except DatabaseError:
        logger.warning("Comment blocks not stored this time", exc_info=True)
