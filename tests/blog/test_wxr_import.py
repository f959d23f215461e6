import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from blog.importers.wxr import WxrImportError, import_wxr
from blog.models import Image, Page, Post, WordPressRecord
from comments.models import Comment
from tests.blog.helpers import BIG, big_thread, item, wxr
from tests.comments.helpers import assert_thread, set_rules, tree_rows
from tests.factories import UserFactory

DATA = Path(__file__).resolve().parent.parent / "data" / "wxr"

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary():
    return import_wxr(DATA / "blog.xml")


def post(slug):
    return Post.objects.get(slug=slug)


def test_a_thread_four_deep_keeps_its_nesting(summary):
    assert_thread(
        post("four-deep"),
        """
        Ann
          Ann
            Ann
              Rita Reader
        Ann
        Ann
        Ann
        Elsewhere
        Other blog
        Held mention
        Ann
          Ann
        Ann
        """,
    )


def test_a_thread_ten_deep_is_nested_five_deep_and_the_rest_follows_beside(summary):
    # The default thread depth is 5: the top-level comment and four replies deep.
    comments = post("ten-deep").comments.order_by("tree_id", "lft")
    levels = [comment.level for comment in comments]
    assert levels == [0, 1, 2, 3, 4, 4, 4, 4, 4, 4]
    assert len({comment.parent_id for comment in comments[4:]}) == 1


def test_the_tree_fields_are_what_mptt_would_rebuild(summary):
    stored = tree_rows()
    for tree_id in Comment.objects.values_list("tree_id", flat=True).distinct():
        Comment.objects.partial_rebuild(tree_id)
    assert tree_rows() == stored


def test_every_wordpress_comment_state_is_kept(summary):
    states = dict(
        post("four-deep")
        .comments.filter(author_name="Ann", parent=None, created_at__day=3)
        .values_list("ip_address", "status")
    )
    assert states == {
        "203.0.113.110": Comment.Status.PENDING,
        "203.0.113.111": Comment.Status.SPAM,
        "203.0.113.112": Comment.Status.REMOVED,
    }


def test_pingbacks_and_trackbacks_keep_their_kind(summary):
    kinds = dict(
        post("four-deep")
        .comments.exclude(kind=Comment.Kind.COMMENT)
        .values_list("author_name", "kind")
    )
    assert kinds == {
        "Elsewhere": Comment.Kind.PINGBACK,
        "Other blog": Comment.Kind.TRACKBACK,
        "Held mention": Comment.Kind.PINGBACK,
    }
    assert (summary.pingbacks, summary.trackbacks) == (2, 1)


def test_the_comment_count_counts_approved_comments_and_mentions_as_wordpress(
    summary,
):
    # 101-104, 130, 131, 140 and the approved pingback and trackback.
    assert post("four-deep").comment_count == 9


def test_a_reply_whose_parent_comes_later_in_the_file_is_threaded(summary):
    reply = Comment.objects.get(body__startswith="I reply to a comment written")
    assert reply.parent.ip_address == "203.0.113.131"


def test_a_reply_to_a_missing_comment_becomes_a_thread_and_is_reported(summary):
    orphan = Comment.objects.get(body="My parent is gone.")
    assert orphan.parent is None
    assert any("999" in note for note in summary.notes)


def test_a_signed_in_commenter_is_mapped_to_the_imported_user(summary):
    comment = Comment.objects.get(ip_address="203.0.113.104")
    assert comment.user.username == "reader"


def test_comment_details_and_dates_are_imported(summary):
    comment = post("four-deep").comments.get(ip_address="203.0.113.101")
    assert (comment.author_email, comment.author_url) == (
        "ann@example.test",
        "https://ann.example.test/",
    )
    assert comment.created_at.isoformat() == "2024-01-02T10:00:00+00:00"
    assert comment.body_html == "<p>Comment 101.</p>"


def test_non_ascii_and_emoji_survive(summary):
    comment = Comment.objects.get(author_name="Zoë 🦊")
    assert comment.body == "Ça va? Грамота 🎉👍🏽 日本語"
    assert Post.objects.filter(title="Ünïcødé 🎉 post").exists()


def test_a_cdata_section_split_around_its_end_marker_is_joined(summary):
    comment = Comment.objects.get(ip_address="203.0.113.52")
    assert comment.body.startswith("A closing ]]> inside, & an <em>")
    assert "]]&gt; end." in post("unicode-post").body_html


def test_wordpress_paragraphs_are_restored_in_an_html_body(summary):
    body = post("unicode-post")
    assert body.markup == Post.Markup.HTML
    assert body.body_html.startswith("<p>Line one<br")


def test_missing_optional_fields_are_not_an_error(summary):
    bare = Post.objects.get(title="Bare")
    assert bare.slug == "bare"
    assert bare.comments.get().body == "Nothing but a body."


