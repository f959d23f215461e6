"""The public thread's HTML, kept in the cache under the post's thread version."""

from django.conf import settings
from django.utils.translation import get_language

from .moderation_settings import moderation_settings
from .rendering import fragment_version
from .writer_cookies import written_ids


def shares_public_thread(request) -> bool:
    """Whether this viewer sees the thread every anonymous reader sees: a reader
    who is not signed in (moderators see more, writers their Edit links) and has
    written no comment from this browser (held ones, or ones still editable)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not written_ids(request)


def thread_cache_key(post, page_number: int, can_reply: bool) -> str:
    """The cache key of a post's public thread HTML.

    `post.thread_version` must have been read before the comments are: a thread
    stored under a version is then never older than that version.
    """
    rules = moderation_settings()
    parts = [
        post.pk,
        # A database restored or recreated beside a kept cache reuses post ids.
        post.created_at.timestamp(),
        post.thread_version,
        fragment_version(),
        page_number,
        int(can_reply),
        rules.max_depth,
        rules.per_page,
        settings.COMMENTS_PAGE_ORDER,
        get_language(),
    ]
    return "comments:thread:" + ":".join(str(part) for part in parts)
