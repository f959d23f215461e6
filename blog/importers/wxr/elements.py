"""A WXR file's elements read: tag names in short, fields, numbers, dates,
addresses, and the markup a body is written in."""

import ipaddress
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from django.utils import timezone

from blog.models import Post

PREFIXES = {
    "http://wordpress.org/export/": "wp",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


def _name(tag: str) -> str:
    """`{http://wordpress.org/export/1.2/}post_id` -> `wp:post_id`, any WXR version."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if uri.startswith("http://wordpress.org/export/"):
        return (
            f"excerpt:{local}" if uri.rstrip("/").endswith("excerpt") else f"wp:{local}"
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


def _markup(item: Element, meta_tag: str = "wp:postmeta") -> str:
    """HTML, as WordPress stores it, unless our own export marked the body Markdown."""
    for child in item:
        if _name(child.tag) == meta_tag:
            meta = _fields(child)
            ours = meta.get("wp:meta_key") == "_colloquy_markup"
            if ours and meta.get("wp:meta_value") == Post.Markup.MARKDOWN:
                return Post.Markup.MARKDOWN
    return Post.Markup.HTML
