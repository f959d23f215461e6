"""Comment bodies: what a reader typed to safe HTML, through a small Markdown subset.

Emphasis, links, inline code, code blocks, blockquotes, lists and paragraphs; no
headings, images, tables or rules. HTML a reader types is shown as the text they
typed, never rendered. Links are http, https or mailto only, and all carry
rel="nofollow ugc noopener".
"""

import re
import threading
from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from django.utils.translation import gettext
from markdown.extensions import Extension

from blog.markup import url_is_safe, wordpress_paragraphs

TAGS = frozenset(
    {"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}
)
PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
# Markdown's link parser scans ahead from every "[" and bleach's linkifier from every
# "(" (Python-Markdown issue #798), so their cost is the number of brackets times
# the paragraph's length: 8,000 "[" take over 30 s. Past this product, refuse.
MAX_BRACKET_WORK = 1_000_000


class CommentMarkupError(ValueError):
    """The text cannot be rendered; the message is meant for the comment form."""


class CommentSubset(Extension):
    """Turns off what comments do not support, raw HTML first."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        for pattern in ("html", "image_link", "image_reference", "short_image_ref"):
            md.inlinePatterns.deregister(pattern)
        for processor in ("hashheader", "setextheader", "hr"):
            md.parser.blockprocessors.deregister(processor)


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Links keep a title and a safe href (stricter than bleach: `javascript:1`)."""
    if tag != "a" or name not in {"href", "title"}:
        return False
    return name == "title" or url_is_safe(value)


def _link_rel(attrs, new=False):
    """Every link gets LINK_REL; one whose URL was refused becomes plain text."""
    if (None, "href") not in attrs:
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _bracket_work(text: str) -> int:
    return max(
        (block.count("[") + block.count("(")) * len(block)
        for block in re.split(r"\n\s*\n", text)
    )


# A Markdown converter and a bleach cleaner each cost more to build than a comment
# costs to convert; both keep state while they work, so each thread has its own.
_local = threading.local()


def _markdown() -> markdown.Markdown:
    """This thread's converter, reset: nothing left from the comment before."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = markdown.Markdown(
            extensions=[CommentSubset(), "fenced_code", "sane_lists", "nl2br"]
        )
    return converter.reset()


def _cleaner() -> bleach.Cleaner:
    """This thread's cleaner (bleach: "not thread-safe", one per thread)."""
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = bleach.Cleaner(
            tags=TAGS,
            attributes=_allowed_attribute,
            protocols=PROTOCOLS,
            strip=True,
            filters=[
                partial(LinkifyFilter, callbacks=[_link_rel], skip_tags={"pre", "code"})
            ],
        )
    return cleaner


def clean_comment_html(text: str, *, markup: str = "markdown") -> str:
    """Render a comment body to safe HTML; raise CommentMarkupError if it cannot be.

    `markup` is "markdown" for what a reader typed here, "html" for a comment
    written on WordPress (imported), whose allowed tags are kept.
    """
    message = gettext(
        "This comment cannot be formatted: lists or quotes nest too deeply, or a "
        "paragraph holds too many brackets. Please simplify it and try again."
    )
    if _bracket_work(text) > MAX_BRACKET_WORK:
        raise CommentMarkupError(message)
    try:
        if markup == "html":
            html = wordpress_paragraphs(text)
        else:
            html = _markdown().convert(text)
    except Exception as exc:  # Any renderer failure is the form's to report, not a 500.
        # A conversion stopped midway leaves state reset() does not clear (the
        # parser's stack of open blocks): the next comment gets a new converter.
        _local.markdown = None
        raise CommentMarkupError(message) from exc
    return _cleaner().clean(html)
