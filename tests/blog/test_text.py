"""What typed text may hold (blog.text): the rule every form and the import apply
to names, addresses and bodies on the way in."""

import pytest
from django import forms

from blog.text import (
    SingleLineField,
    TextBodyField,
    WebsiteField,
    plain_text,
    single_line,
    web_url,
)

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1b", "\x7f", "\x80", "\x9f"])
def test_a_name_loses_every_control_character(control):
    assert single_line(f"A{control}B") == "AB"


def test_a_name_loses_the_bidi_embedding_override_and_isolate_characters():
    assert single_line(f"Ann{BIDI_CONTROLS}gpj.exe") == "Anngpj.exe"


def test_line_breaks_and_tabs_in_a_name_become_one_space():
    assert (
        single_line("Eve\r\nBcc: x@example.test\t\x85!") == "Eve Bcc: x@example.test !"
    )


def test_a_name_keeps_letters_of_every_script_and_joiners():
    name = "Zoë 李 محمد 👩‍💻\u200f"
    assert single_line(name) == name


def test_a_body_keeps_its_line_breaks_and_tabs_and_loses_other_controls():
    assert plain_text("One\r\nTwo\n\tThree\x00\x0b\x0c\x1b\x7f\x85.") == (
        "One\r\nTwo\n\tThree."
    )


def test_a_body_keeps_bidi_characters_for_right_to_left_writing():
    text = "\u202b\u05e9\u05dc\u05d5\u05dd\u202c"  # "shalom", right to left
    assert plain_text(text) == text


@pytest.mark.parametrize(
    "url", ["https://ann.example/", "http://ann.example/a?b#c", "HTTPS://ANN.EXAMPLE"]
)
def test_an_http_or_https_address_is_a_link(url):
    assert web_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "ftp://ann.example/",
        "javascript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "mailto:ann@example.test",
        "data:text/html,<b>hi</b>",
        "//ann.example/",
        "ann.example",
        "https:ann.example",
        "http://[::1",
        "",
    ],
)
def test_any_other_address_is_not_a_link(url):
    assert web_url(url) == ""


def test_a_linked_address_loses_control_and_bidi_characters():
    assert web_url("https://ann.example/\u202egpj\x01") == "https://ann.example/gpj"


class TypedForm(forms.Form):
    name = SingleLineField(max_length=10)
    website = WebsiteField(required=False, assume_scheme="https")
    body = TextBodyField()


def cleaned(**data) -> forms.Form:
    form = TypedForm({"name": "Ann", "body": "Text.", **data})
    form.is_valid()
    return form


def test_the_name_field_cleans_before_it_counts_the_length():
    form = cleaned(name="\u202e" * 20 + "Ann\x01")
    assert form.cleaned_data["name"] == "Ann"


@pytest.mark.parametrize("url", ["ftp://ann.example/", "javascript:alert(1)"])
def test_the_website_field_takes_http_and_https_only(url):
    form = cleaned(website=url)
    assert form.errors["website"] == [
        "Enter a website address starting with http:// or https://."
    ]


def test_the_website_field_takes_a_bare_domain_as_https():
    assert cleaned(website="ann.example").cleaned_data["website"] == (
        "https://ann.example"
    )


@pytest.mark.parametrize("field", ["name", "website", "body"])
def test_a_nul_in_a_field_is_refused_with_a_message(field):
    form = cleaned(**{field: "https://a\x00.example/"})
    assert "Null characters are not allowed." in form.errors[field]


def test_a_website_that_is_not_an_address_is_refused_as_before():
    assert cleaned(website="nope nope").errors["website"] == ["Enter a valid URL."]


def test_the_body_field_keeps_paragraphs():
    form = cleaned(body="One.\r\n\r\nTwo\x07.")
    assert form.cleaned_data["body"] == "One.\r\n\r\nTwo."
