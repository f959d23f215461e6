"""The profile page: name, website, avatar upload, connections, my comments."""

import io

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage

from accounts.avatars import avatar_url, user_avatar_url
from comments.models import Comment
from tests.blog.helpers import (
    EXTENSIONS,
    METADATA_CASES,
    metadata_case,
    metadata_left,
    with_metadata,
)
from tests.comments.helpers import make_comment
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("profile:profile")
RED, GREEN, BLUE = (220, 30, 30), (30, 200, 30), (30, 30, 220)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rita(client):
    user = UserFactory(username="rita", display_name="Rita Reader")
    client.force_login(user)
    return user


def striped_jpeg(*, gps=False) -> bytes:
    """300 x 100: red, green and blue thirds, so the centre square is all green."""
    img = PILImage.new("RGB", (300, 100), RED)
    img.paste(GREEN, (100, 0, 200, 100))
    img.paste(BLUE, (200, 0, 300, 100))
    exif = img.getexif()
    if gps:
        exif[ExifTags.Base.Make] = "CameraCo"
        exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif, quality=95)
    return out.getvalue()


def upload_avatar(client, name: str, data: bytes):
    return client.post(
        PROFILE_URL,
        {
            "display_name": "Rita Reader",
            "website": "",
            "avatar": SimpleUploadedFile(name, data, content_type="image/jpeg"),
        },
    )


