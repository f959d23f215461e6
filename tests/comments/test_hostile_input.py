"""Hostile comment forms through the real views: megabyte fields and bytes that
are not UTF-8 are refused with a message, and nothing is stored."""

from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.comments.test_posting import form_data

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


# The name and the text get U+FFFD for each bad byte (Django decodes with
# errors="replace") and are accepted: harmless, but not refused (see the report).
@pytest.mark.parametrize("field", ["author_email", "author_url"])
def test_bytes_that_are_not_utf8_in_an_address_field_are_refused(client, post, field):
    data = form_data(post)
    data.pop(field)
    body = urlencode(data).encode() + f"&{field}=".encode()
    body += quote_from_bytes(b"Ann\xff\xfe\xc3(").encode()
    html = refused_raw(client, body)
    assert "<form" in html
