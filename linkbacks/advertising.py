"""How a post page tells other sites where to send their mentions: HTTP headers
(Webmention's `Link: <…>; rel="webmention"`, Pingback's `X-Pingback`) and the
matching `<link>` elements in its head (the template tag `linkback_links`).
Absolute addresses: WordPress takes a pingback server's address as it is given."""

from functools import wraps

from django.conf import settings
from django.urls import reverse


def endpoint_urls() -> dict[str, str]:
    """The two endpoints' absolute addresses; empty when receiving is off."""
    if not settings.LINKBACKS_RECEIVE:
        return {}
    return {
        "webmention": settings.SITE_URL + reverse("linkbacks:webmention"),
        "pingback": settings.SITE_URL + reverse("linkbacks:pingback"),
    }


def advertises_linkback_endpoints(view):
    """Add the endpoints' headers to the view's successful responses."""

    @wraps(view)
    def advertised(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        urls = endpoint_urls()
        if response.status_code == 200 and urls:
            response.headers["Link"] = f'<{urls["webmention"]}>; rel="webmention"'
            response.headers["X-Pingback"] = urls["pingback"]
        return response

    return advertised
