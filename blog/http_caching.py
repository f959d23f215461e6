"""HTTP caching of pages: validators (ETag, 304) and who may keep a page.

Every successful GET page gets an ETag from its content, and a request carrying it
in If-None-Match gets 304. A page holding the comment form differs on every
rendering in its CSRF token (any of them valid with the reader's CSRF cookie) and
its signed form timestamp (valid two days); so its ETag is taken with both left
out and the cookie's secret and today's date put in: same page, same cookie, same
day, same ETag, and a revalidated form is never too old to be sent.

Cache-Control decides who may keep a page:

- A response that sets a cookie is `private, no-cache`: a shared cache must never
  hand one reader's cookie to another. This covers the CSRF cookie a comment form
  issues on a first visit: the token in such a page belongs to that cookie, so the
  page and its cookie stay together, in that reader's browser only. A shared cache
  in front therefore keeps post pages only where no form is shown (comments
  closed), and lists and feeds; every reader who can post has a page whose token
  matches their cookie.
- An HTML page is `private, no-cache` for a reader who carries our cookies
  (signed in, a session, comments written from this browser, e.g. one awaiting
  moderation, a CSRF cookie from a form used, saved comment details): they always
  get a fresh page. For a cookie-less reader it is public with `Vary: Cookie`, so
  a shared cache never hands it to a reader with cookies.
- Anything else is `public, max-age=SHARED_CACHE_SECONDS` without Vary: feeds,
  the sitemap, robots.txt are the same for everyone.

A response that already says how to cache it (previews, static files) is left as
it is, unless it sets a cookie.
"""

import hashlib
import re

from django.conf import settings
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)

from comments.section import CommentSection

PER_RENDERING_FIELDS = re.compile(
    rb'name="(?:csrfmiddlewaretoken|timestamp)" value="[^"]*"'
)


def personal_cookies() -> set[str]:
    """The cookies that make a page differ for the reader carrying them."""
    return {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        "messages",  # django.contrib.messages' cookie storage
        *CommentSection.PERSONAL_COOKIES,
    }


def is_personal_request(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return bool(personal_cookies() & request.COOKIES.keys())


def page_etag(request, content_digest: str, has_form_fields: bool) -> str:
    """A strong ETag from the digest of a page without its per-rendering fields."""
    digest = hashlib.sha256(content_digest.encode())
    if has_form_fields:
        digest.update(request.META.get("CSRF_COOKIE", "").encode())
        digest.update(timezone.now().date().isoformat().encode())
        for field, value in sorted(CommentSection.saved_details(request).items()):
            digest.update(f"\0{field}\0{value}".encode())
    return f'"{digest.hexdigest()[:32]}"'


def content_etag(request, content: bytes) -> str:
    """A strong ETag of the page, blind to its form's per-rendering fields."""
    stripped = PER_RENDERING_FIELDS.sub(b"", content)
    digest = hashlib.sha256(stripped).hexdigest()
    return page_etag(request, digest, len(stripped) != len(content))


class HttpCachingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
            or "no-store" in response.get("Cache-Control", "")
        ):
            return response
        if response.cookies:
            self._private(response)
        elif not response.has_header("Cache-Control"):
            html = response.get("Content-Type", "").startswith("text/html")
            if html:
                patch_vary_headers(response, ["Cookie"])
            if html and is_personal_request(request):
                self._private(response)
            else:
                patch_cache_control(
                    response, public=True, max_age=settings.SHARED_CACHE_SECONDS
                )
        if not response.has_header("ETag"):
            response["ETag"] = content_etag(request, response.content)
        return get_conditional_response(
            request, etag=response["ETag"], response=response
        )

    @staticmethod
    def _private(response) -> None:
        # Replaces any public/max-age a view set: this page is this reader's alone.
        cache_control = response.get("Cache-Control", "")
        if "public" in cache_control or "max-age" in cache_control:
            del response["Cache-Control"]
        patch_cache_control(response, private=True, no_cache=True)
