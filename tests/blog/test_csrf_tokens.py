"""The comment form's CSRF token drawn in one read (blog.csrf_tokens); that Django
accepts it is shown by posting with it (tests/blog/test_post_page_cache.py)."""

from collections import Counter

from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.test import RequestFactory

from blog import csrf_tokens
from blog.csrf_tokens import csrf_random_string, csrf_token


def test_a_token_is_made_only_of_the_characters_django_accepts():
    drawn = csrf_random_string(2000)

    assert len(drawn) == 2000
    assert set(drawn) <= set(CSRF_ALLOWED_CHARS)


def test_every_token_character_is_drawn_from_as_many_byte_values(monkeypatch):
    """Four byte values for each of the 62 characters; the eight left over are
    dropped, so no character is likelier than another."""
    every_byte = bytes(range(256))
    monkeypatch.setattr(csrf_tokens.os, "urandom", lambda size: every_byte)

    drawn = csrf_random_string(248)

    assert Counter(drawn) == dict.fromkeys(CSRF_ALLOWED_CHARS, 4)


def test_a_reader_without_a_secret_is_given_one_and_its_cookie():
    request = RequestFactory().get("/")

    token = csrf_token(request)

    assert len(token) == 64
    assert len(request.META["CSRF_COOKIE"]) == 32
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_a_reader_s_secret_is_kept_and_masked_afresh_each_time():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "a" * 32

    first, second = csrf_token(request), csrf_token(request)

    assert request.META["CSRF_COOKIE"] == "a" * 32
    assert first != second