def test_post_statuses_follow_wordpress(summary):
    assert post("a-draft").status == Post.Status.DRAFT
    assert post("private-thoughts").status == Post.Status.DRAFT
    scheduled = post("scheduled")
    assert scheduled.status == Post.Status.PUBLISHED and not scheduled.is_public
    assert any("Private thoughts" in note for note in summary.notes)


def test_categories_and_tags_both_become_tags(summary):
    names = set(post("four-deep").tags.values_list("name", flat=True))
    assert names == {"Life", "Été"}


def test_authors_are_created_without_usable_passwords(summary):
    olga = get_user_model().objects.get(username="olga")
    assert not olga.has_usable_password()
    assert post("four-deep").author == olga


def test_an_author_is_matched_by_email_to_an_existing_account(db):
    existing = UserFactory(username="olga-here", email="olga@example.test")
    import_wxr(DATA / "blog.xml")
    assert post("four-deep").author == existing


def test_pages_become_pages(summary):
    about = Page.objects.get(slug="about")
    assert about.is_published and about.body_html == "<p>Body.</p>"


def test_skipped_items_are_reported_with_a_reason(summary):
    skipped = "\n".join(summary.skipped)
    assert "menus are not imported" in skipped
    assert "custom post type “product”" in skipped
    assert "photo.png recorded, not imported (no --media-dir given)" in skipped
    assert summary.media_urls == [
        "https://old.example.test/wp-content/uploads/2024/01/photo.png"
    ]


def test_a_second_run_changes_nothing(summary):
    counts = (Post.objects.count(), Comment.objects.count(), Page.objects.count())
    rows = tree_rows()
    again = import_wxr(DATA / "blog.xml")
    assert (Post.objects.count(), Comment.objects.count(), Page.objects.count()) == (
        counts
    )
    assert tree_rows() == rows
    assert again.posts == 0 and sum(again.comments.values()) == 0


def test_wordpress_ids_are_recorded_once_per_kind(summary):
    assert WordPressRecord.objects.filter(kind="comment", wp_id=101).count() == 1


def test_a_truncated_file_names_the_line_and_stores_nothing(db):
    with pytest.raises(WxrImportError, match=r"line \d+"):
        import_wxr(DATA / "truncated.xml")
    assert not Post.objects.exists()
    assert not Comment.objects.exists()
    assert not get_user_model().objects.exists()


def test_the_command_prints_the_summary(db):
    out = io.StringIO()
    call_command("import_wxr", str(DATA / "blog.xml"), stdout=out)
    assert "Pingbacks: 2, trackbacks: 1" in out.getvalue()


def test_the_command_reports_a_broken_file_as_an_error(db):
    with pytest.raises(CommandError, match="line"):
        call_command("import_wxr", str(DATA / "truncated.xml"), stdout=io.StringIO())


def test_a_thread_of_27_imports_with_its_nesting(db):
    document = wxr(big_thread(1027, "thread-27", 27, seed=27), site=BIG)
    import_wxr(document)
    imported = Post.objects.get()
    assert imported.comments.count() == 27
    parents = dict(
        WordPressRecord.objects.filter(kind="comment").values_list("object_id", "wp_id")
    )
    ns = {"wp": "http://wordpress.org/export/1.2/"}
    tree = ET.fromstring(document.getvalue())  # noqa: S314 - written by the test
    expected = {
        int(c.findtext("wp:comment_id", namespaces=ns)): int(
            c.findtext("wp:comment_parent", namespaces=ns)
        )
        for c in tree.iter(f"{{{ns['wp']}}}comment")
    }
    actual = {
        parents[c.pk]: parents.get(c.parent_id, 0) for c in imported.comments.all()
    }
    assert actual == expected


def test_the_old_post_id_address_redirects_to_the_new_post(summary, client):
    response = client.get("/?p=10")
    assert response.status_code == 301
    assert response["Location"] == post("four-deep").get_absolute_url()


def test_the_old_page_id_address_redirects_to_the_new_page(summary, client):
    response = client.get("/?page_id=20")
    assert (response.status_code, response["Location"]) == (301, "/about/")


def test_the_old_permalink_path_redirects_to_the_new_post(summary, client):
    response = client.get("/2024/01/01/four-deep/")
    assert response.status_code == 301
    assert response["Location"] == post("four-deep").get_absolute_url()


def test_an_old_address_of_a_draft_does_not_reveal_it(summary, client):
    assert client.get("/?p=15").status_code == 200  # the home page, no redirect
    assert client.get("/2024/03/05/a-draft/").status_code == 404


def test_mentions_are_listed_apart_from_the_discussion(summary, client):
    page = client.get(post("four-deep").get_absolute_url()).content.decode()
    thread, _, mentions = page.partition('class="comment-mentions"')
    assert "Elsewhere" in mentions and "Other blog" in mentions
    assert "Elsewhere" not in thread
    assert "Held mention" not in page


