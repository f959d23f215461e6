"""Template filters for the reading side, also used by feeds and the sitemap."""

import html
import re

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

register = template.Library()

PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)
BLANK_LINE = re.compile(r"\n\s*\n")
EXCERPT_WORDS = 60


@register.filter
def post_excerpt(post) -> str:
    """The post's excerpt, else the first paragraph of its body, as plain text."""
    if post.excerpt.strip():
        return post.excerpt.strip()
    paragraphs = PARAGRAPH.findall(post.body_html) or BLANK_LINE.split(post.body_html)
    for paragraph in paragraphs:
        # body_html holds entities (&amp;); unescaped, autoescaping won't double them.
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
