"""A WXR file's elements read: tag names in short, fields, meta fields, numbers,
dates, addresses, and a body with the markup it is written in."""

import ipaddress
import re
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from django.utils import timezone

from blog.exporters.wxr import html_digest
from blog.models import Post

from .summary import WxrImportError

PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# Every spelling of WordPress's own namespaces it has written: WXR 1.0 to 1.2,
# over http, and over https in files such as its Theme Unit Test data.
WORDPRESS_NAMESPACE = re.compile(
    r"https?://wordpress\.org/export/1\.[0-2]/(?P<excerpt>excerpt/)?\Z"
)


def _name(tag: str) -> str:
    """`{http://wordpress.org/export/1.2/}post_id` -> `wp:post_id`, any WXR version.

    A namespace of WordPress's that no WordPress wrote is an error that names it,
    rather than a file whose every field reads as missing.
    """
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    wordpress = WORDPRESS_NAMESPACE.match(uri)
    if wordpress:
        return f"excerpt:{local}" if wordpress["excerpt"] else f"wp:{local}"
    if "wordpress.org/export/" in uri:
        raise WxrImportError(
            f"The file uses the namespace {uri}, which no WordPress writes "
            "(WXR 1.0 to 1.2 are read: http://wordpress.org/export/1.2/ and the "
            "like); nothing was imported."
        )
    for prefix, short in PREFIXES.items():
        if uri.startswith(prefix):
            return f"{short}:{local}"
    return local


def _fields(element: Element) -> dict:
    """The text of each simple child, by short name (the first of repeated ones)."""
    found = {}
    for child in element:
        found.setdefault(_name(child.tag), (child.text or "").strip("\n"))
    return found


def _int(value: str | None) -> int:
    try:
        return int((value or "").strip() or 0)
    except ValueError:
        return 0


def _date(gmt: str | None, local: str | None = None) -> datetime | None:
    """WordPress dates: GMT when known ("0000-00-00 00:00:00" for unsaved drafts)."""
    for value, zone in ((gmt, UTC), (local, timezone.get_default_timezone())):
        value = (value or "").strip()
        if value and not value.startswith("0000"):
            try:
                naive = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            return naive.replace(tzinfo=zone)
    return None


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _metas(element: Element, meta_tag: str = "wp:postmeta") -> dict[str, str]:
    """The meta fields of an item or a comment, by key (the first of repeated ones)."""
    found = {}
    for child in element:
        if _name(child.tag) == meta_tag:
            key = value = ""
            for part in child:  # the value as written: a source keeps its newlines
                if _name(part.tag) == "wp:meta_key":
                    key = (part.text or "").strip()
                elif _name(part.tag) == "wp:meta_value":
                    value = part.text or ""
            found.setdefault(key, value)
    return found


def _body(html: str, metas: dict[str, str]) -> tuple[str, str]:
    """The body and its markup: the source Colloquy's export keeps in meta, while
    the HTML WordPress holds is still the HTML that source gave; else the HTML, as
    WordPress stores it (edited in WordPress since, or never written here)."""
    markup = metas.get("_colloquy_markup", "")
    if markup not in Post.Markup.values:
        return html, Post.Markup.HTML
    if "_colloquy_source" not in metas:  # an export older than the source meta
        return html, markup
    if metas.get("_colloquy_html_sha256") == html_digest(html):
        return metas["_colloquy_source"], markup
    return html, Post.Markup.HTML
