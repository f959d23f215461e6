"""Telling the sites our posts link to (Webmention, else Pingback), in the
background, once for each link and version of the post's text."""

import hashlib
import logging
import xmlrpc.client
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.parsers.expat import ExpatError

from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import timezone
from django_tasks import task

from blog.models import Post
from config.background import enqueue_with_write, retry_later

from .discovery import pingback_endpoint, webmention_endpoint
from .fetching import AddressRefused, FetchFailed, fetch
from .fetching import post as post_to
from .models import SentLinkback

logger = logging.getLogger(__name__)


class LinksUnreachable(Exception):
    """Some linked sites could not be reached; they are tried again later."""


def external_links(post: Post) -> list[str]:
    """The http(s) addresses the post's body links to outside this site, in order,
    each once, without fragment."""
    ours = urlsplit(settings.SITE_URL).netloc.lower()
    base = settings.SITE_URL + post.get_absolute_url()
    links = []
    for element in BeautifulSoup(post.body_html, "html.parser").find_all("a"):
        href = element.get("href")
        if not href:
            continue
        url = urldefrag(urljoin(base, href.strip()))[0]
        parts = urlsplit(url)
        external = parts.scheme in {"http", "https"} and parts.netloc.lower() != ours
        if external and url not in links:
            links.append(url)
    return links


def body_digest(post: Post) -> str:
    return hashlib.sha256(post.body_html.encode()).hexdigest()


def linkbacks_send_later(post: Post) -> None:
    """Queue the sending for a post just saved, once its transaction commits: at
    its publication time for a scheduled post, at once for a published one."""
    if not settings.LINKBACKS_SEND or post.status != Post.Status.PUBLISHED:
        return
    send = linkbacks_send
    if post.published_at > timezone.now():
        if not send.get_backend().supports_defer:
            return
        send = send.using(run_after=post.published_at)
    enqueue_with_write(send, post_id=post.pk)


def _send_one(source: str, target: str) -> tuple[str, str, str, str]:
    """Discover `target`'s endpoint and notify it: (outcome, protocol, endpoint,
    detail). Raises FetchFailed when the other site could not be reached."""
    try:
        page = fetch(target)
        endpoint = webmention_endpoint(page)
        if endpoint:
            answer = post_to(endpoint, data={"source": source, "target": target})
            ok = 200 <= answer.status < 300
            outcome = SentLinkback.Outcome.SENT if ok else SentLinkback.Outcome.REFUSED
            return outcome, "webmention", endpoint, f"HTTP {answer.status}"
        endpoint = pingback_endpoint(page)
        if endpoint:
            outcome, detail = _ping(endpoint, source, target)
            return outcome, "pingback", endpoint, detail
    except AddressRefused as refused:
        return SentLinkback.Outcome.REFUSED, "", "", str(refused)[:500]
    return SentLinkback.Outcome.NO_ENDPOINT, "", "", ""


def _ping(endpoint: str, source: str, target: str) -> tuple[str, str]:
    body = xmlrpc.client.dumps((source, target), methodname="pingback.ping")
    answer = post_to(endpoint, data=body.encode(), headers={"Content-Type": "text/xml"})
    try:
        (result,), _ = xmlrpc.client.loads(answer.text)
    except xmlrpc.client.Fault as fault:
        detail = f"Fault {fault.faultCode}: {fault.faultString}"[:500]
        if fault.faultCode == 48:  # already registered: it is there
            return SentLinkback.Outcome.SENT, detail
        return SentLinkback.Outcome.REFUSED, detail
    except (ExpatError, ValueError):
        return SentLinkback.Outcome.REFUSED, f"HTTP {answer.status}, not XML-RPC"
    return SentLinkback.Outcome.SENT, str(result)[:500]


@task()
def linkbacks_send(*, post_id: int, attempt: int = 1) -> dict:
    """Notify every site the published post links to, and those it linked to
    before and no longer does (so they can take their mention down), unless this
    version of the post was already sent to it. Returns the outcome per link."""
    post = Post.objects.published().filter(pk=post_id).first()
    if post is None:
        return {}
    digest = body_digest(post)
    source = settings.SITE_URL + post.get_absolute_url()
    records = {r.target: r for r in SentLinkback.objects.filter(post=post)}
    links = external_links(post)
    dropped = [
        t for t, r in records.items() if t not in links and r.protocol == "webmention"
    ]
    outcomes, unreachable = {}, []
    for target in [*links, *dropped]:
        done = records.get(target)
        if done and done.body_digest == digest and done.outcome != "failed":
            continue
        try:
            outcome, protocol, endpoint, detail = _send_one(source, target)
        except FetchFailed as failed:
            outcome, protocol, endpoint, detail = "failed", "", "", str(failed)[:500]
            unreachable.append(target)
        SentLinkback.objects.update_or_create(
            post=post,
            target=target,
            defaults={
                "outcome": outcome,
                "protocol": protocol,
                "endpoint": endpoint,
                "detail": detail,
                "body_digest": digest,
                "attempted_at": timezone.now(),
            },
        )
        outcomes[target] = outcome
    if unreachable:
        retry_later(linkbacks_send, attempt=attempt, post_id=post_id)
        raise LinksUnreachable(f"Attempt {attempt}: {unreachable}")
    return outcomes
