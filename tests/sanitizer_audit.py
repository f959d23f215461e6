"""What the sanitizer tests check: hostile inputs, and whether HTML is harmless.

The check parses the HTML (html.parser) instead of searching for substrings, so
escaped text such as `&lt;script&gt;` is not mistaken for an element.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset(
    {
        *("href", "src", "srcset", "action", "formaction", "cite", "poster"),
        *("background", "data", "xlink:href", "longdesc", "lowsrc", "dynsrc"),
        *("ping", "manifest", "codebase"),
    }
)
FORBIDDEN_TAGS = frozenset(
    {
        *("script", "style", "iframe", "frame", "frameset", "object", "embed"),
        *("applet", "form", "input", "button", "svg", "math", "base", "meta"),
        *("link", "noscript", "template", "textarea", "title", "xmp", "noembed"),
        *("plaintext", "listing", "select", "option", "animate", "set", "image"),
    }
)
LIST_ATTRIBUTES = frozenset({"srcset", "ping"})
VOID_TAGS = frozenset({"br", "hr", "img", "wbr"})
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def _unsafe_url(value: str) -> bool:
    """As a browser reads it: controls and spaces ignored, any case."""
    normalized = re.sub(r"[\x00-\x20\x7f\u2028\u2029]", "", value).lower()
    match = SCHEME.match(normalized)
    return bool(match) and match.group(1) not in SAFE_SCHEMES


def _urls(attribute: str, value: str) -> list[str]:
    """The URLs in an attribute's value: several only where HTML lists several
    (`srcset` with its sizes, `ping`); elsewhere a space is part of the one URL."""
    if attribute in LIST_ATTRIBUTES:
        return re.split(r"[\s,]+", value)
    return [value]


class _Audit(HTMLParser):
    def __init__(self, allowed_tags):
        super().__init__()
        self.allowed_tags = allowed_tags
        self.open = []
        self.problems = []

    def handle_starttag(self, tag, attrs):
        allowed = not self.allowed_tags or tag in self.allowed_tags
        if tag in FORBIDDEN_TAGS or not allowed:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            elif name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            elif name in URL_ATTRIBUTES and any(
                _unsafe_url(url) for url in _urls(name, value or "")
            ):
                self.problems.append(f"unsafe URL {name}={value!r} on <{tag}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.open.pop()

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")

    def handle_comment(self, data):
        self.problems.append("HTML comment")


def html_problems(html: str, allowed_tags: frozenset = frozenset()) -> list[str]:
    """Everything that makes `html` unsafe or broken; empty when it is fine."""
    audit = _Audit(allowed_tags)
    audit.feed(html)
    audit.close()
    if re.search(r"<\s*/?\s*script", html, re.I):
        audit.problems.append("script markup in the raw HTML")
    if audit.open:
        audit.problems.append(f"unclosed {audit.open[-5:]}")
    return audit.problems


def _stored_vectors() -> list[tuple[str, str]]:
    text = (Path(__file__).parent / "data" / "xss_vectors.txt").read_text("utf-8")
    entries = text.split("\n%% ")[1:]
    return [tuple(entry.rstrip("\n").split("\n", 1)) for entry in entries]


def _built_vectors() -> list[tuple[str, str]]:
    return [
        ("nul: inside the script tag", "<scr\x00ipt>alert(1)</scr\x00ipt>"),
        ("nul: inside the scheme", '<a href="java\x00script:alert(1)">x</a>'),
        ("nul: inside a markdown link scheme", "[x](java\x00script:alert(1))"),
        ("nul: inside a handler name", "<img src=x on\x00error=alert(1)>"),
        ("control: before the scheme", '<a href="\x01javascript:alert(1)">x</a>'),
        ("control: vertical tab in the scheme", '<a href="java\x0bscript:1">x</a>'),
        ("control: literal tab in the scheme", '<a href="jav\tascript:alert(1)">x</a>'),
        ("control: literal tab in a markdown link", "[x](jav\tascript:alert(1))"),
        ("control: form feed before a handler", "<img src=x\x0conerror=alert(1)>"),
        ("nested: 10,000 div", "<div>" * 10_000 + "<script>alert(1)</script>"),
        ("nested: 10,000 a", '<a href="javascript:alert`1`">' * 10_000),
        ("nested: 10,000 b", "<b>" * 10_000 + "<img src=x onerror=alert(1)>"),
        ("nested: 10,000 blockquote markers", ">" * 10_000 + " <script>x</script>"),
        ("nested: 10,000 emphasis markers", "*" * 10_000 + "[x](javascript:1)"),
    ]


HOSTILE_BODIES = _stored_vectors() + _built_vectors()


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str, tag: str) -> list[dict]:
    """The attributes of every `tag` element in `html`, in document order."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return [attrs for name, attrs in parser.found if name == tag]
