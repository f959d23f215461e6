"""Hostile files through the real upload views (the admin's image upload, a post's
cover and the profile's avatar): each is refused with a message and nothing is
stored, and what a picture carries besides its pixels is not stored with it."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from blog.models import Image, Post
from tests.blog.helpers import (
    animation_bomb,
    metadata_left,
    png_claiming_size,
    with_metadata,
)
from tests.factories import UserFactory


def jpeg() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (32, 32), (200, 40, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


HOSTILE = {
    "bomb": ("bomb.png", png_claiming_size(60_000, 60_000)),
    # 300 frames of 2000 x 2000 pixels in 7 KB: 1.2 billion pixels to decode.
    "animation-bomb": ("dance.gif", animation_bomb(300, 2000, 2000)),
    "polyglot": ("cat.jpg", jpeg()[:200] + b"<html><script>alert(1)</script></html>"),
    "html": ("page.jpg", b"<!doctype html><script>alert(1)</script>"),
    "svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    "svg-named-png": (
        "logo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    ),
    "empty": ("empty.jpg", b""),
    "wrong-extension": ("cat.exe", jpeg()),
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media_root: Path) -> list[Path]:
    return [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", HOSTILE)
def test_the_admin_image_upload_refuses_hostile_files(client, media_root, kind):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    name, data = HOSTILE[kind]
    response = client.post(
        reverse("admin:blog_image_add"),
        {"file": SimpleUploadedFile(name, data, content_type="image/jpeg"), "alt": "x"},
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
    assert not Image.objects.exists()
    assert stored(media_root) == []


def post_with_cover(client, name: str, data: bytes):
    author = UserFactory(username="olga", is_staff=True, is_superuser=True)
    client.force_login(author)
    return client.post(
        reverse("admin:blog_post_add"),
        {
            "author": author.pk,
            "title": "Covered",
            "slug": "",
            "body": "Text.",
            "markup": "markdown",
            "status": "draft",
            "published_at_0": "2026-01-02",
            "published_at_1": "10:00:00",
            "cover_image": SimpleUploadedFile(name, data, content_type="image/jpeg"),
            "cover_alt": "x",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", HOSTILE)
def test_the_post_cover_upload_refuses_hostile_files(client, media_root, kind):
    response = post_with_cover(client, *HOSTILE[kind])
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
    assert not Post.objects.exists()
    assert stored(media_root) == []


@pytest.mark.django_db
def test_a_cover_and_its_renditions_are_stored_without_a_colour_profile(
    client, media_root
):
    post_with_cover(client, "sky.jpg", with_metadata("JPEG", "icc", size=(1000, 500)))
    assert Post.objects.get().cover_image
    assert len(stored(media_root)) == 3  # the original, 480 and 960 wide
    for path in stored(media_root):
        assert metadata_left(path.read_bytes()) == set()


def upload_avatar(client, name: str, data: bytes):
    return client.post(
        reverse("profile:profile"),
        {
            "display_name": "Rita Reader",
            "website": "",
            "avatar": SimpleUploadedFile(name, data, content_type="image/jpeg"),
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", HOSTILE)
def test_the_avatar_upload_refuses_hostile_files(client, media_root, kind):
    user = UserFactory(username="rita", display_name="Rita Reader")
    client.force_login(user)
    response = upload_avatar(client, *HOSTILE[kind])
    assert response.status_code == 400
    message = response.context["form"].errors["avatar"][0]
    assert message and message in response.text
    user.refresh_from_db()
    assert not user.avatar_large and not user.avatar_small
    assert stored(media_root) == []
