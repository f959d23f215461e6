"""What a source page says about one of our posts: whether it links to it, and the
title, excerpt and author to show (its microformats2 h-entry where it has one, as
the IndieWeb's sites mark posts up; else its <title> and the text around the link,
as WordPress takes a pingback's)."""

from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

import mf2py
from bs4 import BeautifulSoup

from blog.text import single_line

EXCERPT_CHARS = 300
NAME_CHARS = 100
# Elements whose address is a link to the target (Webmention §3.2.2).
_LINKING = {"a": "href", "img": "src", "video": "src", "audio": "src", "source": "src"}


@dataclass(frozen=True)
class Mention:
    author_name: str
    excerpt: str


def _same(address: str, target: str) -> bool:
    return urldefrag(address)[0].rstrip("/") == urldefrag(target)[0].rstrip("/")


def _linking_element(soup, base: str, target: str):
    for name, attribute in _LINKING.items():
        for element in soup.find_all(name):
            address = element.get(attribute)
            if address and _same(urljoin(base, address.strip()), target):
                return element
    return None


def _shortened(text: str, limit: int) -> str:
    text = single_line(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _first(properties: dict, name: str):
    values = properties.get(name) or [""]
    value = values[0]
    if isinstance(value, dict):  # an embedded h-card or e-content
        return value.get("value") or value.get("properties", {}).get("name", [""])[0]
    return value


def _h_entry(html: str, url: str) -> dict:
    parsed = mf2py.parse(doc=html, url=url, html_parser="html.parser")
    for item in parsed.get("items", []):
        if "h-entry" in item.get("type", []):
            return item.get("properties", {})
    return {}


def mention_of(*, html: str, url: str, target: str, is_html: bool) -> Mention | None:
    """The mention of `target` in the page at `url`, or None when it does not link
    to it."""
    if not is_html:
        return Mention("", _shortened(url, EXCERPT_CHARS)) if target in html else None
    soup = BeautifulSoup(html, "html.parser")
    element = _linking_element(soup, url, target)
    if element is None:
        return None
    entry = _h_entry(html, url)
    author = entry.get("author", [""])[0] if entry else ""
    if isinstance(author, dict):
        author = author.get("properties", {}).get("name", [""])[0]
    title = _first(entry, "name") if entry else ""
    if not title and soup.title and soup.title.string:
        title = soup.title.string
    around = element.find_parent(["p", "li", "blockquote"]) or element
    summary = (_first(entry, "summary") or _first(entry, "content")) if entry else ""
    excerpt = summary or around.get_text()
    return Mention(
        author_name=_shortened(str(author or title or url), NAME_CHARS),
        excerpt=_shortened(str(excerpt), EXCERPT_CHARS),
    )
