from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    """The framework floor: the whole middleware stack, no template, no query."""
    return HttpResponse("Hello, floor.")


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("config.urls")),
]
