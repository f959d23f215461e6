"""The post page as a response: a shell rendered by the templates, the comment thread
spliced into it, and the values that differ per reader filled in last.

A thread of 10,000 comments is some 13 MB of HTML. Passed through the template
engine it would be copied at every block and include that holds it, so the templates
render the page around a slot and the thread goes into the slot once, as bytes.

The CSRF token and the comment form's signed timestamp differ on every rendering,
so they are slots too: a page without them is the same for every cookie-less
reader. Such a page is kept whole in the cache (`PAGE_CACHE_SECONDS`) under a key
holding the post's `updated_at` and `thread_version`, so a comment change or an edit
of the post shows at once; what else the page shows (the neighbouring posts, the
navigation) may be as old as a shared cache in front may keep it anyway.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.providers import configured_providers
from comments.forms import sign_form_timestamp
from comments.rendering import fragment_version
from comments.rules import comments_closing_time

from .http_caching import page_etag, personal_cookies

TEMPLATE = "blog/post_detail.html"
# Random per process: no text an author or a commenter writes can fill a slot.
_SLOT_KEY = secrets.token_hex(8)
THREAD_SLOT = f"<!--comment-thread-{_SLOT_KEY}-->"
CSRF_SLOT = f"csrf-{_SLOT_KEY}"
TIMESTAMP_SLOT = f"timestamp-{_SLOT_KEY}"
_SLOTS = re.compile(
    "|".join(re.escape(slot) for slot in (THREAD_SLOT, CSRF_SLOT, TIMESTAMP_SLOT))
)


@dataclass
class PostPage:
    """A rendered page as bytes, with slot names between them."""

    pieces: list[bytes | str]  # str: CSRF_SLOT or TIMESTAMP_SLOT
    digest: str  # of the bytes, the same for every reader of the same page
    # When the form on it must go: comments close by the post's age.
    closes_at: datetime | None = None

    @property
    def has_form_fields(self) -> bool:
        return any(isinstance(piece, str) for piece in self.pieces)

    def response(self, request, post, status: int = 200) -> HttpResponse:
        """The page for this reader: their CSRF token and a fresh form timestamp."""
        values = {}
        if self.has_form_fields:
            values = {
                CSRF_SLOT: escape(get_token(request)).encode(),
                TIMESTAMP_SLOT: escape(sign_form_timestamp(post.pk)).encode(),
            }
        content = b"".join(
            values[piece] if isinstance(piece, str) else piece for piece in self.pieces
        )
        response = HttpResponse(content, status=status)
        response["ETag"] = page_etag(request, self.digest, self.has_form_fields)
        return response


def post_page_render(request, context: dict) -> PostPage:
    """Render the page of `context` (as `blog.views.post_detail` builds it)."""
    thread = context["comment_thread"]
    form = context.get("comment_form")
    if form is not None and not form.is_bound:
        form.initial["timestamp"] = TIMESTAMP_SLOT
    shell = render_to_string(
        TEMPLATE,
        {**context, "comment_thread": mark_safe(THREAD_SLOT), "csrf_token": CSRF_SLOT},
        request,
    )
    pieces: list[bytes | str] = []
    digest = hashlib.sha256()
    start = 0
    for found in _SLOTS.finditer(shell):
        pieces.append(shell[start : found.start()].encode())
        slot = found.group()
        pieces.append(thread.content if slot == THREAD_SLOT else slot)
        start = found.end()
    pieces.append(shell[start:].encode())
    for piece in pieces:
        if isinstance(piece, bytes):
            digest.update(piece)
    closes_at = comments_closing_time(context["post"]) if form is not None else None
    return PostPage(pieces=pieces, digest=digest.hexdigest(), closes_at=closes_at)


def cacheable_page_reader(request) -> bool:
    """Whether this reader gets the page every cookie-less reader gets: not signed
    in, no session, no saved comment details, asking for nothing but a page of
    comments. A CSRF cookie is no matter: the token is filled in per reader."""
    if request.user.is_authenticated or not set(request.GET) <= {"cpage"}:
        return False
    cookies = personal_cookies() - {settings.CSRF_COOKIE_NAME}
    return not cookies & request.COOKIES.keys()


def _cache_key(request, post) -> str:
    """The page's key: what the page shows changes it, but for the rules (saving
    them bumps every thread_version) and the neighbouring posts and navigation."""
    try:
        page_number = max(int(request.GET.get("cpage") or 1), 1)
    except ValueError:
        page_number = 1
    parts = [
        post.pk,
        # A database restored or recreated beside a kept cache reuses post ids.
        post.created_at.timestamp(),
        post.updated_at.timestamp(),
        post.thread_version,
        fragment_version(),
        page_number,
        settings.COMMENTS_PAGE_ORDER,
        get_language(),
        # The form's sign-in buttons; also tells the CSP where they may lead.
        ",".join(provider.id for provider in configured_providers(request)),
    ]
    return "blog:post-page:" + ":".join(str(part) for part in parts)


def cached_post_page(request, post) -> PostPage | None:
    """The page kept for cookie-less readers, if any and still true."""
    page = cache.get(_cache_key(request, post))
    if page is not None and page.closes_at and timezone.now() >= page.closes_at:
        return None
    return page


def post_page_keep(request, post, page: PostPage) -> None:
    cache.set(_cache_key(request, post), page, settings.PAGE_CACHE_SECONDS)
