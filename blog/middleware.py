"""Requests that hold a NUL character are refused; old WordPress addresses of
imported posts and pages answer with a 301."""

import re

from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.translation import gettext as _

from .models import Page, Post, WordPressRecord

NUL = "\x00"
# A WordPress id, as `/?p=` and `/?page_id=` give it: ASCII digits (str.isdigit
# also takes "²", which int() refuses) that fit a PositiveBigIntegerField.
WORDPRESS_ID = re.compile(r"[0-9]{1,18}")


class NulCharacterMiddleware:
    """No request holding a NUL character reaches a view or the database.

    PostgreSQL's text cannot hold one, so a NUL in a slug, a search or any other
    value that reaches SQL was a 500 there; no page, search or id holds one. In the
    path it is a 404 (nothing lives there); in the query string or a header (RFC 9110
    calls it invalid there) a 400. A cookie holding one is dropped, as if not sent:
    the session cookie is looked up in the database. Form fields refuse or drop it
    themselves, with a message (Django's CharField, blog.text).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            raise Http404(_("No address holds a NUL character."))
        # The raw query string: %00 is the only way to write a NUL in it.
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or NUL in query:
            raise BadRequest("A NUL character in the query string.")
        headers = request.META.items()
        if any(NUL in value for key, value in headers if key.startswith("HTTP_")):
            raise BadRequest("A NUL character in a header.")
        cookies = request.COOKIES
        if any(NUL in name or NUL in value for name, value in cookies.items()):
            request.COOKIES = {
                name: value
                for name, value in cookies.items()
                if NUL not in name and NUL not in value
            }
        return self.get_response(request)


def _public_url(record: WordPressRecord | None) -> str | None:
    """The new address of what `record` names, if readers may see it."""
    if record is None:
        return None
    if record.kind == WordPressRecord.Kind.POST:
        target = Post.objects.published().filter(pk=record.object_id).first()
    else:
        target = Page.objects.published().filter(pk=record.object_id).first()
    return target.get_absolute_url() if target else None


def legacy_redirect_url(request) -> str | None:
    """Where `/?p=ID`, `/?page_id=ID` or an old permalink path now lives."""
    kinds = [WordPressRecord.Kind.POST, WordPressRecord.Kind.PAGE]
    # Imports of several WordPress sites may each have had a post 10 or a page at
    # /about/; nothing in the request says which site it meant, so the most
    # recently imported record answers (and only it: a draft there hides older).
    records = WordPressRecord.objects.filter(kind__in=kinds).order_by("-pk")
    if request.path == "/":
        for parameter, kind in (("p", None), ("page_id", WordPressRecord.Kind.PAGE)):
            value = request.GET.get(parameter, "")
            if WORDPRESS_ID.fullmatch(value):
                found = records.filter(wp_id=int(value))
                if kind:
                    found = found.filter(kind=kind)
                return _public_url(found.first())
        return None
    paths = {request.get_full_path(), request.path}
    return _public_url(records.filter(old_path__in=paths).first())


class WordPressRedirectMiddleware:
    """`/?p=ID` before the home page answers; old permalinks when nothing else does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and {"p", "page_id"} & request.GET.keys():
            target = legacy_redirect_url(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in {"GET", "HEAD"}:
            target = legacy_redirect_url(request)
            if target and target != request.path:
                return HttpResponsePermanentRedirect(target)
        return response
