"""What the endpoints check before they accept a mention: what can be known without
fetching anything (Webmention §3.2.1, Pingback 1.0's fault codes)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from blog.models import Post
from comments.models import Comment
from comments.rules import comments_open

LINKBACK_KINDS = [
    Comment.Kind.PINGBACK,
    Comment.Kind.WEBMENTION,
    Comment.Kind.TRACKBACK,
]
MAX_URL_LENGTH = 200  # the length of the comment's website field, where it is kept
_RATE_WINDOW = 3600


class MentionRefused(Exception):
    """A mention refused at once: `fault` is Pingback's code, `status` the HTTP
    status of Webmention's answer."""

    def __init__(self, message: str, *, fault: int, status: int = 400):
        super().__init__(message)
        self.fault, self.status = fault, status


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def _our_post(target: str) -> Post:
    ours = urlsplit(settings.SITE_URL)
    parts = urlsplit(target)
    if (parts.scheme, parts.netloc.lower()) != (ours.scheme, ours.netloc.lower()):
        raise MentionRefused(_("The target is not on this site."), fault=33)
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise MentionRefused(_("The target does not exist."), fault=32) from None
    if match.view_name != "blog:post_detail":
        raise MentionRefused(_("The target cannot take mentions."), fault=33)
    post = Post.objects.published().filter(slug=match.kwargs["slug"]).first()
    if post is None or post.get_absolute_url() != parts.path:
        raise MentionRefused(_("The target does not exist."), fault=32)
    if not (post.allow_pings and comments_open(post)):
        raise MentionRefused(_("The target does not take mentions."), fault=33)
    return post


def _within_rate(*keys: str) -> bool:
    """Count one mention for each key; False when one has had its hour's share."""
    allowed = True
    for key in keys:
        cache_key = f"linkbacks:rate:{key}"
        cache.add(cache_key, 0, _RATE_WINDOW)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between the two
            cache.set(cache_key, 1, _RATE_WINDOW)
            count = 1
        allowed = allowed and count <= settings.LINKBACKS_PER_HOUR
    return allowed


def mention_check(*, source: str, target: str, ip_address: str | None) -> Post:
    """The post a mention of `target` from `source` is about, once everything that
    needs no fetching holds. Raises MentionRefused."""
    for url in (source, target):
        if not _is_web_url(url) or len(url) > MAX_URL_LENGTH or "\x00" in url:
            raise MentionRefused(
                _("The source and target must be http or https addresses."),
                fault=16 if url == source else 32,
            )
    if source.rstrip("/") == target.rstrip("/"):
        raise MentionRefused(_("The source and target are the same."), fault=0)
    post = _our_post(target)
    host = urlsplit(source).hostname
    if not _within_rate(f"ip:{ip_address}", f"host:{host}"):
        raise MentionRefused(
            _("Too many mentions; try again later."), fault=49, status=429
        )
    return post
