"""Names, addresses and websites that try to break the page, the feeds or the mail.

On the way in, the comment form makes a guest's name, email and website one line
(no control characters, no bidi overrides) and takes http and https websites only;
the text keeps its line breaks. On the way out, whatever is stored (rows from
before, or written by the ORM) is shown with names isolated in <bdi>, linked only
to http(s) addresses, and never breaks a feed or an email.
"""

import xml.etree.ElementTree as ET

import pytest
from django.core.mail import BadHeaderError, EmailMessage
from django.db import connection
from django.urls import reverse

from comments.models import Comment
from comments.notifications import notify_comment_approved
from comments.rendering import fragment_version
from tests.comments.helpers import POST_URL, form_data, make_comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def posted(client, post, **fields) -> Comment:
    response = client.post(POST_URL, form_data(post, **fields))
    assert response.status_code == 302
    return Comment.objects.get()


# On the way in: the comment form


def test_a_guest_name_is_stored_without_its_control_characters(client, post):
    comment = posted(client, post, author_name="A\x01B\x7f\x9b")
    assert comment.author_name == "AB"


def test_a_guest_name_is_stored_without_bidi_overrides(client, post):
    comment = posted(client, post, author_name="Ann \u202egnp.exe\u202c\u2066")
    assert comment.author_name == "Ann gnp.exe"


def test_a_line_break_in_a_guest_name_becomes_a_space(client, post):
    comment = posted(client, post, author_name="Eve\r\nBcc: all@example.test")
    assert comment.author_name == "Eve Bcc: all@example.test"


def test_a_guest_website_is_stored_without_control_characters(client, post):
    comment = posted(client, post, author_url="https://ann.example/\u202e\x01a")
    assert comment.author_url == "https://ann.example/a"


@pytest.mark.parametrize(
    "url", ["ftp://ann.example/", "javascript:alert(1)", "mailto:ann@example.test"]
)
def test_a_website_that_is_not_http_or_https_is_refused_with_a_message(
    client, post, url
):
    response = client.post(POST_URL, form_data(post, author_url=url))
    assert response.status_code == 400
    assert "starting with http:// or https://" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_text_keeps_its_paragraphs_but_not_other_control_characters(client, post):
    comment = posted(client, post, body="First.\r\n\r\nSecond\x1b[31m\x07.")
    assert comment.body == "First.\r\n\r\nSecond[31m."


def test_an_edited_text_loses_its_control_characters(client, post):
    comment = CommentFactory(post=post, user=post.author, body="First.")
    client.force_login(post.author)
    client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Se\x07cond."})
    comment.refresh_from_db()
    assert comment.body == "Second."


# On the page


def test_a_name_is_shown_isolated(client, post):
    CommentFactory(post=post, author_name="\u0645\u062d\u0645\u062f 2")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<bdi>\u0645\u062d\u0645\u062f 2</bdi>" in html


def test_a_stored_name_is_shown_without_its_control_characters(client, post):
    CommentFactory(post=post, author_name="Ann\x01\u202eB")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<bdi>AnnB</bdi>" in html


@pytest.mark.parametrize(
    "url", ["ftp://ann.example/", "javascript:alert(1)", "data:text/html,hi"]
)
def test_a_stored_website_that_is_not_http_or_https_is_not_a_link(client, post, url):
    CommentFactory(post=post, author_name="Ann", author_url=url)
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<b class="fn"><bdi>Ann</bdi></b>' in html
    assert url not in html


