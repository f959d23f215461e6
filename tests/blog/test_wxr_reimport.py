"""Importing into a blog that holds earlier imports: the same site again, another
WordPress site with the same ids, new replies under comments already here."""

import io
import xml.etree.ElementTree as ET
from datetime import UTC

import pytest
from django.core.management import call_command

from blog.importers.wxr import WxrImportError, import_wxr
from blog.models import Post, WordPressRecord
from comments.models import Comment
from tests.blog.helpers import BIG, ONE, TWO, big_thread, comment, hello, item, wxr
from tests.comments.helpers import assert_thread, assert_tree_matches_rebuild, tree_rows
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def imported(wp_id: int, site: str = ONE) -> Post:
    """The post made of WordPress post `wp_id` of `site`."""
    record = WordPressRecord.objects.get(
        site=site.removeprefix("https://"), kind="post", wp_id=wp_id
    )
    return Post.objects.get(pk=record.object_id)


@pytest.fixture
def two_sites():
    first = import_wxr(wxr(hello(ONE, "Ann", "Bob"), site=ONE))
    second = import_wxr(wxr(hello(TWO, "Cid", "Dee", "Eve"), site=TWO))
    return first, second


def test_a_second_site_with_the_same_ids_is_imported_in_full(two_sites):
    _, second = two_sites
    assert (second.posts, sum(second.comments.values())) == (1, 3)
    assert second.already_imported == 0
    assert (Post.objects.count(), Comment.objects.count()) == (2, 5)


def test_each_site_s_comments_thread_under_its_own_post(two_sites):
    assert_thread(imported(10, ONE), "Ann\n  Bob")
    assert_thread(imported(10, TWO), "Cid\n  Dee\n    Eve")
    assert_tree_matches_rebuild()


def test_the_summary_names_the_site_its_ids_belong_to(two_sites):
    _, second = two_sites
    assert "Site: two.example.test" in second.lines()


def test_reimporting_a_site_beside_another_skips_everything(two_sites):
    rows = tree_rows()
    again = import_wxr(wxr(hello(ONE, "Ann", "Bob"), site=ONE))
    assert (again.posts, sum(again.comments.values())) == (0, 0)
    assert again.already_imported == 3
    assert tree_rows() == rows


def test_a_site_moved_to_http_without_www_is_still_the_same_site(db):
    import_wxr(wxr(hello(ONE, "Ann"), site="https://www.One.example.test/"))
    again = import_wxr(wxr(hello(ONE, "Ann"), site="http://one.example.test"))
    assert (again.posts, again.already_imported) == (0, 2)


def test_a_blog_under_another_blog_s_address_is_another_site(db):
    import_wxr(wxr(hello(ONE, "Ann"), site=ONE))
    other = import_wxr(wxr(hello(ONE, "Bob"), site=f"{ONE}/other-blog"))
    assert (other.posts, other.already_imported) == (1, 0)


def test_a_site_named_after_the_first_item_is_an_error_and_nothing_is_kept(db):
    late = wxr(hello(ONE, "Ann"), site=None).getvalue()
    late = late.replace("</channel>", f"<wp:base_blog_url>{ONE}</wp:base_blog_url>")
    late = late.replace("</rss>", "</channel></rss>")
    with pytest.raises(WxrImportError, match="after its first author or item"):
        import_wxr(io.StringIO(late))
    assert not Post.objects.exists()


def test_a_post_id_twice_in_one_file_is_an_error_and_nothing_is_kept(db):
    twice = wxr(hello(ONE, "Ann"), item(10, "other", comment(2, "Bob")))
    with pytest.raises(WxrImportError, match="id of a post earlier in the file"):
        import_wxr(twice)
    assert not Post.objects.exists() and not Comment.objects.exists()


# --- records made before records named their site -------------------------------


def unnamed_records_from_one_site():
    """An import of site ONE as made before records named their site."""
    import_wxr(wxr(hello(ONE, "Ann", "Bob"), site=ONE))
    WordPressRecord.objects.update(site="")


def test_records_from_before_sites_are_adopted_by_the_site_they_lie_under(db):
    unnamed_records_from_one_site()
    again = import_wxr(wxr(hello(ONE, "Ann", "Bob"), site=ONE))
    assert (again.posts, again.already_imported) == (0, 3)
    assert set(WordPressRecord.objects.values_list("site", flat=True)) == {
        "one.example.test"
    }


def test_records_from_before_sites_are_left_to_their_site_by_another(db):
    unnamed_records_from_one_site()
    other = import_wxr(wxr(hello(TWO, "Cid"), site=TWO))
    assert (other.posts, other.already_imported) == (1, 0)
    assert WordPressRecord.objects.filter(site="").count() == 3
    assert any("left alone" in note for note in other.notes)


