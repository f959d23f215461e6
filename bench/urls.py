from functools import lru_cache

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    """The framework floor: the whole middleware stack, no template, no query."""
    return HttpResponse("Hello, floor.")


@lru_cache(maxsize=8)
def _constant_body(size: int) -> bytes:
    return b"x" * size


def floor_of_size(request, size: int):
    """The floor answering `size` bytes: what a page that big costs on the wire.

    With an ETag of its own, as a kept post page has: else the caching middleware
    would hash every byte of it on every request, a cost of the floor, not the wire.
    """
    response = HttpResponse(_constant_body(min(size, 64_000_000)))
    response["ETag"] = f'"floor-{size}"'
    return response


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/floor/<int:size>/", floor_of_size),
    path("", include("config.urls")),
]
