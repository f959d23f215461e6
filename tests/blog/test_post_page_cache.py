"""The post page kept whole for cookie-less readers (blog.post_page)."""

import datetime
import re

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog import post_page
from comments.forms import TIMESTAMP_SALT
from comments.models import ModerationSettings
from comments.services import comment_approve, comment_create, comment_remove
from tests.comments.helpers import POST_URL, form_data, set_rules
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def approved_comment(post, name: str, body: str):
    """A comment written and approved through the services, as on the site."""
    from django.contrib.auth.models import AnonymousUser

    comment = comment_create(
        post=post,
        parent=None,
        user=AnonymousUser(),
        author_name=name,
        author_email=f"{name.encode().hex()}@example.test",
        author_url="",
        body=body,
        ip_address=None,
        user_agent="pytest",
    )
    return comment_approve(comment=comment)


@pytest.fixture
def post():
    post = PostFactory(status="published", title="Kept pages")
    approved_comment(post, "Ann", "A thought from Ann.")
    return post


def hidden_value(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def post_with_token(client, post, html: str, token: str):
    """Post a comment from the page `html` with the CSRF token `token`."""
    return client.post(
        "/comments/post/",
        {
            "csrfmiddlewaretoken": token,
            "post_id": post.pk,
            "timestamp": hidden_value(html, "timestamp"),
            "body": "Hi",
        },
    )


def test_a_second_cookie_less_view_reads_only_the_post(post):
    url = post.get_absolute_url()
    Client().get(url)

    with CaptureQueriesContext(connection) as queries:
        html = Client().get(url).content.decode()

    assert "A thought from Ann." in html
    tables = " ".join(query["sql"] for query in queries)
    assert len(queries) == 1
    assert "comments_comment" not in tables
    assert "blog_tag" not in tables


def test_every_reader_of_a_kept_page_gets_their_own_csrf_token(post):
    url = post.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    first_token = hidden_value(first.get(url).content.decode(), "csrfmiddlewaretoken")
    html = second.get(url).content.decode()
    second_token = hidden_value(html, "csrfmiddlewaretoken")

    assert first_token != second_token
    response = post_with_token(second, post, html, second_token)
    assert response.status_code != 403


def test_a_returning_reader_gets_a_new_token_for_the_cookie_they_have(post):
    url = post.get_absolute_url()
    reader = Client(enforce_csrf_checks=True)
    first_token = hidden_value(reader.get(url).content.decode(), "csrfmiddlewaretoken")
    cookie = reader.cookies["csrftoken"].value

    html = reader.get(url).content.decode()

    token = hidden_value(html, "csrfmiddlewaretoken")
    assert token != first_token
    assert reader.cookies["csrftoken"].value == cookie
    response = post_with_token(reader, post, html, token)
    assert response.status_code != 403


def test_a_token_from_another_reader_s_page_is_refused(post):
    url = post.get_absolute_url()
    other_token = hidden_value(
        Client().get(url).content.decode(), "csrfmiddlewaretoken"
    )
    reader = Client(enforce_csrf_checks=True)
    html = reader.get(url).content.decode()

    response = post_with_token(reader, post, html, other_token)

    assert response.status_code == 403


def test_a_long_thread_goes_to_the_server_as_it_is_not_copied(rf):
    thread = b"<ol>" + b"<li>A comment.</li>" * 10_000 + b"</ol>"
    page = post_page.PostPage(
        pieces=(b"<main>", thread, b'<input value="', "csrf", b'"></main>'),
        digest="d",
        post_id=1,
        versions=(None, 1),
    )

    response = page.response(rf.get("/"))

    assert any(chunk is thread for chunk in response)
    token = response.content.split(b'value="')[1].split(b'"')[0]
    assert len(token) == 64
    assert response.content == (
        b"<main>" + thread + b'<input value="' + token + b'"></main>'
    )
    assert response["Content-Length"] == str(len(response.content))


def test_a_page_kept_by_one_worker_is_served_by_another(post, monkeypatch, settings):
    """Each process draws its own slot names; a kept page must not depend on them
    (kept in a cache shared by the workers, as Redis once was, it gave a 500)."""
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    url = post.get_absolute_url()
    Client().get(url)
    monkeypatch.setattr(post_page, "CSRF_SLOT", "csrf-another-worker")
    monkeypatch.setattr(post_page, "TIMESTAMP_SLOT", "timestamp-another-worker")
    reader = Client(enforce_csrf_checks=True)

    html = reader.get(url).content.decode()

    response = reader.post(
        "/comments/post/",
        {
            "csrfmiddlewaretoken": hidden_value(html, "csrfmiddlewaretoken"),
            "post_id": post.pk,
            "timestamp": hidden_value(html, "timestamp"),
            "author_name": "Bo",
            "author_email": "bo@example.test",
            "body": "Served by another worker.",
        },
    )
    assert response.status_code == 302


def test_a_kept_page_carries_a_form_timestamp_of_its_own_view(post):
    url = post.get_absolute_url()
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        Client().get(url)
    later = now + datetime.timedelta(seconds=30)

    with time_machine.travel(later, tick=False):
        html = Client().get(url).content.decode()

    signed = hidden_value(html, "timestamp")
    data = signing.loads(signed, salt=TIMESTAMP_SALT)
    assert data == {"post": post.pk, "at": later.timestamp()}


def test_no_slot_is_left_in_a_kept_page(post):
    url = post.get_absolute_url()
    Client().get(url)

    html = Client().get(url).content.decode()

    assert "<!--comment-thread-" not in html
    assert 'value="csrf-' not in html
    assert 'value="timestamp-' not in html


def test_an_edit_of_the_post_shows_at_once(post):
    url = post.get_absolute_url()
    Client().get(url)

    post.title = "Pages kept, then changed"
    post.save()

    assert "Pages kept, then changed" in Client().get(url).content.decode()


def test_a_post_made_a_draft_is_never_served_from_its_kept_page(post):
    url = post.get_absolute_url()
    Client().get(url)

    post.status = "draft"
    post.save()

    assert Client().get(url).status_code == 404


def test_a_deleted_post_is_never_served_from_its_kept_page(post):
    url = post.get_absolute_url()
    Client().get(url)

    post.delete()

    assert Client().get(url).status_code == 404


def test_a_new_approved_comment_shows_at_once(post):
    url = post.get_absolute_url()
    Client().get(url)

    approved_comment(post, "Bob", "A thought from Bob.")

    assert "A thought from Bob." in Client().get(url).content.decode()


def test_a_removed_comment_leaves_at_once(post):
    url = post.get_absolute_url()
    Client().get(url)

    comment_remove(comment=post.comments.get(author_name="Ann"))

    assert "A thought from Ann." not in Client().get(url).content.decode()


def test_a_reader_with_saved_comment_details_gets_them_in_the_form(post):
    url = post.get_absolute_url()
    Client().get(url)
    client = Client()
    client.cookies["comment_author"] = "Zelda"

    html = client.get(url).content.decode()

    assert 'value="Zelda"' in html


def returning_guest(**details) -> Client:
    """A guest who asked to keep their details: the comment form's cookies."""
    client = Client()
    for field, value in details.items():
        client.cookies[f"comment_{field}"] = value
    return client


def field_value(html: str, name: str) -> str | None:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group()
    value = re.search(r'value="([^"]*)"', found)
    return value and value.group(1)


def test_a_second_view_by_a_returning_guest_reads_only_the_post(post):
    url = post.get_absolute_url()
    returning_guest(author="Zelda").get(url)

    with CaptureQueriesContext(connection) as queries:
        html = returning_guest(author="Zelda").get(url).content.decode()

    assert len(queries) == 1
    assert field_value(html, "author_name") == "Zelda"


def test_two_returning_guests_each_see_only_their_own_details(post):
    url = post.get_absolute_url()
    zelda = returning_guest(author="Zelda", author_email="zelda%40example.test")
    yusuf = returning_guest(author="Yusuf", author_url="https%3A//yusuf.example")

    first = zelda.get(url).content.decode()
    second = yusuf.get(url).content.decode()
    again = zelda.get(url).content.decode()

    assert field_value(first, "author_email") == "zelda@example.test"
    assert field_value(second, "author_name") == "Yusuf"
    assert field_value(second, "author_url") == "https://yusuf.example"
    assert "Zelda" not in second and "zelda@" not in second
    assert "Yusuf" not in again and field_value(again, "author_url") in ("", None)


def test_a_returning_guest_s_details_are_escaped_in_the_kept_page(post):
    url = post.get_absolute_url()
    returning_guest(author="Zelda").get(url)
    hostile = returning_guest(author="%22%3E%3Cscript%3Ealert(1)%3C/script%3E")

    html = hostile.get(url).content.decode()

    assert "<script>alert(1)" not in html
    assert (
        field_value(html, "author_name")
        == "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    )


def test_a_returning_guest_s_page_keeps_their_details_ticked(post):
    url = post.get_absolute_url()
    returning_guest(author="Zelda").get(url)

    html = returning_guest(author="Zelda").get(url).content.decode()

    checkbox = re.search(r'<input[^>]*name="save_details"[^>]*>', html).group()
    assert "checked" in checkbox


def test_the_cookie_less_page_keeps_no_details_ticked_after_a_returning_guest(post):
    url = post.get_absolute_url()
    returning_guest(author="Zelda").get(url)
    returning_guest(author="Zelda").get(url)

    html = Client().get(url).content.decode()

    checkbox = re.search(r'<input[^>]*name="save_details"[^>]*>', html).group()
    assert "checked" not in checkbox
    assert field_value(html, "author_name") in ("", None)


def test_two_returning_guests_get_different_etags(post):
    url = post.get_absolute_url()
    returning_guest(author="Zelda").get(url)
    tags = {
        returning_guest(author=name).get(url)["ETag"] for name in ("Zelda", "Yusuf")
    }
    assert len(tags) == 2


def test_a_guest_who_wrote_a_held_comment_never_gets_a_kept_page(post, settings):
    set_rules(hold=ModerationSettings.Hold.EVERYONE)
    url = post.get_absolute_url()
    client = returning_guest(author="Zelda")
    client.get(url)
    client.get(url)
    sent = form_data(post, author_name="Zelda", body="Held words of Zelda.")
    assert client.post(POST_URL, sent).status_code == 302

    html = client.get(url).content.decode()

    assert "Held words of Zelda." in html


def test_a_signed_in_reader_never_gets_the_kept_page(post):
    url = post.get_absolute_url()
    Client().get(url)
    client = Client()
    client.force_login(UserFactory(display_name="Yusuf"))

    html = client.get(url).content.decode()

    assert "Yusuf" in html
    assert "Fill in your details below" not in html


def test_each_page_of_comments_is_kept_apart():
    set_rules(per_page=1)
    post = PostFactory(status="published")
    approved_comment(post, "Ann", "The first thread.")
    approved_comment(post, "Bo", "The second thread.")
    url = post.get_absolute_url()

    for _ in range(2):  # the second round is served from the kept pages
        first = Client().get(url).content.decode()
        second = Client().get(url + "?cpage=2").content.decode()

        assert "The first thread." in first
        assert "The second thread." not in first
        assert "The second thread." in second
        assert "The first thread." not in second


def test_a_reply_link_is_never_answered_with_the_kept_page(post):
    url = post.get_absolute_url()
    Client().get(url)
    parent = post.comments.get()

    html = Client().get(f"{url}?replytocom={parent.pk}").content.decode()

    assert hidden_value(html, "parent_id") == str(parent.pk)


def test_a_kept_page_closes_its_comments_when_the_post_gets_too_old(post):
    set_rules(close_after_days=10)
    post.published_at = timezone.now() - datetime.timedelta(days=9)
    post.save()
    url = post.get_absolute_url()
    assert 'id="commentform"' in Client().get(url).content.decode()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        html = Client().get(url).content.decode()

    assert 'id="commentform"' not in html
    assert "Comments are closed." in html


def test_saved_rules_show_on_a_kept_page_at_once(post):
    from comments.models import ModerationSettings

    url = post.get_absolute_url()
    assert 'id="commentform"' in Client().get(url).content.decode()

    ModerationSettings.objects.create(pk=1, close_after_days=1)

    assert 'id="commentform"' not in Client().get(url).content.decode()


def test_the_neighbouring_posts_may_be_as_old_as_page_cache_seconds(post, settings):
    # Kept pages live in the process's memory, whose clock the test can move.
    settings.PAGE_CACHE_SECONDS = 60
    url = post.get_absolute_url()
    Client().get(url)
    newer = PostFactory(status="published", title="A newer post")

    within = Client().get(url).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        after = Client().get(url).content.decode()

    assert "A newer post" not in within
    assert f'href="{newer.get_absolute_url()}" rel="next"' in after


def test_a_kept_page_lets_the_csp_send_the_form_to_the_sign_in_providers(post):
    from allauth.socialaccount.models import SocialApp
    from django.contrib.sites.models import Site

    app = SocialApp.objects.create(
        provider="github", name="GitHub", client_id="id", secret="s"
    )
    app.sites.add(Site.objects.get_current())
    url = post.get_absolute_url()
    Client().get(url)

    response = Client().get(url)

    assert 'value="github"' in response.content.decode()
    assert "https://github.com" in response["Content-Security-Policy"]


def test_a_thread_with_characters_beyond_latin_is_spliced_whole(post):
    approved_comment(post, "Zoë 🦜", "Squawk — 鳥 🦜.")
    url = post.get_absolute_url()
    Client().get(url)

    html = Client().get(url).content.decode()

    assert "Zoë 🦜" in html
    assert "Squawk — 鳥 🦜." in html
