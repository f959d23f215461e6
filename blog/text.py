"""What typed text may hold, and the form fields that keep to it.

On the way in (forms, the WordPress import), a name, an email address or a website
is made one line: line breaks and tabs become a space, and every other control
character (C0, DEL, C1) and the bidi embedding, override and isolate characters
(U+202A to U+202E, U+2066 to U+2069), which would reorder the text shown after a
name, are dropped. A body of text keeps its line breaks and tabs and loses the other
control characters. A website is an http or https address, nothing else. A NUL
is the exception in a form: it is refused with a message, as Django's fields do.
Feeds and emails pass what is stored through the same rules on the way out, so a
row written before them, or by the ORM directly, breaks neither.
"""

import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

_LINE_BREAKS = re.compile("[\t\n\v\f\r\x85]+")
_NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NOT_IN_A_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
WEB_SCHEMES = ("http", "https")


def single_line(text: str) -> str:
    """`text` as one line of plain characters (see the module's rule)."""
    return _NOT_IN_A_LINE.sub("", _LINE_BREAKS.sub(" ", text))


def plain_text(text: str) -> str:
    """`text` with its line breaks and tabs but no other control character."""
    return _NOT_IN_A_TEXT.sub("", text)


def web_url(url: str) -> str:
    """`url` if it is an http or https address, else "": a stored `javascript:` or
    `ftp:` address is never made a link."""
    url = single_line(url).strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""
    return url if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else ""


NUL = "\x00"


class _OneLine:
    def to_python(self, value):
        if isinstance(value, str) and NUL not in value:
            value = single_line(value)
        return super().to_python(value)


class SingleLineField(_OneLine, forms.CharField):
    """A name or a title, cleaned by `single_line`."""


class EmailAddressField(_OneLine, forms.EmailField):
    """An email address, cleaned by `single_line` before it is checked."""


class WebsiteValidator(URLValidator):
    """Django's URL check, for http and https only, saying so of another scheme."""

    def __init__(self):
        super().__init__(schemes=WEB_SCHEMES)

    def __call__(self, value):
        if value.split("://")[0].lower() not in self.schemes:  # as URLValidator
            raise ValidationError(
                _("Enter a website address starting with http:// or https://."),
                code="scheme",  # "invalid" would take the field's own message
            )
        super().__call__(value)


class WebsiteField(_OneLine, forms.URLField):
    """A website: an http or https address, cleaned by `single_line` first."""

    default_validators = [WebsiteValidator()]


class TextBodyField(forms.CharField):
    """A body of text, cleaned by `plain_text`."""

    def to_python(self, value):
        if isinstance(value, str) and NUL not in value:
            value = plain_text(value)
        return super().to_python(value)
