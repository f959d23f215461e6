"""Where a page takes its mentions: its Webmention endpoint, as the W3C
Recommendation's §3.1.2 says to find it, or its Pingback server (Pingback 1.0 §2).

Webmention: the HTTP Link header first; then the first `<link>` or `<a>` whose rel
holds "webmention", in document order (an HTML comment is no element); the address
resolved against the page's own, after redirects, its query string kept; an empty
href is the page itself.
"""

from urllib.parse import urljoin

from bs4 import BeautifulSoup
from requests.utils import parse_header_links


def _rels(value) -> set[str]:
    if isinstance(value, str):
        value = value.split()
    return {rel.lower() for rel in value or ()}


def _from_link_header(link_header: str, rel: str) -> str | None:
    for link in parse_header_links(link_header) if link_header else []:
        if rel in _rels(link.get("rel", "")):
            return link.get("url", "")
    return None


def _from_html(html: str, rel: str) -> str | None:
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(["link", "a"]):
        if rel in _rels(element.get("rel")) and element.has_attr("href"):
            return element["href"]
    return None


def webmention_endpoint(page) -> str | None:
    """The Webmention endpoint of a fetched page (linkbacks.fetching.Fetched), or
    None when it names none."""
    found = _from_link_header(page.link_header, "webmention")
    if found is None and _is_html(page):
        found = _from_html(page.text, "webmention")
    if found is None:
        return None
    return urljoin(page.url, found.strip())


def pingback_endpoint(page) -> str | None:
    """The Pingback server of a fetched page: its X-Pingback header, else its
    `<link rel="pingback">`; None when it names none."""
    found = page.headers.get("X-Pingback")
    if not found and _is_html(page):
        found = _from_html(page.text, "pingback")
    if not found or not found.strip():
        return None
    return urljoin(page.url, found.strip())


def _is_html(page) -> bool:
    content_type = page.headers.get("Content-Type", "text/html").lower()
    return "html" in content_type
