"""The flood limit: one comment at a time from one writer (address, email, account).

A refusal answers 429 with Retry-After and says how long to wait; the text typed
comes back in the form and nothing is stored.
"""

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.comments.helpers import POST_URL, form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _flood_limit(settings):
    settings.COMMENTS_FLOOD_SECONDS = 30


def send(client, post, *, address="203.0.113.1", **fields):
    return client.post(POST_URL, form_data(post, **fields), REMOTE_ADDR=address)


def test_a_second_comment_too_soon_answers_429_with_retry_after(client, post):
    send(client, post)
    response = send(client, post, body="Something new.")
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert Comment.objects.count() == 1


def test_the_refusal_says_how_long_to_wait_and_keeps_the_text(client, post):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        send(client, post)
    with time_machine.travel(now + timezone.timedelta(seconds=12), tick=False):
        response = send(client, post, body="Words worth keeping.")
    html = response.content.decode()
    assert response["Retry-After"] == "18"
    assert "Please wait 18 seconds and send it again." in html
    assert "Words worth keeping." in html


def test_the_same_address_may_comment_again_once_the_time_has_passed(client, post):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        send(client, post)
    with time_machine.travel(now + timezone.timedelta(seconds=31), tick=False):
        assert send(client, post, body="Later words.").status_code == 302


def test_the_same_email_from_another_address_is_held_back(client, post):
    send(client, post)
    other = send(Client(), post, address="198.51.100.9", body="From elsewhere.")
    assert other.status_code == 429


def test_the_same_email_in_capitals_is_the_same_writer(client, post):
    email = form_data(post)["author_email"]
    send(client, post)
    other = send(
        Client(),
        post,
        address="198.51.100.9",
        author_email=email.upper(),
        body="From elsewhere.",
    )
    assert other.status_code == 429


def test_the_same_account_from_another_address_is_held_back(post):
    reader = UserFactory()
    first, second = Client(), Client()
    first.force_login(reader)
    second.force_login(reader)
    send(first, post)
    assert send(second, post, address="198.51.100.9", body="Again.").status_code == 429


def test_another_writer_from_another_address_is_not_held_back(client, post):
    send(client, post)
    other = send(
        Client(),
        post,
        address="198.51.100.9",
        author_name="Bob",
        author_email="bob@example.test",
    )
    assert other.status_code == 302


def test_staff_are_not_held_back(post):
    editor = UserFactory(is_staff=True)
    client = Client()
    client.force_login(editor)
    send(client, post)
    assert send(client, post, body="And more.").status_code == 302


def test_no_limit_when_the_setting_is_zero(client, post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    send(client, post)
    assert send(client, post, body="Something new.").status_code == 302