def test_a_thread_deeper_than_the_setting_is_shown_whole_at_the_deepest_level(
    summary, client, settings
):
    set_rules(max_depth=5)
    page = client.get(post("ten-deep").get_absolute_url()).content.decode()
    ids = post("ten-deep").comments.values_list("pk", flat=True)
    assert all(f'id="comment-{pk}"' in page for pk in ids)
    assert page.count("depth-5") == 6
    assert page.count('<ol class="children">') == 4


def test_images_from_the_media_directory_are_imported_and_bodies_point_at_them(db):
    summary = import_wxr(DATA / "media.xml", media_dir=DATA / "uploads")
    image = Image.objects.get()
    assert (image.width, image.height) == (40, 30)
    body = post("with-a-photo").body
    assert f'src="{image.file.url}"' in body
    assert "old.example.test" not in body
    assert summary.media == 1


def test_a_file_that_is_not_really_an_image_is_refused_and_reported(db):
    summary = import_wxr(DATA / "media.xml", media_dir=DATA / "uploads")
    assert any("fake.jpg refused" in item for item in summary.skipped)


def test_a_password_protected_post_keeps_its_password(summary):
    secret = post("secret")
    assert (secret.password, secret.status) == ("opensesame", Post.Status.PUBLISHED)


def test_a_protected_post_shows_a_password_form_not_its_content(summary, client):
    response = client.get(post("secret").get_absolute_url())
    page = response.content.decode()
    assert 'name="post_password"' in page
    assert "Hidden words" not in page and "Secret reply" not in page


def test_the_right_password_opens_the_post_and_its_comments(summary, client):
    url = post("secret").get_absolute_url()
    response = client.post(url, {"post_password": "opensesame"})
    assert (response.status_code, response["Location"]) == (302, url)
    page = client.get(url).content.decode()
    assert "Hidden words" in page and "Secret reply" in page


def test_a_wrong_password_keeps_the_post_closed(summary, client):
    url = post("secret").get_absolute_url()
    response = client.post(url, {"post_password": "guess"})
    assert response.status_code == 403
    assert "Hidden words" not in client.get(url).content.decode()


def test_lists_feeds_and_search_never_show_a_protected_post_content(summary, client):
    for address in ("/", "/feed/", "/search/?q=Hidden", "/comments/feed/"):
        page = client.get(address).content.decode()
        assert "Hidden words" not in page and "Secret reply" not in page, address
    assert "Secret" not in client.get("/search/?q=Hidden").content.decode()


def test_a_long_thread_reports_its_progress_while_its_comments_are_imported(db):
    progress = io.StringIO()
    thread = wxr(big_thread(2000, "thread-1000", 1000, seed=1000))
    import_wxr(thread, progress=progress, progress_seconds=0)
    lines = progress.getvalue().splitlines()
    assert lines[0] == "1 comments imported"
    assert "500 comments imported" in lines and lines[-1] == "1,000 comments imported"


def test_progress_gives_the_file_s_total_once_it_is_known(db, tmp_path):
    path = tmp_path / "thread.xml"
    path.write_text(wxr(big_thread(2000, "thread-27", 27, seed=27)).getvalue())
    progress = io.StringIO()
    import_wxr(path, progress=progress, progress_seconds=0)
    assert progress.getvalue().splitlines()[-1] == "27 of 27 comments imported"


def test_progress_reports_no_oftener_than_its_interval(db):
    progress = io.StringIO()
    thread = wxr(big_thread(2000, "thread-1000", 1000, seed=1000))
    import_wxr(thread, progress=progress, progress_seconds=3600)
    assert progress.getvalue() == "1,000 comments imported\n"


def test_the_command_reports_progress_on_stderr_when_it_is_not_a_terminal(
    db, tmp_path, capsys
):
    path = tmp_path / "thread.xml"
    path.write_text(wxr(big_thread(2000, "thread-27", 27, seed=27)).getvalue())
    call_command("import_wxr", str(path), stdout=io.StringIO())
    assert "27 of 27 comments imported\n" in capsys.readouterr().err


def test_a_thousand_comment_thread_is_built_as_mptt_would_build_it(db):
    import_wxr(wxr(big_thread(2000, "thread-1000", 1000, seed=1000)))
    stored = tree_rows()
    for tree_id in set(Comment.objects.values_list("tree_id", flat=True)):
        Comment.objects.partial_rebuild(tree_id)
    assert len(stored) == 1000
    assert tree_rows() == stored


def test_a_page_keeps_its_comments(summary):
    comment = Page.objects.get(slug="about").comments.get()
    assert (comment.body, comment.post) == ("Nice page.", None)