def test_the_profile_needs_a_signed_in_reader(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_display_name_and_website_are_saved(client, rita):
    response = client.post(
        PROFILE_URL, {"display_name": "R. Reader", "website": "rita.example"}
    )

    assert response.status_code == 302
    rita.refresh_from_db()
    assert rita.display_name == "R. Reader"
    assert rita.website == "https://rita.example"


def test_a_new_display_name_shows_on_comments_already_written(client, rita):
    comment = make_comment(PostFactory(), user=rita, name="Rita")

    client.post(PROFILE_URL, {"display_name": "Rita R.", "website": ""})

    comment.refresh_from_db()
    assert "Rita R." in comment.html


def test_an_avatar_is_cropped_to_centre_squares_of_96_and_192(client, rita):
    response = upload_avatar(client, "me.jpg", striped_jpeg())

    assert response.status_code == 302
    rita.refresh_from_db()
    for field, size in ((rita.avatar_large, 192), (rita.avatar_small, 96)):
        with PILImage.open(field.path) as img:
            assert img.size == (size, size)
            rgb = img.convert("RGB")
            for corner in ((2, 2), (size - 3, size - 3)):
                red, green, blue = rgb.getpixel(corner)
                assert green > 150 and red < 80 and blue < 80


def test_an_avatar_keeps_no_exif(client, rita):
    upload_avatar(client, "me.jpg", striped_jpeg(gps=True))

    rita.refresh_from_db()
    with PILImage.open(rita.avatar_large.path) as img:
        assert not img.getexif()
        assert "exif" not in img.info


@pytest.mark.parametrize("case", METADATA_CASES, ids=metadata_case)
def test_an_avatar_keeps_no_metadata_of_the_upload(client, rita, case):
    fmt, kind, frames = case
    data = with_metadata(fmt, kind, frames=frames)
    upload_avatar(client, f"me.{EXTENSIONS[fmt]}", data)

    rita.refresh_from_db()
    for field in (rita.avatar_large, rita.avatar_small):
        assert metadata_left(field.read()) == set()


def test_an_avatar_is_converted_to_srgb(client, rita):
    # Mid-grey under a linear-light profile is a lighter grey in sRGB.
    upload_avatar(client, "me.png", with_metadata("PNG", "icc", colour=(128,) * 3))

    rita.refresh_from_db()
    with PILImage.open(rita.avatar_small.path) as img:
        assert img.convert("L").getpixel((48, 48)) == 188


def test_the_uploaded_avatar_is_used_for_the_user(client, rita):
    upload_avatar(client, "me.jpg", striped_jpeg())
    rita.refresh_from_db()

    assert user_avatar_url(rita, 48) == rita.avatar_small.url
    assert user_avatar_url(rita, 160) == rita.avatar_large.url


def test_without_an_upload_the_user_avatar_is_drawn_from_the_email():
    user = UserFactory.build(email="x@example.test")

    assert user_avatar_url(user, 48) == avatar_url(email="x@example.test", size=48)


def test_an_uploaded_avatar_shows_on_the_users_comments(client, rita):
    comment = make_comment(PostFactory(), user=rita, name="Rita")

    upload_avatar(client, "me.jpg", striped_jpeg())

    rita.refresh_from_db()
    comment.refresh_from_db()
    assert rita.avatar_small.url in comment.html


BAD_IMAGES = {
    "not an image": ("me.jpg", b"just some text, not a picture at all"),
    "an SVG drawing": ("me.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
    "an HTML page": ("me.jpg", b"<!doctype html><script>alert(1)</script>"),
    "a truncated JPEG": ("me.jpg", striped_jpeg()[:400]),
    "a name that lies": ("me.png", striped_jpeg()),
    "an empty file": ("me.jpg", b""),
}


@pytest.mark.parametrize("case", BAD_IMAGES)
def test_every_bad_image_is_refused_and_nothing_is_stored(client, rita, case):
    name, data = BAD_IMAGES[case]

    response = upload_avatar(client, name, data)

    assert response.status_code == 400
    assert response.context["form"].errors["avatar"]
    rita.refresh_from_db()
    assert not rita.avatar_large and not rita.avatar_small


def test_removing_the_avatar_goes_back_to_the_drawn_one(client, rita):
    upload_avatar(client, "me.jpg", striped_jpeg())

    client.post(
        PROFILE_URL, {"display_name": "Rita", "website": "", "remove_avatar": "on"}
    )

    rita.refresh_from_db()
    assert not rita.avatar_large
    assert user_avatar_url(rita) == avatar_url(email=rita.email)


def test_the_profile_links_to_the_connections_page(client, rita):
    SocialAccount.objects.create(user=rita, provider="github", uid="42")

    html = client.get(PROFILE_URL).content.decode()

    assert f'href="{reverse("socialaccount_connections")}"' in html
    assert "GitHub" in html


def test_the_profile_has_its_own_log_out(client, rita):
    html = client.get(PROFILE_URL).text
    main = html[html.index("<main") :]

    assert f'action="{reverse("account_logout")}"' in main
    assert ">Log out</button>" in main


def test_the_profile_lists_my_comments_with_their_status(client, rita):
    post = PostFactory(title="On letters")
    held = make_comment(post, user=rita, name="Rita", body="Held one.")
    shown = make_comment(post, user=rita, name="Rita", body="Shown one.")
    Comment.objects.filter(pk=shown.pk).update(status=Comment.Status.APPROVED)
    make_comment(post, name="Tom", body="Not mine.")

    html = client.get(PROFILE_URL).content.decode()

    assert "Held one." in html and "Shown one." in html
    assert "Not mine." not in html
    assert "(Pending)" in html and "(Approved)" in html
    assert f'href="{shown.get_absolute_url()}"' in html
    assert f'href="{held.get_absolute_url()}"' not in html
    assert f'href="{post.get_absolute_url()}"' in html


def test_the_display_name_loses_control_and_bidi_characters(client, rita):
    client.post(
        PROFILE_URL, {"display_name": "Rita\x07\r\n\u202eReader", "website": ""}
    )
    rita.refresh_from_db()
    assert rita.display_name == "Rita Reader"


@pytest.mark.parametrize("website", ["ftp://rita.example/", "javascript:alert(1)"])
def test_a_website_that_is_not_http_or_https_is_refused(client, rita, website):
    response = client.post(
        PROFILE_URL, {"display_name": "Rita Reader", "website": website}
    )
    assert response.status_code == 400
    assert "starting with http:// or https://" in response.content.decode()
    rita.refresh_from_db()
    assert rita.website == ""


def test_the_admin_keeps_the_names_readers_see_on_one_line(client, rita):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse("admin:accounts_user_change", args=[rita.pk])
    page = client.get(url).context["adminform"].form
    data = {
        **{name: value for name, value in page.initial.items() if value is not None},
        "date_joined_0": "2024-01-01",
        "date_joined_1": "10:00:00",
        "display_name": "Rita\u202e Reader\x07",
        "first_name": "Ri\r\nta",
        "website": "ftp://rita.example/",
    }
    data.pop("date_joined")
    data.pop("last_login", None)
    data.pop("groups")
    data.pop("user_permissions")
    response = client.post(url, data)
    assert response.status_code == 200  # the website is refused
    assert "starting with http:// or https://" in response.content.decode()
    data["website"] = "https://rita.example/"
    assert client.post(url, data).status_code == 302
    rita.refresh_from_db()
    assert (rita.display_name, rita.first_name) == ("Rita Reader", "Ri ta")
