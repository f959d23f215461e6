"""The two endpoints other sites send their mentions to. Each checks at once what
needs no fetching (linkbacks.receiving) and leaves the rest to a background task."""

import xmlrpc.client
from xml.parsers.expat import ExpatError

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from comments.models import Comment
from config.background import enqueue_with_write

from .receiving import MentionRefused, mention_check
from .tasks import linkback_verify

# XML-RPC's own fault codes (specs.xmlrpc.com's "Specification for Fault Code
# Interoperability"), for requests that are not a ping at all.
_PARSE_ERROR, _NO_SUCH_METHOD, _BAD_PARAMETERS = -32700, -32601, -32602


def _receiving():
    if not settings.LINKBACKS_RECEIVE:
        raise Http404


def _verify_later(post, *, kind: str, source: str, target: str, ip) -> None:
    enqueue_with_write(
        linkback_verify,
        post_id=post.pk,
        kind=kind,
        source=source,
        target=target,
        ip_address=ip,
    )


@csrf_exempt
@require_POST
def webmention(request):
    """W3C Webmention §3.2: 202 Accepted and a background check, or 400 (429 when
    one address or source site sends too many) with the reason in plain text."""
    _receiving()
    source = request.POST.get("source", "")
    target = request.POST.get("target", "")
    ip = request.META.get("REMOTE_ADDR")
    try:
        post = mention_check(source=source, target=target, ip_address=ip)
    except MentionRefused as refused:
        return HttpResponse(
            str(refused), status=refused.status, content_type="text/plain"
        )
    _verify_later(
        post, kind=Comment.Kind.WEBMENTION, source=source, target=target, ip=ip
    )
    message = _("Accepted: the mention will be checked, then moderated.")
    return HttpResponse(message, status=202, content_type="text/plain")


def _xmlrpc(value) -> HttpResponse:
    if isinstance(value, xmlrpc.client.Fault):
        body = xmlrpc.client.dumps(value, methodresponse=True, allow_none=False)
    else:
        body = xmlrpc.client.dumps((value,), methodresponse=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _ping_params(request) -> tuple[str, str]:
    """pingback.ping's two addresses, or an XML-RPC Fault to answer."""
    try:
        params, method = xmlrpc.client.loads(request.body)
    except RequestDataTooBig:
        raise xmlrpc.client.Fault(_PARSE_ERROR, "Request too large.") from None
    except (ExpatError, ValueError, TypeError, xmlrpc.client.ResponseError):
        raise xmlrpc.client.Fault(_PARSE_ERROR, "Not an XML-RPC request.") from None
    if method != "pingback.ping":
        raise xmlrpc.client.Fault(_NO_SUCH_METHOD, "Only pingback.ping is served.")
    if len(params) != 2 or not all(isinstance(p, str) for p in params):
        raise xmlrpc.client.Fault(_BAD_PARAMETERS, "pingback.ping takes two URLs.")
    return params


@csrf_exempt
@require_POST
def pingback(request):
    """Pingback 1.0 over XML-RPC, as WordPress's xmlrpc.php answers it: a string on
    success, else a fault with the specification's code (16, 17, 32, 33, 48, 49...).
    Whether the source links to the target is checked in the background, so the
    answer says the ping was received, not yet that it was found good."""
    _receiving()
    try:
        source, target = _ping_params(request)
        ip = request.META.get("REMOTE_ADDR")
        post = mention_check(source=source, target=target, ip_address=ip)
    except xmlrpc.client.Fault as fault:
        return _xmlrpc(fault)
    except MentionRefused as refused:
        return _xmlrpc(xmlrpc.client.Fault(refused.fault, str(refused)))
    known = Comment.objects.filter(
        post=post, kind=Comment.Kind.PINGBACK, author_url=source
    )
    if known.exists():
        return _xmlrpc(
            xmlrpc.client.Fault(48, "The pingback has already been registered.")
        )
    _verify_later(post, kind=Comment.Kind.PINGBACK, source=source, target=target, ip=ip)
    return _xmlrpc(f"Pingback from {source} to {target} received; it will be checked.")
