"""The public thread's HTML, kept in the cache under the post's thread version.

A version replaces the one kept before it: each kept thread of a post (one a page
of comments, open or closed) remembers which version it holds, and storing a newer
one deletes the older. A busy thread of several megabytes would otherwise leave a
copy in Redis for every comment made on it, each lingering for
THREAD_CACHE_SECONDS.
"""

from django.conf import settings
from django.core.cache import cache
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
    return f"{_thread_slot(post, page_number, can_reply)}:{post.thread_version}"


def _thread_slot(post, page_number: int, can_reply: bool) -> str:
    """What names a kept thread but its version."""
    rules = moderation_settings()
    parts = [
        post.pk,
        # A database restored or recreated beside a kept cache reuses post ids.
        post.created_at.timestamp(),
        fragment_version(),
        page_number,
        int(can_reply),
        rules.max_depth,
        rules.per_page,
        settings.COMMENTS_PAGE_ORDER,
        get_language(),
    ]
    return "comments:thread:" + ":".join(str(part) for part in parts)


def kept_thread(post, page_number: int, can_reply: bool):
    """The thread kept for `post`'s current `thread_version`, or None."""
    return cache.get(thread_cache_key(post, page_number, can_reply))


def thread_keep(post, page_number: int, can_reply: bool, thread) -> None:
    """Keep `thread` for `post`'s current `thread_version`; forget the version
    kept before it in the same slot. Two readers storing at once may leave one
    copy behind: it goes after THREAD_CACHE_SECONDS."""
    slot = _thread_slot(post, page_number, can_reply)
    version = post.thread_version
    before = cache.get(f"{slot}:kept")
    cache.set_many(
        {f"{slot}:{version}": thread, f"{slot}:kept": version},
        settings.THREAD_CACHE_SECONDS,
    )
    if before is not None and before != version:
        cache.delete(f"{slot}:{before}")
