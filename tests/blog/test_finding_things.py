"""A reader finds the archives, the comment feeds and what the comment form takes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.templatetags.blog_extras import post_excerpt
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def at(year: int) -> datetime.datetime:
    return datetime.datetime(year, 7, 14, 9, 30, tzinfo=datetime.UTC)


def test_the_home_page_links_to_each_year_of_the_archives(client):
    PostFactory(published_at=at(2009))
    PostFactory(published_at=at(2011))

    html = client.get("/").text

    assert f'href="{reverse("blog:archive_year", args=[2011])}"' in html
    assert f'href="{reverse("blog:archive_year", args=[2009])}"' in html


def test_the_home_page_has_no_archive_year_of_a_draft(client):
    PostFactory(published_at=at(2011))
    PostFactory(published_at=at(2005), status="draft")

    html = client.get("/").text

    assert f'href="{reverse("blog:archive_year", args=[2005])}"' not in html


def test_every_page_advertises_the_sites_comment_feed(client):
    html = client.get("/").text
    assert (
        f'<link rel="alternate" type="application/rss+xml" '
        f'title="Colloquy: comments (RSS)" href="{reverse("comments:feed")}">'
    ) in html


def test_a_post_advertises_its_own_comment_feed(client):
    post = PostFactory(title="On letters", published_at=timezone.now())

    html = client.get(post.get_absolute_url()).text

    feed = reverse("comments:post_feed", args=[post.pk])
    assert f'title="Comments on “On letters” (RSS)" href="{feed}"' in html


def test_a_search_without_results_says_so_not_that_the_blog_is_empty(client):
    PostFactory(title="On letters")

    html = client.get(reverse("blog:search"), {"q": "zeppelin"}).text

    assert "0 posts match “zeppelin”." in html
    assert "Try other words, or fewer of them." in html
    assert "No posts here yet." not in html


def test_a_posts_summary_leaves_out_its_footnote_numbers():
    post = PostFactory(body="A claim.[^1] Another.[^2]\n\n[^1]: Source.\n[^2]: More.")
    assert post_excerpt(post) == "A claim. Another."


def test_the_comment_form_says_that_markdown_works_and_html_does_not(client):
    post = PostFactory(published_at=timezone.now())

    html = client.get(post.get_absolute_url()).text

    assert "Markdown works: *italic*, **bold**" in html
    assert "HTML is shown as typed." in html
    assert 'aria-describedby="id_body_helptext"' in html


def test_the_comment_text_comes_before_a_guests_details(client):
    post = PostFactory(published_at=timezone.now())

    html = client.get(post.get_absolute_url()).text

    assert html.index('id="id_body"') < html.index('id="id_author_name"')
