"""Pagination by top-level threads, comment permalinks, and the comment feeds."""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.comments.helpers import build_thread, parse_thread, set_rules
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

SIX_THREADS = "A\n  a\nB\nC\n  c\nD\nE\nF"


def shown_ids(client, url) -> list[int]:
    html = client.get(url).content.decode()
    return [pk for pk, _, _ in parse_thread(html[html.index("<ol class=") :])]


def test_comments_are_on_one_page_by_default(client, post):
    made = build_thread(post, SIX_THREADS)
    assert len(shown_ids(client, post.get_absolute_url())) == len(made)


def test_pages_hold_whole_top_level_threads_oldest_first(client, post):
    set_rules(per_page=2)
    made = build_thread(post, SIX_THREADS)
    url = post.get_absolute_url()
    assert shown_ids(client, url) == [made[k].pk for k in ("A", "a", "B")]
    assert shown_ids(client, url + "?cpage=2") == [made[k].pk for k in ("C", "c", "D")]


def test_pages_can_show_the_newest_threads_first(client, post, settings):
    set_rules(per_page=2)
    settings.COMMENTS_PAGE_ORDER = "newest"
    made = build_thread(post, SIX_THREADS)
    assert shown_ids(client, post.get_absolute_url()) == [made["F"].pk, made["E"].pk]


def test_a_page_past_the_end_shows_the_last_page(client, post):
    set_rules(per_page=2)
    made = build_thread(post, SIX_THREADS)
    url = post.get_absolute_url() + "?cpage=99"
    assert shown_ids(client, url) == [made["E"].pk, made["F"].pk]


def test_pages_link_to_each_other(client, post):
    set_rules(per_page=2)
    build_thread(post, SIX_THREADS)
    html = client.get(post.get_absolute_url() + "?cpage=2").content.decode()
    url = post.get_absolute_url()
    assert f'href="{url}?cpage=1#comments"' in html
    assert f'href="{url}?cpage=3#comments"' in html


def test_reply_links_on_a_later_page_keep_the_page(client, post):
    set_rules(per_page=2)
    made = build_thread(post, SIX_THREADS)
    html = client.get(post.get_absolute_url() + "?cpage=2").content.decode()
    url = post.get_absolute_url()
    assert f'href="{url}?cpage=2&amp;replytocom={made["C"].pk}#respond"' in html


def test_a_permalink_lands_on_the_page_of_its_thread(client, post):
    set_rules(per_page=2)
    made = build_thread(post, SIX_THREADS)
    response = client.get(made["c"].get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == (
        f"{post.get_absolute_url()}?cpage=2#comment-{made['c'].pk}"
    )


def test_a_permalink_without_pagination_is_the_post_anchor(client, post):
    comment = CommentFactory(post=post)
    response = client.get(comment.get_absolute_url())
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"


def test_a_held_comment_has_no_permalink_for_others(client, post):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    assert client.get(comment.get_absolute_url()).status_code == 404


def test_the_site_feed_lists_approved_comments_only(client, post):
    CommentFactory(post=post, body_html="<p>approved words</p>")
    CommentFactory(post=post, body_html="<p>held words</p>", status="pending")
    CommentFactory(post=post, body_html="<p>spam words</p>", status="spam")
    CommentFactory(post=PostFactory(status="draft"), body_html="<p>draft words</p>")
    xml = client.get(reverse("comments:feed")).content.decode()
    assert "approved words" in xml
    for hidden in ("held words", "spam words", "draft words"):
        assert hidden not in xml


def test_the_post_feed_lists_that_posts_comments(client, post):
    CommentFactory(post=post, body_html="<p>here</p>")
    CommentFactory(post=PostFactory(), body_html="<p>elsewhere</p>")
    response = client.get(reverse("comments:post_feed", args=[post.pk]))
    xml = response.content.decode()
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "here" in xml
    assert "elsewhere" not in xml


def test_a_draft_post_has_no_comment_feed(client):
    draft = PostFactory(status="draft")
    assert client.get(reverse("comments:post_feed", args=[draft.pk])).status_code == 404