def test_a_file_naming_no_site_finds_the_records_from_before_sites(db):
    unnamed_records_from_one_site()
    again = import_wxr(wxr(hello(ONE, "Ann", "Bob"), site=None))
    assert (again.posts, again.already_imported) == (0, 3)


# --- a re-export with new replies under comments already here -------------------


@pytest.fixture
def earlier_import():
    """Post 10 of ONE with Ann's comment 1 and Bob's reply 2, imported before."""
    return import_wxr(wxr(hello(ONE, "Ann", "Bob")))


def test_a_new_reply_chain_under_an_old_comment_nests_under_it(earlier_import):
    summary = import_wxr(
        wxr(
            item(
                10,
                "hello",
                comment(1, "Ann"),
                comment(2, "Bob", parent=1),
                comment(3, "Cid", parent=2),
                comment(4, "Dee", parent=3),
                comment(5, "Eve", parent=3),
                comment(6, "Fay", parent=1),
            )
        )
    )
    assert_thread(
        imported(10),
        """
        Ann
          Bob
            Cid
              Dee
              Eve
          Fay
        """,
    )
    assert (sum(summary.comments.values()), summary.already_imported) == (4, 3)
    assert not summary.notes


def test_a_new_reply_chain_under_an_old_comment_keeps_the_tree_sound(earlier_import):
    chain = [comment(n, f"Reader {n}", parent=n - 1) for n in range(3, 8)]
    import_wxr(
        wxr(hello(ONE, "Ann", "Bob").replace("</item>", "".join(chain) + "</item>"))
    )
    assert_tree_matches_rebuild()
    # Five deep at most (the default thread depth): the rest follows beside.
    assert_thread(
        imported(10),
        """
        Ann
          Bob
            Reader 3
              Reader 4
                Reader 5
                Reader 6
                Reader 7
        """,
    )


def test_replies_in_a_circle_in_a_re_export_are_reported_and_become_threads(
    earlier_import,
):
    summary = import_wxr(
        wxr(
            item(
                10,
                "hello",
                comment(1, "Ann"),
                comment(2, "Bob", parent=1),
                comment(3, "Cid", parent=2),
                comment(4, "Dee", parent=5),
                comment(5, "Eve", parent=4),
            )
        )
    )
    assert_thread(imported(10), "Ann\n  Bob\n    Cid\nDee\nEve")
    assert any("2 comments on “hello” reply in a circle" in n for n in summary.notes)
    assert_tree_matches_rebuild()


def test_a_comment_replying_to_itself_is_reported_as_a_circle(db):
    summary = import_wxr(wxr(item(10, "hello", comment(1, "Ann", parent=1))))
    assert_thread(imported(10), "Ann")
    assert any("reply in a circle" in n for n in summary.notes)


# --- comment ids one site cannot have used twice --------------------------------


def second_post(*comments: str) -> io.StringIO:
    """Post 11 of ONE, "second", with `comments`."""
    return wxr(item(11, "second", *comments))


@pytest.fixture
def clash(earlier_import):
    """Post 11 of ONE with comments 1 and 2, which ONE's post 10 already had."""
    return import_wxr(
        second_post(
            comment(1, "Cid"), comment(2, "Dee", parent=1), comment(3, "Eve", parent=2)
        )
    )


def test_comments_with_ids_recorded_on_another_post_are_imported_on_their_own(clash):
    assert_thread(imported(11), "Cid\n  Dee\n    Eve")
    assert_thread(imported(10), "Ann\n  Bob")
    assert_tree_matches_rebuild()


def test_comments_with_ids_recorded_on_another_post_are_reported(clash):
    assert any(
        "2 comments on “second” (ids 1, 2) have WordPress ids recorded before "
        "for comments on “hello”" in note
        for note in clash.notes
    )


def test_importing_again_after_a_clash_adds_nothing(clash):
    rows = tree_rows()
    again = import_wxr(
        second_post(
            comment(1, "Cid"), comment(2, "Dee", parent=1), comment(3, "Eve", parent=2)
        )
    )
    assert (sum(again.comments.values()), again.already_imported) == (0, 4)
    assert tree_rows() == rows


def test_a_reply_to_a_comment_of_another_post_becomes_a_thread_on_its_own(
    earlier_import,
):
    summary = import_wxr(second_post(comment(3, "Cid", parent=1)))
    assert_thread(imported(11), "Cid")
    assert any("which was imported on “hello”" in note for note in summary.notes)


def test_a_comment_deleted_here_is_not_imported_again(earlier_import):
    Comment.objects.get(author_name="Bob").delete()
    import_wxr(wxr(hello(ONE, "Ann", "Bob")))
    assert_thread(imported(10), "Ann")


