"""Validators, 304 answers and who may keep a page (blog.http_caching)."""

import pytest

from comments.models import Comment
from comments.writer_cookies import WRITTEN_COOKIE, written_cookie
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_post():
    return PostFactory(status="published", allow_comments=False)


@pytest.fixture
def open_post():
    return PostFactory(status="published")


def lists(post):
    tag = TagFactory()
    post.tags.add(tag)
    return [
        "/",
        tag.get_absolute_url(),
        f"/author/{post.author.username}/",
        f"/{post.published_at.year}/",
        "/feed/",
        "/feed/atom/",
    ]


def test_lists_and_feeds_carry_an_etag_and_answer_304(client, closed_post):
    for url in lists(closed_post):
        first = client.get(url)
        assert first.status_code == 200, url
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304, url


def test_lists_and_feeds_may_be_kept_by_a_shared_cache(client, closed_post):
    for url in lists(closed_post):
        cache_control = client.get(url)["Cache-Control"]
        assert "public" in cache_control, url
        assert "max-age=60" in cache_control, url


def test_feeds_do_not_vary_on_cookies(client, closed_post):
    assert "Cookie" not in client.get("/feed/").get("Vary", "")


def test_an_html_page_varies_on_cookies(client, closed_post):
    assert "Cookie" in client.get("/")["Vary"]


def test_a_post_without_a_form_is_public_for_a_first_visit(client, closed_post):
    response = client.get(closed_post.get_absolute_url())

    assert "public" in response["Cache-Control"]
    assert not response.cookies


def test_a_post_page_answers_304_when_unchanged(client, closed_post):
    url = closed_post.get_absolute_url()
    etag = client.get(url)["ETag"]

    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_a_new_comment_changes_the_post_pages_etag(client, closed_post):
    url = closed_post.get_absolute_url()
    etag = client.get(url)["ETag"]

    CommentFactory(post=closed_post, status=Comment.Status.APPROVED, body="New!")
    from comments.services import _thread_changed

    _thread_changed(closed_post.pk)

    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_a_page_with_the_comment_form_that_sets_the_csrf_cookie_is_private(
    client, open_post
):
    response = client.get(open_post.get_absolute_url())

    assert "csrftoken" in response.cookies
    assert response["Cache-Control"] == "private, no-cache"


def test_a_page_with_the_comment_form_answers_304_with_the_same_cookie(
    client, open_post
):
    url = open_post.get_absolute_url()
    first = client.get(url)  # the client keeps the CSRF cookie

    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304


def test_the_token_in_a_revalidated_page_still_lets_the_reader_post(client, open_post):
    client = client.__class__(enforce_csrf_checks=True)
    url = open_post.get_absolute_url()
    html = client.get(url).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    response = client.post(
        "/comments/post/",
        {"csrfmiddlewaretoken": token, "post_id": open_post.pk, "body": "Hi"},
    )

    assert response.status_code != 403


def test_a_reader_with_a_csrf_cookie_gets_a_fresh_page(client, closed_post):
    client.cookies["csrftoken"] = "x" * 32

    response = client.get(closed_post.get_absolute_url())

    assert response["Cache-Control"] == "private, no-cache"


def test_a_signed_in_reader_gets_a_fresh_page(client, closed_post):
    client.force_login(UserFactory())

    for url in ["/", closed_post.get_absolute_url()]:
        assert client.get(url)["Cache-Control"] == "private, no-cache"


def test_a_reader_with_a_comment_awaiting_moderation_gets_a_fresh_page(
    client, closed_post
):
    held = CommentFactory(post=closed_post, status=Comment.Status.PENDING)
    client.cookies[WRITTEN_COOKIE] = written_cookie([held.pk])

    response = client.get(closed_post.get_absolute_url())

    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]


def test_a_preview_is_never_stored(client):
    draft = PostFactory(status="draft")
    client.force_login(draft.author)

    response = client.get(draft.get_absolute_url())

    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
