"""Template filters for the reading side, also used by feeds and the sitemap."""

import html
import json
import re

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from blog.text import web_url

register = template.Library()

PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)
BLANK_LINE = re.compile(r"\n\s*\n")
# A footnote's number in the text (Markdown's footnotes extension): not words.
FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.S)
EXCERPT_WORDS = 60
# Characters that could end the <script> element or open a comment inside it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def post_excerpt(post) -> str:
    """The post's excerpt, else the first paragraph of its body, as plain text."""
    # A post page shows it three times (description, Open Graph, JSON-LD).
    key = (get_language(), post.password, post.excerpt, post.body_html)
    kept = post.__dict__.get("_excerpt_text")
    if kept is None or kept[0] != key:
        kept = post.__dict__["_excerpt_text"] = (key, _excerpt_text(post))
    return kept[1]


def _excerpt_text(post) -> str:
    if post.password:
        return gettext("There is no excerpt because this is a protected post.")
    if post.excerpt.strip():
        return post.excerpt.strip()
    paragraphs = PARAGRAPH.findall(post.body_html) or BLANK_LINE.split(post.body_html)
    for paragraph in paragraphs:
        # body_html holds entities (&amp;); unescaped, autoescaping won't double them.
        paragraph = FOOTNOTE_REF.sub("", paragraph)
        text = " ".join(html.unescape(strip_tags(paragraph)).split())
        if text:
            return Truncator(text).words(EXCERPT_WORDS)
    return ""


@register.filter
def absolute(url: str) -> str:
    """`url` as an absolute URL on SITE_URL (left alone if it already is one)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}/{url.lstrip('/')}"


@register.filter
def post_json_ld(post) -> str:
    """schema.org BlogPosting data for search engines, as a JSON-LD script element."""
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post_excerpt(post),
        "datePublished": post.published_at.isoformat(),
        "dateModified": post.updated_at.isoformat(),
        "mainEntityOfPage": absolute(post.get_absolute_url()),
        "author": {
            "@type": "Person",
            "name": post.author.get_display_name(),
            "url": absolute(reverse("blog:author_detail", args=[post.author.username])),
        },
    }
    if post.cover_image:
        data["image"] = absolute(post.cover_image.url)
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(payload)
    )


@register.filter
def bdi(name: str) -> str:
    """A name someone typed, escaped and isolated in <bdi>: a right-to-left name
    (or one ending in a digit) does not reorder the words around it."""
    return format_html("<bdi>{}</bdi>", name)


@register.filter
def website(url: str) -> str:
    """A stored address to link to: itself if it is http or https, else ""."""
    return web_url(url)
