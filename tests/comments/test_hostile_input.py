"""Hostile comment forms through the real views: megabyte fields and bytes that
are not UTF-8 in every field, POSTs without CSRF and off-site `next` addresses
are refused or ignored, with a message, and nothing is stored."""

from urllib.parse import parse_qs, quote_from_bytes, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comments.helpers import form_data
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

POST_URL = reverse("comments:post")
FIELDS = ["author_name", "author_email", "author_url", "body"]


def refused_raw(client, body: bytes) -> str:
    response = client.post(
        POST_URL, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize("field", FIELDS)
def test_a_megabyte_in_any_field_is_refused(client, post, field):
    data = form_data(post, **{field: "a" * 1_000_000})
    html = refused_raw(client, urlencode(data).encode())
    assert "characters" in html or "Enter a valid" in html


@pytest.mark.parametrize("field", FIELDS)
def test_bytes_that_are_not_utf8_in_any_field_are_refused(client, post, field):
    data = form_data(post)
    data.pop(field)
    body = urlencode(data).encode() + f"&{field}=".encode()
    body += quote_from_bytes(b"Ann\xff\xfe\xc3(").encode()
    html = refused_raw(client, body)
    assert "could not be read (not UTF-8)" in html or "Enter a valid" in html


def csrf_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def test_the_in_page_moderation_refuses_a_post_without_csrf(post):
    held = CommentFactory(post=post, status=Comment.Status.PENDING)
    response = csrf_client(post.author).post(
        reverse("comments:moderate"), {"comment": held.pk, "action": "approve"}
    )
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING


def test_the_sign_in_from_the_comment_form_refuses_a_post_without_csrf(post):
    client = csrf_client()
    data = form_data(post, provider="loopback")
    response = client.post(reverse("comments:sign_in"), data)
    assert response.status_code == 403
    assert "comment_draft" not in "".join(client.session.keys())


def test_the_profile_refuses_a_post_without_csrf(db):
    user = UserFactory(display_name="Rita Reader")
    response = csrf_client(user).post(
        reverse("profile:profile"), {"display_name": "Mallory", "website": ""}
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.display_name == "Rita Reader"


OFF_SITE = ["//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil"]


def assert_on_site(response) -> None:
    location = response.headers.get("Location", "")
    assert location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", OFF_SITE)
def test_posting_a_comment_never_redirects_off_site(client, post, target):
    response = client.post(f"{POST_URL}?next={target}", form_data(post, next=target))
    assert response.status_code == 302
    assert_on_site(response)


@pytest.mark.parametrize("target", OFF_SITE)
def test_moderating_in_page_never_redirects_off_site(client, post, target):
    held = CommentFactory(post=post, status=Comment.Status.PENDING)
    client.force_login(post.author)
    response = client.post(
        f"{reverse('comments:moderate')}?next={target}",
        {"comment": held.pk, "action": "approve", "next": target},
    )
    assert response.status_code == 302
    assert_on_site(response)


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_comment_form_sign_in_never_sends_an_off_site_next(
    client, post, target, settings
):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {"APP": {"client_id": "id", "secret": "s"}}
    }
    response = client.post(
        f"{reverse('comments:sign_in')}?next={target}",
        form_data(post, provider="github", next=target),
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/github/login/"
    assert parse_qs(location.query)["next"] == [f"{post.get_absolute_url()}#respond"]
