"""The post page as a response: a shell rendered by the templates, the comment thread
spliced into it, and the values that differ per reader filled in last.

A thread of 10,000 comments is some 13 MB of HTML. Passed through the template
engine it would be copied at every block and include that holds it, so the templates
render the page around a slot and the thread goes into the slot once, as bytes.

The CSRF token and the comment form's signed timestamp differ on every rendering,
so they are slots too: a page without them is the same for every cookie-less
reader. Such a page is kept whole in the process's own memory (the "pages" cache,
`PAGE_CACHE_SECONDS`, at most `PAGE_CACHE_ENTRIES` pages) under its address, with
the post's `updated_at` and `thread_version` beside it, and served only after one
query finds the post with both unchanged. Every comment change bumps
`thread_version` in its own transaction, saving the rules bumps every
`thread_version`, and every change to the post itself (its text, status, date or
password) is a save that moves `updated_at`: a page served never misses any of
them. A post public when its page was kept stays public until such a save. What
else the page shows (the neighbouring posts, the navigation) may be as old as a
shared cache in front may keep it anyway. The query is blog.queries.post_unchanged.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.providers import configured_providers
from comments.section import CommentSection

from .csrf_tokens import csrf_token
from .http_caching import page_etag, personal_cookies
from .queries import post_unchanged

TEMPLATE = "blog/post_detail.html"
# Random per process: no text an author or a commenter writes can fill a slot.
_SLOT_KEY = secrets.token_hex(8)
THREAD_SLOT = f"<!--comment-thread-{_SLOT_KEY}-->"
CSRF_SLOT = f"csrf-{_SLOT_KEY}"
TIMESTAMP_SLOT = f"timestamp-{_SLOT_KEY}"
# A returning guest's saved name, email and website, in the form's fields.
DETAIL_SLOTS = {field: f"{field}-{_SLOT_KEY}" for field in CommentSection.DETAIL_FIELDS}
_SLOTS = re.compile(
    "|".join(
        re.escape(slot)
        for slot in (THREAD_SLOT, CSRF_SLOT, TIMESTAMP_SLOT, *DETAIL_SLOTS.values())
    )
)
# A piece this long goes to the server as it is; a copy would cost more than a write.
_SENT_AS_IS = 64 * 1024
# What a kept page calls its per-reader slots: the same in every process.
_FIELDS = {
    CSRF_SLOT: "csrf",
    TIMESTAMP_SLOT: "timestamp",
    **{slot: field for field, slot in DETAIL_SLOTS.items()},
}


@dataclass(frozen=True)
class PostPage:
    """A rendered page as bytes, with slot names between them; never changed once
    made, as the processes' page caches hold it as it is (blog.page_cache)."""

    # str: "csrf", "timestamp" or a saved detail's field, filled per reader
    pieces: tuple[bytes | str, ...]
    digest: str  # of the bytes, the same for every reader of the same page
    post_id: int
    # The post's updated_at (as the database backend takes it) and thread_version
    # when it was rendered.
    versions: tuple
    # When the form on it must go: comments close by the post's age.
    closes_at: datetime | None = None

    @property
    def has_form_fields(self) -> bool:
        return any(isinstance(piece, str) for piece in self.pieces)

    def response(self, request) -> HttpResponse:
        """The page for this reader: their CSRF token, a fresh form timestamp and
        the details they asked to keep."""
        values = {}
        if self.has_form_fields:
            details = CommentSection.saved_details(request)
            values = {
                "csrf": csrf_token(request).encode(),
                "timestamp": escape(
                    CommentSection.form_timestamp(self.post_id)
                ).encode(),
                **{
                    field: escape(details.get(field, "")).encode()
                    for field in DETAIL_SLOTS
                },
            }
        chunks = list(self._chunks(values))
        # Handed over as chunks: HttpResponse(content) would join them, copying a
        # long thread on every view (13 MB at 10,000 comments), and so would
        # CommonMiddleware to count the length, had the page not said it.
        response = HttpResponse()
        response.writelines(chunks)
        response["Content-Length"] = str(sum(map(len, chunks)))
        response["ETag"] = page_etag(request, self.digest, bool(values))
        return response

    def _chunks(self, values: dict):
        """The page's bytes: big pieces as they are, the small ones between joined."""
        run = []
        for piece in self.pieces:
            data = values[piece] if isinstance(piece, str) else piece
            if len(data) < _SENT_AS_IS:
                run.append(data)
                continue
            if run:
                yield b"".join(run)
                run = []
            yield data
        if run:
            yield b"".join(run)


def post_page_render(request, context: dict) -> PostPage:
    """Render the page of `context` (as `blog.views.post_detail` builds it, a new
    comment form's timestamp being TIMESTAMP_SLOT)."""
    thread = context["comment_thread"]
    form = context.get("comment_form")
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
        pieces.append(thread.content if slot == THREAD_SLOT else _FIELDS[slot])
        start = found.end()
    pieces.append(shell[start:].encode())
    for piece in pieces:
        if isinstance(piece, bytes):
            digest.update(piece)
    post = context["post"]
    return PostPage(
        pieces=tuple(pieces),
        digest=digest.hexdigest(),
        post_id=post.pk,
        versions=_versions(post),
        closes_at=CommentSection(request, post).closes_at() if form else None,
    )


def _versions(post) -> tuple:
    updated_at = connection.ops.adapt_datetimefield_value(post.updated_at)
    return (updated_at, post.thread_version)


def kept_page_variant(request) -> str | None:
    """Which kept page this reader gets: "new", the page of every cookie-less
    reader; "returning", the same page for a guest who asked to keep their details
    (its form filled from their cookies); None, a page of their own (signed in, a
    session, comments written, asking for more than a page of comments). A CSRF
    cookie is no matter: the token is filled in per reader."""
    if not set(_query(request)) <= {"cpage"} or request.user.is_authenticated:
        return None
    cookies = (
        personal_cookies() - {settings.CSRF_COOKIE_NAME}
    ) & request.COOKIES.keys()
    if not cookies:
        return "new"
    if cookies <= CommentSection.DETAIL_COOKIE_NAMES:
        return "returning"
    return None


def _query(request):
    """request.GET, left unparsed where there is no query string (most views)."""
    return request.GET if request.META.get("QUERY_STRING") else {}


def _cache_key(request, variant: str) -> str:
    parts = [
        request.path,
        variant,
        _query(request).get("cpage", ""),
        CommentSection.html_version(),
        settings.COMMENTS_PAGE_ORDER,
        get_language(),
        # The form's sign-in buttons; also tells the CSP where they may lead.
        ",".join(provider.id for provider in configured_providers(request)),
    ]
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
    return f"blog:post-page:{digest}"


def kept_post_page(request, variant: str) -> PostPage | None:
    """The page kept for this address and variant, if its post is unchanged since."""
    page = caches["pages"].get(_cache_key(request, variant))
    if page is None:
        return None
    if page.closes_at and timezone.now() >= page.closes_at:
        return None
    return page if post_unchanged(page.post_id, *page.versions) else None


def post_page_keep(request, variant: str, page: PostPage) -> None:
    caches["pages"].set(_cache_key(request, variant), page, settings.PAGE_CACHE_SECONDS)
