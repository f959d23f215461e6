"""Old WordPress addresses of imported posts and pages answer with a 301."""

from django.http import HttpResponsePermanentRedirect

from .models import Page, Post, WordPressRecord


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
            if value.isdigit():
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
