"""Moving out to WordPress and back: what WordPress's importer reads of the export,
and what the import reads of what WordPress writes (issue 18's findings with a
real WordPress 6.1; bench/wordpress/roundtrip.sh runs the whole trip)."""

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from blog.demo.cover import cover_draw
from blog.exporters.wxr import COMMENT_IDS, PLACEHOLDER, POST_IDS, export_wxr
from blog.importers.wxr import WxrImportError, import_wxr
from blog.models import Page, Post, Tag, WordPressRecord
from comments.markup import clean_comment_html
from comments.models import Comment
from tests.blog.helpers import ONE, TWO, hello, item, wxr
from tests.factories import (
    CommentFactory,
    PageFactory,
    PostFactory,
    TagFactory,
    UserFactory,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "wxr"
WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ELSEWHERE = "https://elsewhere.example.test"
# The order WordPress writes an item's parts in, which its importer relies on.
ORDERED = ("category", f"{WP}postmeta", f"{WP}comment")

pytestmark = pytest.mark.django_db


def exported() -> str:
    out = io.StringIO()
    export_wxr(out)
    return out.getvalue()


def parsed(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - our own output


def items(text: str) -> dict[str, ET.Element]:
    """The export's items by title."""
    return {i.findtext("title"): i for i in parsed(text).iter("item")}


def comments(text: str) -> dict[str, ET.Element]:
    """The export's comments by their text in WordPress."""
    return {
        c.findtext(f"{WP}comment_content"): c for c in parsed(text).iter(f"{WP}comment")
    }


def said(**fields) -> Comment:
    """A comment with its HTML rendered, as comments are saved."""
    markup = fields.get("markup", "markdown")
    html = clean_comment_html(fields["body"], markup=markup)
    return CommentFactory(body_html=html, **fields)


def wipe():
    Comment.objects.all().delete()
    Post.objects.all().delete()
    Page.objects.all().delete()
    Tag.objects.all().delete()
    WordPressRecord.objects.all().delete()


def imported_elsewhere(text: str):
    """Import `text` as another Colloquy would: one at another address."""
    with override_settings(SITE_URL=ELSEWHERE):
        return import_wxr(io.BytesIO(text.encode()))


# --- what WordPress's importer relies on ------------------------------------------


def test_an_item_s_terms_come_before_its_meta_and_its_meta_before_comments():
    post = PostFactory(title="Ordered")
    post.tags.set([TagFactory(name="tagged")])
    said(post=post, body="Hi.")
    order = [
        child.tag for child in items(exported())["Ordered"] if child.tag in ORDERED
    ]
    assert order == sorted(order, key=list(ORDERED).index)


def test_line_breaks_and_rules_are_written_as_wordpress_s_regex_parser_keeps_them():
    PostFactory(title="Ruled", body="One  \ntwo\n\n---\n\nthree", markup="markdown")
    html = items(exported())["Ruled"].findtext(CONTENT)
    assert "<br />" in html and "<hr />" in html
    assert "<br>" not in html and "<hr>" not in html


# --- 1. ids stable for the life of the site -------------------------------------


def test_a_post_written_here_keeps_its_id_from_one_export_to_the_next():
    post = PostFactory(title="Real Relationships")
    first = items(exported())["Real Relationships"].findtext(f"{WP}post_id")
    PostFactory.create_batch(3)
    PageFactory()
    second = items(exported())["Real Relationships"].findtext(f"{WP}post_id")
    assert first == second == str(POST_IDS + post.pk)


def test_an_imported_post_keeps_its_wordpress_id_in_the_export():
    import_wxr(wxr(hello(ONE, "Ann")))
    assert items(exported())["hello"].findtext(f"{WP}post_id") == "10"


def test_a_comment_written_here_is_exported_under_its_own_range_of_ids():
    comment = said(body="Mine.")
    exported_id = comments(exported())["<p>Mine.</p>"].findtext(f"{WP}comment_id")
    assert exported_id == str(COMMENT_IDS + comment.pk)


def test_two_successive_exports_imported_in_order_add_only_what_is_new():
    post = PostFactory(title="First")
    said(post=post, author_name="Ann", body="First.")
    earlier = exported()
    said(post=post, author_name="Bob", body="Second.")
    PostFactory(title="Second")
    later = exported()
    wipe()
    imported_elsewhere(earlier)
    again = imported_elsewhere(later)
    assert (again.posts, sum(again.comments.values())) == (1, 1)
    assert Post.objects.count() == 2
    names = Comment.objects.values_list("author_name", flat=True)
    assert sorted(names) == ["Ann", "Bob"]


def test_importing_its_own_export_into_an_empty_database_keeps_later_exports_ids():
    post = PostFactory(title="Moved")
    said(post=post, body="Kept.")
    before = exported()
    wipe()
    import_wxr(io.BytesIO(before.encode()))
    after = exported()
    assert items(after)["Moved"].findtext(f"{WP}post_id") == (
        items(before)["Moved"].findtext(f"{WP}post_id")
    )
    assert comments(after)["<p>Kept.</p>"].findtext(f"{WP}comment_id") == (
        comments(before)["<p>Kept.</p>"].findtext(f"{WP}comment_id")
    )


# --- 2. WordPress is given HTML; the Markdown travels in meta --------------------

MARKDOWN = """**bold** and [a link](https://example.test/)

| a | b |
|---|---|
| 1 | 2 |

```
print("hi")
```
"""


def test_wordpress_is_given_the_rendered_html_of_a_markdown_post():
    PostFactory(title="Rich", body=MARKDOWN, markup="markdown")
    html = items(exported())["Rich"].findtext(CONTENT)
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.test/"' in html
    assert "<table>" in html and "<pre>" in html
    assert "**" not in html and "|---|" not in html and "```" not in html


def test_wordpress_is_given_the_rendered_html_of_a_markdown_comment():
    said(body="Some **bold**.", markup="markdown")
    assert "<p>Some <strong>bold</strong>.</p>" in comments(exported())


def test_the_markdown_source_comes_back_from_the_export():
    PostFactory(title="Rich", body=MARKDOWN, markup="markdown")
    text = exported()
    wipe()
    import_wxr(io.BytesIO(text.encode()))
    back = Post.objects.get(title="Rich")
    assert (back.markup, back.body) == ("markdown", MARKDOWN)


def test_a_post_edited_in_wordpress_since_comes_back_as_wordpress_s_html():
    PostFactory(title="Rich", body="Some *Markdown*.", markup="markdown")
    text = exported().replace("<p>Some <em>Markdown</em>.</p>", "<p>Edited.</p>")
    wipe()
    import_wxr(io.BytesIO(text.encode()))
    back = Post.objects.get(title="Rich")
    assert (back.markup, back.body) == ("html", "<p>Edited.</p>")


# --- 3. WordPress's namespaces, every spelling --------------------------------


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_namespace_wordpress_has_written_is_read(scheme, version):
    text = wxr(hello(ONE, "Ann", "Bob")).getvalue()
    text = text.replace(
        "http://wordpress.org/export/1.2/",
        f"{scheme}://wordpress.org/export/{version}/",
    )
    summary = import_wxr(io.StringIO(text))
    assert (summary.posts, sum(summary.comments.values())) == (1, 2)
    assert WordPressRecord.objects.get(kind="post").wp_id == 10


def test_the_theme_unit_test_data_with_its_https_namespace_imports():
    summary = import_wxr(DATA / "theme-unit-test.xml")
    assert (summary.posts, summary.pages, sum(summary.comments.values())) == (1, 1, 2)
    post = Post.objects.get()
    assert post.comments.get(author_name="Jane Doe").parent.author_name == "John Doe"


def test_a_namespace_no_wordpress_wrote_is_named_in_the_error():
    text = wxr(hello(ONE, "Ann")).getvalue().replace("export/1.2/", "export/1.3/")
    with pytest.raises(
        WxrImportError, match=r"namespace http://wordpress.org/export/1.3/"
    ):
        import_wxr(io.StringIO(text))
    assert not Post.objects.exists()


def test_an_item_without_a_wordpress_id_is_named_in_the_error():
    text = wxr(hello(ONE, "Ann")).getvalue().replace("<wp:post_id>10</wp:post_id>", "")
    with pytest.raises(WxrImportError, match="has no WordPress id"):
        import_wxr(io.StringIO(text))


# --- 4. signed-in readers' comments carry their name ----------------------------


def test_a_signed_in_reader_s_comment_carries_their_name_email_and_website():
    reader = UserFactory(
        display_name="Rita Reader",
        email="rita@example.test",
        website="https://rita.test/",
    )
    said(user=reader, author_name="", author_email="", body="Hello.")
    exported_comment = comments(exported())["<p>Hello.</p>"]
    assert exported_comment.findtext(f"{WP}comment_author") == "Rita Reader"
    assert exported_comment.findtext(f"{WP}comment_author_email") == "rita@example.test"
    assert exported_comment.findtext(f"{WP}comment_author_url") == "https://rita.test/"


def test_a_signed_in_reader_s_comment_comes_back_with_their_name():
    reader = UserFactory(display_name="Rita Reader")
    said(user=reader, author_name="", body="Hello.")
    text = exported()
    wipe()
    imported_elsewhere(text)
    assert Comment.objects.get().author_name == "Rita Reader"


# --- 5. cover images ------------------------------------------------------------


def with_cover(**fields) -> Post:
    post = PostFactory(
        title="Covered",
        cover_alt="Two circles.",
        cover_caption="Two lights.",
        cover_credit="Drawing: Olga",
        cover_credit_url="https://olga.example.test/",
        **fields,
    )
    post.cover_image.save("circles.jpg", ContentFile(cover_draw()))
    return post


def test_a_cover_image_is_exported_as_the_post_s_thumbnail_attachment():
    post = with_cover()
    by_title = items(exported())
    attachment = by_title["circles.jpg"]
    assert attachment.findtext(f"{WP}post_type") == "attachment"
    assert attachment.findtext(f"{WP}attachment_url").endswith(post.cover_image.url)
    metas = {
        m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value")
        for m in by_title["Covered"].iter(f"{WP}postmeta")
    }
    assert metas["_thumbnail_id"] == attachment.findtext(f"{WP}post_id")


def test_a_cover_image_comes_back_with_its_alt_text_caption_and_credit(settings):
    with_cover()
    text = exported()
    media = Path(settings.MEDIA_ROOT)
    wipe()
    summary = import_wxr(io.BytesIO(text.encode()), media_dir=media)
    back = Post.objects.get(title="Covered")
    assert summary.media == 1 and back.cover_image and back.cover_renditions
    assert (back.cover_alt, back.cover_caption) == ("Two circles.", "Two lights.")
    assert (back.cover_credit, back.cover_credit_url) == (
        "Drawing: Olga",
        "https://olga.example.test/",
    )


def test_a_cover_without_a_media_directory_is_said_to_be_left_out():
    with_cover()
    text = exported()
    wipe()
    summary = import_wxr(io.BytesIO(text.encode()))
    assert not Post.objects.get(title="Covered").cover_image
    assert any("cover image of “Covered”" in line for line in summary.skipped)


# --- 6. Markdown pages --------------------------------------------------------


def test_a_markdown_page_goes_to_wordpress_as_html_and_comes_back_as_markdown():
    PageFactory(title="About", body="I *write*.", markup="markdown")
    text = exported()
    assert "<p>I <em>write</em>.</p>" in items(text)["About"].findtext(CONTENT)
    wipe()
    import_wxr(io.BytesIO(text.encode()))
    back = Page.objects.get(title="About")
    assert (back.markup, back.body) == ("markdown", "I *write*.")


# --- 8. a removed comment with approved replies ---------------------------------


def removed_with_a_reply() -> Comment:
    post = PostFactory(title="Talk")
    parent = said(
        post=post,
        author_name="Troll",
        body="Rude.",
        status=Comment.Status.REMOVED,
        status_before_removal=Comment.Status.APPROVED,
    )
    said(post=post, parent=parent, author_name="Ann", body="Calm down.")
    return parent


def test_a_removed_comment_with_approved_replies_shows_wordpress_a_placeholder():
    removed_with_a_reply()
    exported_comment = comments(exported())[f"<p>{PLACEHOLDER}</p>"]
    assert exported_comment.findtext(f"{WP}comment_approved") == "1"
    assert exported_comment.findtext(f"{WP}comment_author") == ""
    assert "Rude." not in exported_comment.findtext(f"{WP}comment_content")


def test_a_removed_comment_with_approved_replies_comes_back_removed_and_restorable():
    removed_with_a_reply()
    text = exported()
    wipe()
    imported_elsewhere(text)
    back = Comment.objects.get(author_name="Troll")
    assert (back.status, back.body, back.is_restorable) == ("removed", "Rude.", True)
    assert back.get_children().get().author_name == "Ann"


def test_a_removed_comment_alone_goes_to_wordpress_s_trash_with_what_restore_gives():
    said(
        body="Gone.",
        status=Comment.Status.REMOVED,
        status_before_removal=Comment.Status.PENDING,
    )
    exported_comment = comments(exported())["<p>Gone.</p>"]
    assert exported_comment.findtext(f"{WP}comment_approved") == "trash"
    metas = {
        m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value")
        for m in exported_comment.iter(f"{WP}commentmeta")
    }
    assert metas["_wp_trash_meta_status"] == "0"


def test_spam_goes_to_wordpress_s_trash_which_its_export_keeps():
    said(body="Cheap.", status=Comment.Status.SPAM)
    exported_comment = comments(exported())["<p>Cheap.</p>"]
    assert exported_comment.findtext(f"{WP}comment_approved") == "trash"
    metas = {
        m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value")
        for m in exported_comment.iter(f"{WP}commentmeta")
    }
    assert metas["_wp_trash_meta_status"] == "spam"


def test_spam_comes_back_from_wordpress_s_trash_as_spam():
    said(body="Cheap.", author_name="Spammer", status=Comment.Status.SPAM)
    text = exported()
    wipe()
    imported_elsewhere(text)
    back = Comment.objects.get()
    assert (back.status, back.author_name) == ("spam", "Spammer")


def test_a_comment_wordpress_put_in_its_trash_is_restorable_to_its_state_there():
    text = (
        wxr(hello(ONE, "Ann"))
        .getvalue()
        .replace(
            "<wp:comment_approved>1</wp:comment_approved>",
            "<wp:comment_approved>trash</wp:comment_approved><wp:commentmeta>"
            "<wp:meta_key>_wp_trash_meta_status</wp:meta_key>"
            "<wp:meta_value>1</wp:meta_value></wp:commentmeta>",
        )
    )
    import_wxr(io.StringIO(text))
    back = Comment.objects.get()
    assert (back.status, back.status_before_removal) == ("removed", "approved")


# --- 9. WordPress's default category ------------------------------------------


def test_the_default_category_is_left_out_and_other_categories_become_tags():
    summary = import_wxr(DATA / "theme-unit-test.xml")
    names = set(Post.objects.get().tags.values_list("name", flat=True))
    assert names == {"Classic", "comments"}
    assert "Categories imported as tags: “Classic”" in summary.lines()
    assert any("“Uncategorized”, on 1 posts" in line for line in summary.lines())
    assert any("“post_format”" in line for line in summary.lines())


# --- 7. old #comment-N links --------------------------------------------------


def test_a_moved_in_comment_answers_to_its_old_anchor_on_its_post_s_page(client):
    import_wxr(DATA / "theme-unit-test.xml")
    page = client.get(Post.objects.get().get_absolute_url()).content.decode()
    anchored = page.split('<li id="comment-882"', 1)[1].split("</article>", 1)[0]
    assert "A reply." in anchored
    assert '<li id="comment-881"' in page


def test_a_comment_whose_number_another_site_took_gets_one_no_old_link_names():
    import_wxr(wxr(hello(ONE, "Ann", "Bob")))
    import_wxr(wxr(hello(TWO, "Cid", "Dee", "Eve"), site=TWO))
    numbers = {"Cid": 1, "Dee": 2, "Eve": 3}
    second = Comment.objects.filter(author_name__in=numbers)
    for comment in second:
        assert comment.pk == numbers[comment.author_name] or (
            comment.pk not in numbers.values()
        ), comment.author_name
    assert second.get(author_name="Eve").pk == 3


def test_a_comment_written_after_an_import_takes_no_old_number():
    import_wxr(DATA / "theme-unit-test.xml")
    assert said(post=Post.objects.get(), body="New.").pk > 882


def test_a_reply_wordpress_left_under_the_id_our_export_gave_its_parent_finds_it():
    text = wxr(hello(ONE, "Ann", "Bob")).getvalue()
    text = text.replace(  # Ann, renumbered 1 by WordPress, was 1000000027 here
        "<wp:comment_author>Ann</wp:comment_author>",
        "<wp:comment_author>Ann</wp:comment_author><wp:commentmeta><wp:meta_key>"
        "_colloquy_id</wp:meta_key><wp:meta_value>1000000027</wp:meta_value>"
        "</wp:commentmeta>",
    )
    text = text.replace(
        "<wp:comment_parent>1</wp:comment_parent>",
        "<wp:comment_parent>1000000027</wp:comment_parent>",
    )
    import_wxr(io.StringIO(text))
    assert Comment.objects.get(author_name="Bob").parent.author_name == "Ann"


def test_comments_written_here_keep_their_ids_through_their_own_export():
    post = PostFactory(title="Moved")
    first = said(post=post, body="First.")
    second = said(post=post, parent=first, body="Second.")
    text = exported()
    wipe()
    import_wxr(io.BytesIO(text.encode()))
    assert set(Comment.objects.values_list("pk", "body")) == {
        (first.pk, "First."),
        (second.pk, "Second."),
    }


def covered_post(attached_file: str) -> io.StringIO:
    """A post whose cover is attachment 50, at `attached_file` under the uploads."""
    post = item(10, "covered").replace(
        "</item>",
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>50</wp:meta_value></wp:postmeta></item>",
    )
    attachment = (
        "<item><title>cover</title><wp:post_id>50</wp:post_id>"
        "<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
        f"<wp:attachment_url>{ONE}/wp-content/uploads/cover.png</wp:attachment_url>"
        "<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
        f"<wp:meta_value>{attached_file}</wp:meta_value></wp:postmeta></item>"
    )
    return wxr(attachment, post)


def test_a_cover_is_read_from_wordpress_s_path_under_the_uploads(tmp_path):
    (tmp_path / "uploads" / "2024").mkdir(parents=True)
    (tmp_path / "uploads" / "2024" / "cover.png").write_bytes(
        (DATA / "uploads" / "2024" / "01" / "photo.png").read_bytes()
    )
    import_wxr(covered_post("2024/cover.png"), media_dir=tmp_path / "uploads")
    assert Post.objects.get().cover_image


def test_a_cover_path_leading_out_of_the_media_directory_is_refused(tmp_path):
    (tmp_path / "uploads").mkdir()
    (tmp_path / "secret.png").write_bytes(
        (DATA / "uploads" / "2024" / "01" / "photo.png").read_bytes()
    )
    summary = import_wxr(covered_post("../secret.png"), media_dir=tmp_path / "uploads")
    assert not Post.objects.get().cover_image
    assert any("not in the media directory" in line for line in summary.skipped)
