"""A WXR file's elements read: tag names in short, fields, meta fields, numbers,
dates, addresses, and a body with the markup it is written in."""

import ipaddress
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, XMLPullParser

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from blog.exporters.wxr import html_digest
from blog.models import Post
from blog.text import plain_text, single_line

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


CHUNK = 1 << 16


class _PrologRead(Exception):
    """The root element has started: the prolog, where a DTD would be, is read."""


class _Prolog:
    def start(self, tag, attributes):
        raise _PrologRead


def _events(source) -> Iterator[tuple[str, Element]]:
    """The file's ("start", element) and ("end", element) events, as `iterparse`
    gives them, from a file with no document type declaration.

    WordPress never writes a DTD, and one is where entity tricks live: an entity
    expanding to gigabytes (a "billion laughs"), or one naming a file of this
    server or an address to fetch (XXE). defusedxml reads the prolog (its parser is
    pure Python, so only the prolog: the rest goes through ElementTree's C parser,
    which never sees a DTD), and a file declaring one is refused with
    WxrImportError.
    """
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            yield from _events_read(handle)
    else:
        yield from _events_read(source)


def _events_read(handle) -> Iterator[tuple[str, Element]]:
    prolog = DefusedXMLParser(target=_Prolog(), forbid_dtd=True)
    parser = XMLPullParser(events=("start", "end"))
    in_prolog = True
    while chunk := handle.read(CHUNK):
        if in_prolog:
            in_prolog = _prolog_feed(prolog, chunk)
        parser.feed(chunk)
        yield from parser.read_events()
    parser.close()
    yield from parser.read_events()


def _prolog_feed(prolog: DefusedXMLParser, chunk) -> bool:
    """Feed `chunk` to the prolog's parser: whether the prolog goes on after it."""
    try:
        prolog.feed(chunk)
    except _PrologRead:
        return False
    except DefusedXmlException as exc:
        raise WxrImportError(
            "The file declares a document type (<!DOCTYPE …>), which no WordPress "
            "export has: its entities could expand to gigabytes or read this "
            f"server's files ({type(exc).__name__}). Nothing was imported."
        ) from exc
    return True


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


WP_ID_MAX = 2**63 - 1  # the records' PositiveBigIntegerField


def _int(value: str | None) -> int:
    """A WordPress number (an id, a parent's id); 0 when there is none, or none a
    record can hold."""
    try:
        number = int((value or "").strip() or 0)
    except ValueError:
        return 0
    return number if 0 <= number <= WP_ID_MAX else 0


def _wp_id(value: str | None, label: str) -> int:
    """The id of a post or comment; 0 if none is written. One written that is no
    WordPress id is an error naming it: it would be recorded as no id, or not at
    all."""
    number = _int(value)
    if number or not (value or "").strip():
        return number
    raise WxrImportError(
        f"{label} has the id “{single_line(value).strip()[:40]}”, which is no "
        f"WordPress id (a whole number from 1 to {WP_ID_MAX}); nothing was imported."
    )


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


EMAIL_MAX_LENGTH = 254  # the EmailField of comments and accounts


def _email(value: str) -> str:
    """An email address as a form takes it (one line, valid, within the column),
    else "": an address cut short or made up would be someone else's."""
    value = single_line(value).strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value if len(value) <= EMAIL_MAX_LENGTH else ""


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
    WordPress stores it (edited in WordPress since, or never written here). Either
    way as a form takes a body: no control character but line breaks and tabs."""
    markup = metas.get("_colloquy_markup", "")
    if markup not in Post.Markup.values:
        return plain_text(html), Post.Markup.HTML
    if "_colloquy_source" not in metas:  # an export older than the source meta
        return plain_text(html), markup
    if metas.get("_colloquy_html_sha256") == html_digest(html):
        return plain_text(metas["_colloquy_source"]), markup
    return plain_text(html), Post.Markup.HTML