def test_a_reply_to_a_comment_deleted_here_becomes_a_thread(earlier_import):
    Comment.objects.get(author_name="Bob").delete()
    summary = import_wxr(wxr(hello(ONE, "Ann", "Bob", "Cid")))
    assert_thread(imported(10), "Ann\nCid")
    assert any("which was deleted here" in note for note in summary.notes)


def test_a_comment_id_twice_on_one_post_imports_both_copies(db):
    summary = import_wxr(
        wxr(
            item(
                10, "hello", comment(1, "Ann"), comment(1, "Bob"), comment(2, "Cid", 1)
            )
        )
    )
    assert_thread(imported(10), "Ann\n  Cid\nBob")
    assert any("appear more than once" in note for note in summary.notes)


# --- big threads from one site, each numbering its comments from 1 ---

BIG_THREADS = {
    "thread-27": big_thread(1027, "thread-27", 27, seed=27),
    "thread-1000": big_thread(2000, "thread-1000", 1000, seed=1000),
}

WP = "{http://wordpress.org/export/1.2/}"


def reply_links_in_file(document: io.StringIO) -> set[tuple]:
    """Each comment of `document` as (author, GMT date), with its parent's."""
    comments = {
        c.findtext(f"{WP}comment_id"): (
            c.findtext(f"{WP}comment_author"),
            c.findtext(f"{WP}comment_date_gmt"),
            c.findtext(f"{WP}comment_parent"),
        )
        for c in ET.parse(document).iter(f"{WP}comment")  # noqa: S314 - our own
    }
    top = ("", "")
    return {
        (author, date, *comments.get(parent, top)[:2])
        for author, date, parent in comments.values()
    }


def reply_links_stored(post: Post) -> set[tuple]:
    def key(c: Comment | None) -> tuple:
        if c is None:
            return ("", "")
        return c.author_name, f"{c.created_at.astimezone(UTC):%Y-%m-%d %H:%M:%S}"

    comments = post.comments.select_related("parent")
    return {(*key(c), *key(c.parent)) for c in comments}


@pytest.fixture
def big_threads(db):
    for thread in BIG_THREADS.values():
        import_wxr(wxr(thread, site=BIG))


@pytest.mark.parametrize("name", BIG_THREADS)
def test_big_threads_of_one_site_imported_one_after_another_keep_every_reply(
    big_threads, name
):
    post = Post.objects.get(slug=name)
    in_file = reply_links_in_file(wxr(BIG_THREADS[name], site=BIG))
    assert reply_links_stored(post) == in_file


def test_big_threads_of_one_site_imported_one_after_another_are_sound_trees(
    big_threads,
):
    out = io.StringIO()
    call_command("check_comment_trees", stdout=out)
    assert out.getvalue().startswith("OK: all")
    assert_tree_matches_rebuild()


# --- old addresses that several sites used --------------------------------------


def test_an_old_post_id_two_sites_used_leads_to_the_latest_import(two_sites, client):
    response = client.get("/?p=10")
    assert response.status_code == 301
    assert response["Location"] == imported(10, TWO).get_absolute_url()


def test_an_old_path_two_sites_used_leads_to_the_latest_import(two_sites, client):
    response = client.get("/hello/")
    assert response.status_code == 301
    assert response["Location"] == imported(10, TWO).get_absolute_url()


def later_export(number: int) -> io.StringIO:
    """The export of "hello" after WordPress gave comment `number`, Cid's."""
    bob = comment(2, "Bob", parent=1)
    return wxr(item(10, "hello", comment(1, "Ann"), bob, comment(number, "Cid", 2)))


def test_a_later_comment_whose_old_number_a_comment_here_took_on_its_post_is_named(db):
    """Both sides lived on: a comment written here after the first import, and
    WordPress's own comment of that number in its later export. The one here
    keeps its id (this site's links name it); the summary says where the old
    link now lands."""
    import_wxr(wxr(hello(ONE, "Ann", "Bob")))
    here = Comment.objects.create(post=Post.objects.get(), body="Written here.")

    summary = import_wxr(later_export(here.pk))

    cid = Comment.objects.get(author_name="Cid")
    assert cid.pk != here.pk and Comment.objects.get(pk=here.pk) == here
    assert any(
        f"numbers {here.pk})" in note and "“hello”" in note and "#comment-N" in note
        for note in summary.notes
    )


def test_an_old_number_taken_on_another_post_is_not_named(db):
    import_wxr(wxr(hello(ONE, "Ann", "Bob")))
    elsewhere = Comment.objects.create(post=PostFactory(), body="Elsewhere.")

    summary = import_wxr(later_export(elsewhere.pk))

    assert Comment.objects.get(author_name="Cid").pk != elsewhere.pk
    assert not any("#comment-N" in note for note in summary.notes)
