import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from blog.exporters.wxr import cdata, export_wxr
from blog.importers.wxr import import_wxr
from blog.models import Page, Post, Tag, WordPressRecord
from comments.models import Comment
from tests.blog.helpers import ONE, TWO, hello, wxr
from tests.factories import CommentFactory, PostFactory

DATA = Path(__file__).resolve().parent.parent / "data" / "wxr"
WP = "{http://wordpress.org/export/1.2/}"

pytestmark = pytest.mark.django_db


def exported() -> str:
    out = io.StringIO()
    call_command("export_wxr", stdout=out)
    return out.getvalue()


def posts_and_threads():
    """Everything the round trip must keep, without database ids."""
    result = {}
    for post in Post.objects.order_by("slug"):
        comments = post.comments.order_by("tree_id", "lft")
        result[post.slug] = (
            post.title,
            post.status,
            post.published_at,
            post.body,
            post.markup,
            post.author.username,
            sorted(post.tags.values_list("name", flat=True)),
            post.comment_count,
            [
                (c.level, c.author_name, c.status, c.kind, c.body, c.created_at)
                for c in comments
            ],
        )
    return result


def wipe():
    Comment.objects.all().delete()
    Post.objects.all().delete()
    Page.objects.all().delete()
    Tag.objects.all().delete()
    WordPressRecord.objects.all().delete()
    get_user_model().objects.all().delete()


def test_cdata_splits_its_end_marker():
    assert cdata("a]]>b") == "<![CDATA[a]]]]><![CDATA[>b]]>"


def test_the_export_is_wxr_1_2_with_authors_items_and_comments():
    import_wxr(DATA / "blog.xml")
    root = ET.fromstring(exported())  # noqa: S314 - our own output
    channel = root.find("channel")
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    logins = {a.findtext(f"{WP}author_login") for a in channel.iter(f"{WP}author")}
    assert logins == {"olga"}
    types = [i.findtext(f"{WP}post_type") for i in channel.iter("item")]
    assert types.count("page") == 1
    states = {c.findtext(f"{WP}comment_approved") for c in root.iter(f"{WP}comment")}
    assert states == {"1", "0", "trash"}  # spam in the Trash: WordPress exports it


def test_exporting_then_importing_into_an_empty_database_keeps_posts_and_threads():
    import_wxr(DATA / "blog.xml")
    before = posts_and_threads()
    pages = list(Page.objects.values_list("slug", "title", "body", "is_published"))
    page_comments = list(
        Comment.objects.filter(page__isnull=False).values_list(
            "level", "body", "status"
        )
    )
    text = exported()
    wipe()
    import_wxr(io.BytesIO(text.encode()))
    assert posts_and_threads() == before
    assert list(Page.objects.values_list("slug", "title", "body", "is_published")) == (
        pages
    )
    assert (
        list(
            Comment.objects.filter(page__isnull=False).values_list(
                "level", "body", "status"
            )
        )
        == page_comments
    )


def test_importing_its_own_export_again_changes_nothing():
    import_wxr(DATA / "blog.xml")
    before = posts_and_threads()
    import_wxr(io.BytesIO(exported().encode()))
    assert posts_and_threads() == before


def two_sites_with_the_same_ids():
    import_wxr(wxr(hello(ONE, "Ann", "Bob"), site=ONE))
    import_wxr(wxr(hello(TWO, "Cid", "Dee"), site=TWO))


def test_ids_that_two_imported_sites_share_are_each_written_once():
    two_sites_with_the_same_ids()
    root = ET.fromstring(exported())  # noqa: S314 - our own output
    post_ids = [i.findtext(f"{WP}post_id") for i in root.iter("item")]
    comment_ids = [c.findtext(f"{WP}comment_id") for c in root.iter(f"{WP}comment")]
    assert len(set(post_ids)) == len(post_ids) == 2
    assert len(set(comment_ids)) == len(comment_ids) == 4


def test_the_export_of_two_sites_imports_whole_into_an_empty_blog():
    two_sites_with_the_same_ids()
    before = posts_and_threads()
    text = exported()
    wipe()
    import_wxr(io.BytesIO(text.encode()))
    assert posts_and_threads() == before


def test_the_export_streams_to_any_text_file():
    import_wxr(DATA / "blog.xml")
    out = io.StringIO()
    export_wxr(out)
    assert out.getvalue().rstrip().endswith("</rss>")


def test_a_markdown_post_comes_back_as_markdown():
    PostFactory(title="Written here", body="Some *Markdown*.", markup="markdown")
    text = exported()
    wipe()
    import_wxr(io.BytesIO(text.encode()))
    back = Post.objects.get(title="Written here")
    assert (back.markup, back.body) == ("markdown", "Some *Markdown*.")


def test_a_comment_written_here_comes_back_as_markdown():
    post = PostFactory(title="Discussed here")
    CommentFactory(post=post, body="Some *Markdown*.", body_html="<p>x</p>")
    text = exported()
    wipe()
    import_wxr(io.BytesIO(text.encode()))
    back = Comment.objects.get()
    assert (back.markup, back.body) == ("markdown", "Some *Markdown*.")
    assert "<em>Markdown</em>" in back.body_html
