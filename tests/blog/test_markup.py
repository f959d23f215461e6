"""render_post_body: full Markdown (or imported HTML) for posts, made safe."""

import pytest

from blog import markup
from blog.markup import render_post_body
from tests.sanitizer_audit import HOSTILE_BODIES, elements, html_problems

POST_HOSTILE_BODIES = [
    ("heading holding a script", "## Hi <script>alert(1)</script>"),
    ("footnote with a javascript link", "Note[^1]\n\n[^1]: [x](javascript:alert(1))"),
    ("attribute list adding a handler", "![x](/a.png){: onerror=alert(1) }"),
    ("attribute list adding a style", "Text\n{: style='background:url(x)' }"),
    ("attribute list adding a URL", "[x](/a){: href=javascript:alert(1) }"),
    ("table cell with an image handler", "| a |\n|---|\n| <img src=x onerror=1> |"),
    ("abbreviation title with markup", "*[HTML]: <script>alert(1)</script>\n\nHTML"),
    ("figure with an unsafe image", '<figure><img src="data:image/png,x"></figure>'),
    ("details with a handler", "<details ontoggle=alert(1) open><summary>x</summary>"),
    ("srcset with vbscript", '<img src="/a.png" srcset="/a.png 1x, vbscript:x 2x">'),
]
ALL_HOSTILE = HOSTILE_BODIES + POST_HOSTILE_BODIES


def test_the_hostile_corpus_holds_at_least_40_bodies():
    assert len(ALL_HOSTILE) >= 40


@pytest.mark.parametrize("markup_kind", ["markdown", "html"])
@pytest.mark.parametrize(
    "body", [body for _, body in ALL_HOSTILE], ids=[name for name, _ in ALL_HOSTILE]
)
def test_no_hostile_body_survives(body, markup_kind):
    assert html_problems(render_post_body(body, markup=markup_kind)) == []


def test_fenced_code_is_highlighted_with_classes_not_styles():
    html = render_post_body("```python\nimport os\n```")
    assert '<div class="highlight"><pre>' in html
    assert '<span class="kn">import</span>' in html
    assert "style=" not in html


def test_tables_are_rendered_with_alignment():
    html = render_post_body("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert '<th align="left">a</th>' in html
    assert '<td align="right">2</td>' in html


def test_footnotes_link_both_ways():
    html = render_post_body("Claim.[^1]\n\n[^1]: Source.")
    assert elements(html, "sup") == [{"id": "fnref:1"}]
    assert elements(html, "li") == [{"id": "fn:1"}]
    assert [link["href"] for link in elements(html, "a")] == ["#fn:1", "#fnref:1"]


def test_headings_get_ids_and_permalinks():
    html = render_post_body("## Getting started")
    assert html.startswith('<h2 id="getting-started">Getting started<a ')
    assert elements(html, "a")[0]["href"] == "#getting-started"


def test_headings_in_other_scripts_keep_their_letters_in_ids():
    assert 'id="привет-мир"' in render_post_body("## Привет мир")


def test_images_keep_their_responsive_attributes():
    image = {
        "src": "/media/cat-960.jpg",
        "srcset": "/media/cat-480.jpg 480w, /media/cat-960.jpg 960w",
        "sizes": "(max-width: 600px) 100vw, 600px",
        "width": "960",
        "height": "640",
        "alt": "A cat",
        "title": "Our cat",
        "loading": "lazy",
        "class": "alignright",
    }
    tag = "<img " + " ".join(f'{name}="{value}"' for name, value in image.items())
    assert elements(render_post_body(tag + ">"), "img") == [image]


def test_markdown_images_take_attributes_from_an_attribute_list():
    html = render_post_body('![A cat](/media/cat.jpg){: width="480" loading="lazy"}')
    assert elements(html, "img") == [
        {"alt": "A cat", "src": "/media/cat.jpg", "width": "480", "loading": "lazy"}
    ]


def test_figures_keep_their_captions():
    html = render_post_body(
        '<figure><img src="/a.jpg" alt="A"><figcaption>Credit</figcaption></figure>'
    )
    assert "<figcaption>Credit</figcaption></figure>" in html


@pytest.mark.parametrize(
    "snippet",
    [
        "<details><summary>More</summary>Hidden</details>",
        '<abbr title="HyperText Markup Language">HTML</abbr>',
        "H<sub>2</sub>O x<sup>2</sup> <del>old</del>",
        "<dl><dt>Term</dt><dd>Meaning</dd></dl>",
    ],
)
def test_allowed_markup_is_kept(snippet):
    assert snippet in render_post_body(snippet)


def test_external_links_get_noopener():
    (link,) = elements(render_post_body("[x](https://a.example/)"), "a")
    assert link["rel"] == "noopener"


def test_an_existing_rel_is_kept_beside_noopener():
    (link,) = elements(render_post_body('<a href="//a.example" rel="me">x</a>'), "a")
    assert link["rel"] == "me noopener"


def test_links_within_the_site_get_no_rel():
    (link,) = elements(render_post_body("[x](/2009/07/real-relationships/)"), "a")
    assert "rel" not in link


def test_emoji_and_other_scripts_are_kept_intact():
    text = "مرحبا שלום 你好 नमस्ते 👩‍👩‍👧‍👦 Ame\u0301lie"
    assert render_post_body(text) == f"<p>{text}</p>"


def test_imported_html_without_blocks_gets_its_paragraphs_back():
    html = render_post_body(
        "First line\nsecond line\n\nNext <em>paragraph</em>", markup="html"
    )
    assert html == "<p>First line<br>\nsecond line</p>\n<p>Next <em>paragraph</em></p>"


def test_imported_html_with_blocks_keeps_its_own_structure():
    body = "<p>One</p>\n\n<ul>\n<li>Two</li>\n</ul>"
    assert render_post_body(body, markup="html") == body


def test_imported_html_is_not_read_as_markdown():
    assert render_post_body("*not emphasis*", markup="html") == (
        "<p>*not emphasis*</p>"
    )


def test_a_deeply_nested_list_is_kept_as_text_instead_of_failing():
    body = "- " * 499 + "<script>x</script>"
    assert len(body.encode()) < 1024
    html = render_post_body(body)
    assert html.startswith("<pre>- - ")
    assert "&lt;script&gt;" in html


def test_deeply_nested_elements_are_kept_as_text():
    html = render_post_body("<div>" * 10_000 + "x", markup="html")
    assert html.startswith("<pre>&lt;div&gt;")


def test_any_renderer_failure_keeps_the_body_as_escaped_text(monkeypatch):
    def broken(*args, **kwargs):
        raise IndexError("renderer bug")

    monkeypatch.setattr(markup.markdown, "markdown", broken)
    assert render_post_body("<b>x</b> & y") == "<pre>&lt;b&gt;x&lt;/b&gt; &amp; y</pre>"


@pytest.mark.parametrize("heading", ["Respond", "Comments", "Comment 12"])
def test_heading_anchors_never_take_the_comment_threads_ids(heading):
    html = render_post_body(f"## {heading}\n\nText.")
    slug = heading.lower().replace(" ", "-")
    assert f'id="{slug}"' not in html
    assert f'id="section-{slug}"' in html