@pytest.mark.parametrize("url", ["ftp://ann.example/", "javascript:alert(1)"])
def test_a_mention_from_a_website_that_is_not_http_or_https_is_not_a_link(
    client, post, url
):
    CommentFactory(
        post=post, kind=Comment.Kind.PINGBACK, author_name="Elsewhere", author_url=url
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<bdi>Elsewhere</bdi>" in html
    assert url not in html


def test_a_block_stored_before_the_names_were_isolated_is_rendered_again(client, post):
    comment = CommentFactory(post=post, author_name="Ann")
    Comment.objects.filter(pk=comment.pk).update(
        html='<b class="fn">Ann</b>', html_version="an older version"
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<b class="fn"><bdi>Ann</bdi></b>' in html
    comment.refresh_from_db()
    assert comment.html_version == fragment_version()


def test_the_reply_form_names_whom_it_answers_isolated(client, post):
    parent = CommentFactory(post=post, author_name="Tom")
    html = client.get(f"{post.get_absolute_url()}?replytocom={parent.pk}").content
    assert "Leave a Reply to <bdi>Tom</bdi>" in html.decode()


def test_the_reply_link_names_whom_it_answers_isolated(client, post):
    CommentFactory(post=post, author_name="Tom")
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'data-replytitle="Leave a Reply to \u2068Tom\u2069"' in html


# Feeds


def feed_xml(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (our own output)


# SQLite stores a NUL; PostgreSQL refuses it, so no row there can hold one.
STORED_NUL = pytest.param(
    "A\x00B",
    marks=pytest.mark.skipif(
        connection.vendor == "postgresql", reason="PostgreSQL stores no NUL"
    ),
)


@pytest.mark.parametrize("name", ["A\x01B", STORED_NUL, "A\x1bB", "A\ufffeB"])
def test_the_comment_feeds_survive_a_stored_name_no_xml_can_hold(client, post, name):
    CommentFactory(post=post, author_name=name, body_html="<p>Hi\x02.</p>")
    for url in (
        reverse("comments:feed"),
        reverse("comments:post_feed", args=[post.pk]),
    ):
        titles = [title.text for title in feed_xml(client, url).iter("title")]
        assert "AB on “Real Relationships”" in titles


def test_a_comment_feed_survives_a_post_title_with_a_control_character(client, post):
    post.title = "Real\x01 Relationships"
    post.save()
    CommentFactory(post=post, author_name="Ann")
    xml = feed_xml(client, reverse("comments:post_feed", args=[post.pk]))
    assert xml.find("channel/title").text == "Comments on “Real Relationships”"


def test_a_comment_feed_names_the_writer_on_one_line(client, post):
    CommentFactory(post=post, author_name="Eve\r\n\u202eBob")
    xml = feed_xml(client, reverse("comments:feed"))
    creator = xml.find(".//{http://purl.org/dc/elements/1.1/}creator")
    assert creator.text == "Eve Bob"


# Emails, through a real SMTP server on loopback


@pytest.fixture
def subscriber(post):
    return CommentFactory(
        post=post,
        author_name="Bob",
        author_email="bob@example.test",
        notify_replies=True,
    )


def approved_reply_email(subscriber, name: str, smtp_sink, callbacks):
    """The email the subscriber gets once a reply by `name`, stored as it is (as
    before names were cleaned, or by the ORM directly), is approved."""
    reply = CommentFactory(post=subscriber.post, parent=subscriber, author_name=name)
    with callbacks(execute=True):
        notify_comment_approved(reply)
    (message,) = smtp_sink.messages()
    assert message["To"] == "bob@example.test"
    return message


def test_django_refuses_a_header_with_a_line_break():
    """Why names and titles are made one line before they reach a subject: the
    message could not be built, and the email would be lost."""
    with pytest.raises(BadHeaderError):
        EmailMessage("Eve\r\nBcc: all@example.test", "Hi.", to=["a@b.test"]).message()


def test_a_reply_by_a_name_stored_with_crlf_still_reaches_the_subscriber(
    subscriber, smtp_sink, django_capture_on_commit_callbacks
):
    message = approved_reply_email(
        subscriber,
        "Eve\r\nBcc: all@example.test",
        smtp_sink,
        django_capture_on_commit_callbacks,
    )
    assert message["Subject"] == (
        "[Colloquy] Eve Bcc: all@example.test replied to your comment on "
        '"Real Relationships"'
    )
    assert message["Bcc"] is None
    assert [e.rcpt_tos for e in smtp_sink.envelopes] == [["bob@example.test"]]


def test_the_name_in_an_html_email_is_isolated(
    subscriber, smtp_sink, django_capture_on_commit_callbacks
):
    message = approved_reply_email(
        subscriber, "Eve", smtp_sink, django_capture_on_commit_callbacks
    )
    html = message.get_body(("html",)).get_content()
    assert "<strong><bdi>Eve</bdi></strong> replied" in html


def test_a_post_title_with_a_line_break_does_not_lose_the_staff_email(
    post, smtp_sink, django_capture_on_commit_callbacks
):
    post.title = "Real\nRelationships\u202e"
    post.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post, name="Ann")
    (message,) = smtp_sink.messages()
    assert message["Subject"] == '[Colloquy] Please moderate: "Real Relationships"'


def test_an_address_that_cannot_be_sent_to_does_not_stop_the_other_emails(
    post, moderator, smtp_sink, django_capture_on_commit_callbacks
):
    post.author.email = "author@example.test\r\nBcc: all@example.test"
    post.author.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post, name="Ann")
    assert [e.rcpt_tos for e in smtp_sink.envelopes] == [[moderator.email]]
