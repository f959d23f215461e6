"""Post bodies: Markdown (or HTML imported from WordPress) to safe HTML, once, on save.

Authors are trusted to write, not to script: whatever the body holds, the result has
no script, no event handler, no style attribute and no URL but http, https, mailto
or a relative one.
"""

import logging
import re
from html import escape, unescape

import bleach
import markdown
from bleach.html5lib_shim import Filter
from markdown.extensions.toc import slugify_unicode

logger = logging.getLogger(__name__)

PROTOCOLS = frozenset({"http", "https", "mailto"})
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Deeper nesting is never real writing, and html5lib's parse time grows with its
# square (10,000 nested divs take 20 s), so such a body is kept as text instead.
MAX_DEPTH = 100

TAGS = frozenset(
    {
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span"),
        *("a", "img", "figure", "figcaption", "blockquote", "q", "cite"),
        *("ul", "ol", "li", "dl", "dt", "dd", "details", "summary"),
        *("pre", "code", "kbd", "samp", "var"),
        *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
        *("em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small"),
        *("sup", "sub", "abbr", "time"),
    }
)
# Tags that never hold others open: void, or closed by their next sibling.
FLAT_TAGS = frozenset(
    {"br", "hr", "img", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody"}
)
ATTRIBUTES = {  # "*" applies to every tag.
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "time": {"datetime"},
    "details": {"open"},
}
# Elements whose presence means imported HTML already has its paragraphs.
BLOCK_TAG = re.compile(
    r"<(?:p|div|h[1-6]|ul|ol|dl|li|blockquote|pre|table|figure|hr|details)\b", re.I
)


def heading_slugify(value: str, separator: str) -> str:
    """Heading anchors that never take the comment thread's own ids."""
    slug = slugify_unicode(value, separator)
    if slug in {"comments", "respond", "reply-title"} or slug.startswith("comment-"):
        return f"section-{slug}"
    return slug


def url_is_safe(url: str) -> bool:
    """Relative or http/https/mailto, however disguised (entities, case, controls)."""
    normalized = re.sub(r"[\x00-\x20\x7f-\xa0\s]+", "", unescape(url)).lower()
    scheme = SCHEME.match(normalized)
    return not scheme or scheme.group(1) in PROTOCOLS


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """On the allowlist, with every URL in it safe (bleach does not look at srcset)."""
    if name not in ATTRIBUTES["*"] and name not in ATTRIBUTES.get(tag, ()):
        return False
    if name == "srcset":
        return all(url_is_safe(word) for word in re.split(r"[\s,]+", value) if word)
    return name not in {"href", "src"} or url_is_safe(value)


def _nesting_depth(html: str) -> int:
    """How deep the allowed elements nest, counted from the tags alone."""
    depth = deepest = 0
    for closing, name in re.findall(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)", html):
        name = name.lower()
        if name in TAGS and name not in FLAT_TAGS:
            depth = max(depth - 1, 0) if closing else depth + 1
            deepest = max(deepest, depth)
    return deepest


class ExternalLinkRel(Filter):
    """Adds rel="noopener" to links that leave the site."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                attrs = token["data"]
                if re.match(r"(?:https?:)?//", attrs.get((None, "href"), ""), re.I):
                    rel = attrs.get((None, "rel"), "").split()
                    if "noopener" not in rel:
                        attrs[(None, "rel")] = " ".join([*rel, "noopener"])
            yield token


def _markdown(text: str) -> str:
    return markdown.markdown(
        text,
        extensions=[
            "fenced_code",
            "codehilite",
            "tables",
            "footnotes",
            "toc",
            "sane_lists",
            "smarty",
            "attr_list",
            "abbr",
        ],
        extension_configs={
            # Classes only: static/css/highlight.css styles `.highlight`.
            "codehilite": {"css_class": "highlight", "guess_lang": False},
            "tables": {"use_align_attribute": True},
            "toc": {"permalink": True, "slugify": heading_slugify},
        },
    )


def wordpress_paragraphs(html: str) -> str:
    """HTML as WordPress stores it: without block tags, blank lines part paragraphs
    and single newlines break lines (WordPress's automatic paragraphs)."""
    if BLOCK_TAG.search(html):
        return html
    blocks = re.split(r"\n\s*\n", html.replace("\r\n", "\n").strip())
    return "\n".join(
        "<p>" + block.strip().replace("\n", "<br>\n") + "</p>"
        for block in blocks
        if block.strip()
    )


def render_post_body(text: str, *, markup: str = "markdown") -> str:
    """Render a post body (`markup` is "markdown" or "html") to safe HTML.

    Never raises: saving a post must not fail on what its author typed, so a body
    that cannot be rendered is kept as escaped text.
    """
    try:
        html = wordpress_paragraphs(text) if markup == "html" else _markdown(text)
        if _nesting_depth(html) <= MAX_DEPTH:
            cleaner = bleach.Cleaner(
                tags=TAGS,
                attributes=_allowed_attribute,
                protocols=PROTOCOLS,
                strip=True,
                filters=[ExternalLinkRel],
            )
            return cleaner.clean(html)
        logger.warning("A post body nests over %d deep; kept as text", MAX_DEPTH)
    except Exception as exc:  # Markdown's RecursionError on deep lists, above all.
        logger.warning("Rendering a post body failed (%r); kept as text", exc)
    return f"<pre>{escape(text)}</pre>"