def test_a_page_shows_its_imported_discussion(summary, client):
    page = client.get("/about/").content.decode()
    assert 'class="comments-area"' in page and "Nice page." in page


def test_a_comment_is_on_a_post_or_a_page_never_both(summary):
    comment = Page.objects.get(slug="about").comments.get()
    comment.post = post("four-deep")
    with pytest.raises(IntegrityError), transaction.atomic():
        comment.save()


def test_the_permalink_of_a_page_comment_leads_to_the_page(summary, client):
    comment = Page.objects.get(slug="about").comments.get()
    response = client.get(comment.get_absolute_url())
    assert response["Location"] == f"/about/#comment-{comment.pk}"


WORDPRESS_COMMENT_HTML = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Formatted</title><dc:creator>olga</dc:creator>
<content:encoded><![CDATA[Body.]]></content:encoded>
<wp:post_id>50</wp:post_id><wp:post_date_gmt>2024-01-01 09:00:00</wp:post_date_gmt>
<wp:post_name>formatted</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>501</wp:comment_id><wp:comment_author>Ann</wp:comment_author>
<wp:comment_date_gmt>2024-01-02 09:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[I <strong>agree</strong>, see <a href="https://example.org/">this</a>.
Second line.

<script>alert(1)</script>Next paragraph.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
</wp:comment></item></channel></rss>
"""


def test_a_wordpress_comments_html_keeps_its_formatting_safely(tmp_path):
    source = tmp_path / "formatted.xml"
    source.write_text(WORDPRESS_COMMENT_HTML, encoding="utf-8")
    import_wxr(source)
    comment = Comment.objects.get()
    assert comment.markup == Post.Markup.HTML
    assert "<strong>agree</strong>" in comment.body_html
    assert (
        'href="https://example.org/" rel="nofollow ugc noopener"' in comment.body_html
    )
    assert "Second line." in comment.body_html and "<br>" in comment.body_html
    assert "<script" not in comment.body_html
    assert comment.body_html.count("<p>") == 2


def test_comments_imported_into_a_post_already_here_show_on_its_kept_page(client):
    import_wxr(DATA / "blog.xml")
    four_deep = post("four-deep")
    client.get(four_deep.get_absolute_url())
    text = (DATA / "blog.xml").read_text()
    first = text.index("<wp:comment>")
    new_comment = (
        text[first : text.index("</wp:comment>", first) + len("</wp:comment>")]
        .replace("<wp:comment_id>101<", "<wp:comment_id>9101<")
        .replace("Comment 101.", "A comment written since the last export.")
    )
    later = text[:first] + new_comment + text[first:]

    import_wxr(io.StringIO(later))

    html = client.get(four_deep.get_absolute_url()).content.decode()
    assert "A comment written since the last export." in html


@pytest.mark.postgres
def test_postgresql_plans_for_the_comments_just_imported(summary):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s",
            [Comment._meta.db_table],
        )
        assert cursor.fetchone()[0] == Comment.objects.count()


def comment_by(comment_id: int, author: str, url: str = "") -> str:
    """An approved comment by `author` with the website `url` (XML as written)."""
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author>{author}</wp:comment_author>"
        "<wp:comment_author_email>ann@example.test</wp:comment_author_email>"
        f"<wp:comment_author_url>{url}</wp:comment_author_url>"
        f"<wp:comment_date_gmt>2024-01-02 10:0{comment_id}:00</wp:comment_date_gmt>"
        "<wp:comment_content>Hi.</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved>"
        "<wp:comment_parent>0</wp:comment_parent></wp:comment>"
    )


def test_an_imported_comment_author_is_one_line_without_bidi_overrides(db):
    import_wxr(wxr(item(1, "hello", comment_by(1, "Ann&#13;&#10;Bcc:\u202e&#x85;x"))))
    assert Comment.objects.get().author_name == "Ann Bcc: x"


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://ann.example/", "https://ann.example/"),
        ("http://ann.example/&#10;", "http://ann.example/"),
        ("ftp://ann.example/", ""),
        ("javascript:alert(1)", ""),
        ("ann.example", ""),
    ],
)
def test_an_imported_comment_keeps_only_a_web_address(db, url, kept):
    import_wxr(wxr(item(1, "hello", comment_by(1, "Ann", url))))
    assert Comment.objects.get().author_url == kept


def test_an_imported_title_and_author_name_are_one_line(db):
    author = (
        "<wp:author><wp:author_login>olga</wp:author_login>"
        "<wp:author_display_name>Olga&#10;\u202eWriter</wp:author_display_name>"
        "</wp:author>"
    )
    titled = item(1, "hello").replace(">hello</title>", ">Hel&#10;lo\u2066</title>")
    import_wxr(wxr(author, titled))
    post = Post.objects.get()
    assert (post.title, post.author.display_name) == ("Hel lo", "Olga Writer")
