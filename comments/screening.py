"""How the moderation rules read a comment: as its readers will see it.

Word lists are matched on the rendered text and the addresses of its links, besides
the name, email, website and IP address, all `normalized`; the link limit counts
every link the renderer makes and every address left as text.
"""

import re
import sys
import unicodedata
from functools import lru_cache
from html import unescape

from django.utils.html import strip_tags

from .models import Comment


@lru_cache(maxsize=1)
def _invisible() -> dict[int, None]:
    """Every format character (Unicode category Cf: soft hyphens, zero-width
    spaces and joiners, bidi marks), to delete with str.translate."""
    return {
        code: None
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf"
    }


def normalized(text: str) -> str:
    """Text as the word lists compare it: invisible characters removed, compatible
    forms folded (full-width letters, ligatures) and case folded: a full-width
    "casino", or one with a soft hyphen inside, reads as "casino"."""
    text = unicodedata.normalize("NFKC", text.translate(_invisible()))
    return unicodedata.normalize("NFKC", text.casefold())


def word_list(text: str) -> list[str]:
    """One entry a line, compared as `normalized` text; blank lines mean nothing."""
    return [normalized(line.strip()) for line in text.splitlines() if line.strip()]


_BLOCK_END = re.compile(r"</(?:p|li|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)
_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"', re.IGNORECASE)


def rendered_text(comment: Comment) -> str:
    """What a reader of the comment sees: the text of its rendered body (blocks on
    their own lines), then the address of each of its links."""
    html = comment.body_html
    text = strip_tags(_BLOCK_END.sub("\n", html))
    return "\n".join(unescape(part) for part in [text, *_HREF.findall(html)])


def matching_word(comment: Comment, words: list[str]) -> str:
    """The first entry found in the comment's name, email, website, text (as typed
    and as rendered, with its links' addresses) or IP, all `normalized`."""
    fields = [
        comment.author_name,
        comment.author_email,
        comment.author_url,
        comment.body,
        rendered_text(comment),
        comment.ip_address or "",
    ]
    haystack = normalized("\n".join(fields))
    return next((word for word in words if word in haystack), "")


_LINK = re.compile(r"<a\s.*?</a>", re.IGNORECASE | re.DOTALL)
_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def link_count(comment: Comment) -> int:
    """The links in the rendered body, every one the renderer makes (typed as a
    link, a plain address or a bare domain: it links those), and the web addresses
    it leaves as text (an unknown domain): spammers paste those plain."""
    html = comment.body_html
    links = _LINK.findall(html)
    text = unescape(strip_tags(_LINK.sub(" ", html)))
    return len(links) + len(_ADDRESS.findall(text))
