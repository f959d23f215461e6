"""clean_comment_html: a small Markdown subset, made safe, for what readers type."""

import pytest

from comments import markup
from comments.markup import CommentMarkupError, clean_comment_html
from tests.sanitizer_audit import HOSTILE_BODIES, elements, html_problems

COMMENT_TAGS = frozenset(
    {"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}
)
DEEP_LIST = "- " * 499 + "x"


def test_the_hostile_corpus_holds_at_least_100_bodies():
    assert len(HOSTILE_BODIES) >= 100


@pytest.mark.parametrize(
    "body", [body for _, body in HOSTILE_BODIES], ids=[n for n, _ in HOSTILE_BODIES]
)
def test_no_hostile_body_survives(body):
    assert html_problems(clean_comment_html(body), COMMENT_TAGS) == []


def test_emphasis_and_strong_are_rendered():
    assert clean_comment_html("*soft* **loud**") == (
        "<p><em>soft</em> <strong>loud</strong></p>"
    )


def test_inline_code_is_rendered_and_escaped():
    assert clean_comment_html("use `a < b`") == "<p>use <code>a &lt; b</code></p>"


def test_fenced_code_blocks_are_rendered_and_escaped():
    assert clean_comment_html("```\n<b>x</b>\n```") == (
        "<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>"
    )


def test_indented_code_blocks_are_rendered():
    assert clean_comment_html("Look:\n\n    x = 1") == (
        "<p>Look:</p>\n<pre><code>x = 1\n</code></pre>"
    )


def test_blockquotes_are_rendered():
    assert clean_comment_html("> you said") == (
        "<blockquote>\n<p>you said</p>\n</blockquote>"
    )


def test_unordered_lists_are_rendered():
    assert clean_comment_html("- one\n- two") == (
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )


def test_ordered_lists_are_rendered():
    assert clean_comment_html("1. one\n2. two") == (
        "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"
    )


def test_blank_lines_part_paragraphs_and_newlines_break_lines():
    assert clean_comment_html("one\ntwo\n\nthree") == (
        "<p>one<br>\ntwo</p>\n<p>three</p>"
    )


def test_markdown_links_keep_their_title_and_get_the_ugc_rel():
    assert clean_comment_html('[docs](https://a.example/ "The docs")') == (
        '<p><a href="https://a.example/" title="The docs" '
        'rel="nofollow ugc noopener">docs</a></p>'
    )


def test_bare_urls_become_links():
    assert elements(clean_comment_html("see https://example.com/x?y=1 now"), "a") == [
        {"href": "https://example.com/x?y=1", "rel": "nofollow ugc noopener"}
    ]


def test_urls_inside_code_are_not_linked():
    assert elements(clean_comment_html("`https://a.example/`"), "a") == []


def test_mailto_links_are_kept():
    (link,) = elements(clean_comment_html("[write](mailto:ann@a.example)"), "a")
    assert link["href"] == "mailto:ann@a.example"


def test_every_link_is_nofollow_ugc_noopener():
    html = clean_comment_html(
        "[a](http://a.example) <https://b.example> http://example.org "
        "[d][ref] [e](/relative)\n\n[ref]: https://d.example"
    )
    links = elements(html, "a")
    assert len(links) == 5
    assert {link["rel"] for link in links} == {"nofollow ugc noopener"}


def test_a_link_with_a_refused_url_becomes_plain_text():
    assert clean_comment_html("[x](javascript:alert(1))") == "<p>x</p>"


def test_typed_html_is_shown_as_the_text_typed():
    assert clean_comment_html("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>"


def test_headings_stay_text():
    assert clean_comment_html("# Title\n\nSub\n===") == (
        "<p># Title</p>\n<p>Sub<br>\n===</p>"
    )


def test_images_are_not_rendered():
    assert elements(clean_comment_html("![cat](http://a.example/c.png)"), "img") == []


def test_tables_are_not_rendered():
    assert "<table" not in clean_comment_html("| a | b |\n|---|---|\n| 1 | 2 |")


def test_rules_are_not_rendered():
    assert clean_comment_html("a\n\n---\n\nb") == "<p>a</p>\n<p>---</p>\n<p>b</p>"


@pytest.mark.parametrize(
    "text",
    [
        "مرحبا بالعالم، هذا تعليق.",  # Arabic
        "\u200fשָׁלוֹם עולם, זו תגובה.",  # noqa: RUF001 (Hebrew, points, RLM)
        "你好，世界。こんにちは。안녕하세요.",  # noqa: RUF001 (Chinese, Japanese, Korean)
        "नमस्ते दुनिया, यह टिप्पणी है।",  # Devanagari, vowel signs
        "👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🧑🏿‍🚀",  # ZWJ sequences, skin tones
        "Ame\u0301lie n\u0303 Z\u0324\u0354\u0367\u0311",  # combining marks, NFD
    ],
    ids=["arabic", "hebrew", "cjk", "devanagari", "emoji", "combining"],
)
def test_every_script_and_emoji_is_kept_intact(text):
    assert clean_comment_html(text) == f"<p>{text}</p>"


def test_an_empty_body_renders_as_nothing():
    assert clean_comment_html("") == ""


def test_a_deeply_nested_list_under_1_kb_is_refused_with_a_message():
    assert len(DEEP_LIST.encode()) < 1024
    with pytest.raises(CommentMarkupError, match="nest too deeply"):
        clean_comment_html(DEEP_LIST)


@pytest.mark.parametrize("flood", ["[" * 8_000, "[](" * 2_700, "(" * 8_000])
def test_a_paragraph_flooded_with_brackets_is_refused(flood):
    with pytest.raises(CommentMarkupError, match="too many brackets"):
        clean_comment_html(flood)


def test_a_comment_after_a_refused_one_renders_as_it_would_alone():
    with pytest.raises(CommentMarkupError):
        clean_comment_html(DEEP_LIST)
    assert clean_comment_html("one\n\ntwo") == "<p>one</p>\n<p>two</p>"


def test_brackets_spread_over_paragraphs_are_rendered():
    body = "\n\n".join(["[a](https://a.example/) (see [b](/b))"] * 200)
    assert len(elements(clean_comment_html(body), "a")) == 400


def test_the_refusal_is_a_value_error_for_the_form():
    assert issubclass(CommentMarkupError, ValueError)


def test_any_renderer_failure_is_refused_with_a_message(monkeypatch):
    def broken(*args, **kwargs):
        raise IndexError("renderer bug")

    monkeypatch.setattr(markup.markdown.Markdown, "convert", broken)
    with pytest.raises(CommentMarkupError):
        clean_comment_html("*fine*")
