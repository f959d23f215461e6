from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_safe

from .avatars import ALLOWED_SIZES, identicon_png

# Bump when the drawing changes, so that browsers and caches fetch the new picture.
IDENTICON_VERSION = 1
YEAR = 365 * 24 * 60 * 60


def _identicon_etag(request, digest: str, size: int) -> str:
    return f"identicon-{IDENTICON_VERSION}-{digest}-{size}"


@require_safe
@cache_control(public=True, max_age=YEAR, immutable=True)
@etag(_identicon_etag)
def avatar(request, digest: str, size: int):
    """The identicon for an email hash: drawn once, then served from the cache."""
    if size not in ALLOWED_SIZES:
        raise Http404
    key = _identicon_etag(request, digest, size)
    png = cache.get(key)
    if png is None:
        png = identicon_png(digest, size)
        cache.set(key, png, timeout=30 * 24 * 60 * 60)
    return HttpResponse(png, content_type="image/png")
