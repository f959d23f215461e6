"""Avatars: identicons served by the site, Gravatar only when the setting says so."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from accounts.avatars import avatar_url, email_digest


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def fetch(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_same_email_gives_the_same_url_however_it_is_typed():
    assert avatar_url(email="Ann@Example.test ") == avatar_url(email="ann@example.test")


def test_the_email_never_appears_in_the_url():
    url = avatar_url(email="ann.secret@example.test")
    assert "ann" not in url
    assert "example" not in url


def test_the_url_carries_a_hash_of_the_email_and_the_size():
    digest = email_digest("ann@example.test")
    assert (
        avatar_url(email="ann@example.test", size=64)
        == f"/avatars/{digest[:32]}/64.png"
    )


def test_a_size_between_allowed_sizes_is_rounded_up():
    assert avatar_url(email="a@example.test", size=50).endswith("/64.png")


def test_the_identicon_is_a_png_of_the_requested_size(client):
    response = fetch(client, avatar_url(email="ann@example.test", size=48))
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (48, 48)


def test_the_same_email_gives_the_same_image(client):
    first = fetch(client, avatar_url(email="ann@example.test")).content
    cache.clear()
    assert fetch(client, avatar_url(email="ANN@example.test")).content == first


def test_different_emails_give_different_images(client):
    ann = fetch(client, avatar_url(email="ann@example.test")).content
    bob = fetch(client, avatar_url(email="bob@example.test")).content
    assert ann != bob


def test_the_identicon_is_mirrored_left_to_right(client):
    response = fetch(client, avatar_url(email="cid@example.test", size=96))
    img = Image.open(io.BytesIO(response.content)).convert("RGB")
    for y in range(0, 96, 7):
        for x in range(48):
            assert img.getpixel((x, y)) == img.getpixel((95 - x, y))


def test_the_identicon_has_two_colours_at_most(client):
    response = fetch(client, avatar_url(email="dee@example.test", size=64))
    colours = Image.open(io.BytesIO(response.content)).convert("RGB").getcolors()
    assert 1 <= len(colours) <= 2


def test_an_identicon_is_drawn_once_then_served_from_the_cache(client, monkeypatch):
    url = avatar_url(email="ann@example.test")
    fetch(client, url)
    monkeypatch.setattr("accounts.views.identicon_png", pytest.fail)
    assert fetch(client, url).content.startswith(b"\x89PNG")


def test_the_response_is_cacheable_for_long(client):
    response = fetch(client, avatar_url(email="ann@example.test"))
    assert "max-age=31536000" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert response["ETag"]


def test_a_matching_etag_gets_not_modified(client):
    url = avatar_url(email="ann@example.test")
    etag = fetch(client, url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db  # the 404 page lists the navigation pages
@pytest.mark.parametrize("size", [0, 47, 49, 1000, 100000])
def test_a_size_outside_the_allowed_set_is_not_found(client, size):
    digest = email_digest("ann@example.test")[:32]
    assert client.get(f"/avatars/{digest}/{size}.png").status_code == 404


@pytest.mark.django_db  # the 404 page lists the navigation pages
@pytest.mark.parametrize(
    "digest",
    ["abc", "0" * 31, "0" * 33, "G" * 32, "ABCDEF0123456789ABCDEF0123456789"],
)
def test_a_malformed_hash_is_not_found(client, digest):
    assert client.get(f"/avatars/{digest}/48.png").status_code == 404


@pytest.mark.django_db  # the 404 page lists the navigation pages
def test_avatars_are_not_accepted_by_post(client):
    assert client.post(avatar_url(email="ann@example.test")).status_code == 405


def test_the_gravatar_setting_switches_to_gravatar_urls(settings):
    settings.AVATAR_GRAVATAR = True
    url = avatar_url(email="Ann@example.test", size=64)
    digest = email_digest("ann@example.test")
    assert url.startswith(f"https://www.gravatar.com/avatar/{digest}?")
    assert "d=identicon" in url
    assert "s=64" in url


def test_by_default_avatars_are_served_by_the_site(settings):
    assert settings.AVATAR_GRAVATAR is False
    assert (
        reverse("accounts:avatar", args=["0" * 32, 48]) == f"/avatars/{'0' * 32}/48.png"
    )
    assert avatar_url(email="ann@example.test").startswith("/avatars/")
