"""Names, addresses and websites that try to break the page, the feeds or the mail.

On the way in, the comment form makes a guest's name, email and website one line
(no control characters, no bidi overrides) and takes http and https websites only;
the text keeps its line breaks. On the way out, whatever is stored (rows from
before, or written by the ORM) is shown with names isolated in <bdi>, linked only
to http(s) addresses, and never breaks a feed or an email.
"""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.comments.helpers import POST_URL, form_data
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
