"""Notifications delivered to a real SMTP server on loopback; the unsubscribe link."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from comments.models import Comment
from tests.comments.helpers import POST_URL, form_data, make_comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(post):
    return CommentFactory(post=post, author_name="Bob", notify_replies=True)


@pytest.fixture
def reply_email(post, staff, subscribed, smtp_sink, django_capture_on_commit_callbacks):
    """The email Bob gets when the editor answers him, as the SMTP server got it."""
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post, parent=subscribed, user=staff, body="Thanks, *Bob*.")
    (envelope,) = [e for e in smtp_sink.envelopes if "bob@example.test" in e.rcpt_tos]
    (message,) = [m for m in smtp_sink.messages() if m["To"] == "bob@example.test"]
    return envelope, message


def header(message, name: str) -> str:
    """A header's value; a long one is folded onto the next line after its name."""
    return str(message[name]).strip()


def unsubscribe_path(message) -> str:
    url = re.fullmatch(r"<(.+)>", header(message, "List-Unsubscribe"))[1]
    return urlsplit(url).path


def test_the_reply_email_goes_to_the_subscriber_alone(reply_email):
    envelope, _ = reply_email
    assert envelope.rcpt_tos == ["bob@example.test"]
    assert envelope.mail_from == "noreply@localhost"


def test_the_reply_email_names_the_replier_and_the_post(reply_email, post):
    _, message = reply_email
    assert header(message, "Subject") == (
        f'[Colloquy] Eda Editor replied to your comment on "{post.title}"'
    )


def test_the_subject_of_an_ascii_title_goes_unencoded(reply_email, post):
    """Plain quotes, as WordPress's: no RFC 2047 encoded words to build or read."""
    envelope, _ = reply_email
    head = envelope.content.split(b"\r\n\r\n")[0].replace(b"\r\n ", b" ")
    (subject,) = [line for line in head.split(b"\r\n") if line.startswith(b"Subject:")]

    assert post.title.isascii()
    assert subject.endswith(f'on "{post.title}"'.encode())


def test_the_reply_email_has_a_plain_text_and_an_html_part(reply_email):
    _, message = reply_email
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Thanks, *Bob*." in text
    assert "<em>Bob</em>" in html
    assert "Stop these emails" in html


def test_the_reply_email_carries_one_click_unsubscribe_headers(reply_email):
    _, message = reply_email
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(message)
    assert path.startswith("/comments/unsubscribe/")
    assert path in message.get_body(("plain",)).get_content()


def test_the_unsubscribe_link_asks_to_confirm_and_changes_nothing(
    reply_email, subscribed
):
    response = Client().get(unsubscribe_path(reply_email[1]))
    assert response.status_code == 200
    assert b'<form method="post">' in response.content
    subscribed.refresh_from_db()
    assert subscribed.notify_replies is True


def test_a_one_click_post_unsubscribes_and_no_more_emails_come(
    reply_email, subscribed, post, staff, smtp_sink, django_capture_on_commit_callbacks
):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_path(reply_email[1]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    subscribed.refresh_from_db()
    assert subscribed.notify_replies is False
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post, parent=subscribed, user=staff, body="A second answer.")
    assert sum("bob@example.test" in e.rcpt_tos for e in smtp_sink.envelopes) == 1


def test_a_tampered_unsubscribe_token_is_refused_with_a_clear_message(
    reply_email, subscribed
):
    path = unsubscribe_path(reply_email[1])
    response = Client().post(path[:-3] + "XX/")
    assert response.status_code == 400
    assert b"This unsubscribe link is not valid" in response.content
    subscribed.refresh_from_db()
    assert subscribed.notify_replies is True


def test_the_post_author_gets_the_held_comment_by_smtp(
    client, post, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(POST_URL, form_data(post))
    (envelope,) = smtp_sink.envelopes
    assert envelope.rcpt_tos == [post.author.email]
    (message,) = smtp_sink.messages()
    assert "approve" in message.get_body(("html",)).get_content()


def test_a_mail_server_that_is_down_is_logged_and_the_comment_still_posts(
    client, post, smtp_sink, django_capture_on_commit_callbacks, caplog
):
    smtp_sink.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(POST_URL, form_data(post))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()
    assert f"Could not reach the mail server for comment {comment.pk}" in caplog.text
