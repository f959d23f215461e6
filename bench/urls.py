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
    """The floor answering `size` bytes: what a page that big costs on the wire."""
    return HttpResponse(_constant_body(min(size, 64_000_000)))


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/floor/<int:size>/", floor_of_size),
    path("", include("config.urls")),
]
