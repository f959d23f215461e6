"""Uploaded images: what is refused, what is stripped, which renditions are made."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as PILImage

from blog.images import image_clean, image_validate, renditions_delete, renditions_make
from blog.models import Image
from tests.blog.helpers import (
    EXTENSIONS,
    METADATA_CASES,
    animation_bomb,
    icc_profile,
    metadata_case,
    metadata_left,
    pixels_decoded,
    png_claiming_size,
    with_metadata,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture(fmt="JPEG", size=(64, 48), colour=(200, 40, 40), **save_options) -> bytes:
    out = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    PILImage.new(mode, size, colour if mode == "RGB" else 1).save(
        out, format=fmt, **save_options
    )
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def refusal(name: str, data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        image_validate(upload(name, data))
    return caught.value


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.jpg", "JPEG"),
        ("a.jpeg", "JPEG"),
        ("a.png", "PNG"),
        ("a.gif", "GIF"),
        ("a.webp", "WEBP"),
    ],
)
def test_real_images_of_each_allowed_format_are_accepted(name, fmt):
    assert image_validate(upload(name, picture(fmt))) == fmt


def test_an_empty_file_is_refused():
    assert refusal("empty.jpg", b"").code == "image_empty"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    error = refusal("big.jpg", picture(size=(200, 200)))
    assert error.code == "image_too_big"
    assert "The limit is 100" in error.messages[0]


def test_an_image_with_more_pixels_than_the_setting_allows_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    error = refusal("wide.png", picture("PNG", size=(200, 60)))
    assert error.code == "image_too_many_pixels"
    assert "200 by 60 pixels" in error.messages[0]


def test_a_decompression_bomb_is_refused_from_its_header():
    error = refusal("bomb.png", png_claiming_size(60_000, 60_000))
    assert error.code == "image_too_many_pixels"


def test_pillows_own_bomb_guard_refuses_when_the_setting_is_lax(settings):
    settings.IMAGE_MAX_PIXELS = 10**12
    error = refusal("bomb.png", png_claiming_size(60_000, 60_000))
    assert error.code == "image_too_many_pixels"


def test_an_animation_with_more_pixels_in_all_its_frames_than_allowed_is_refused():
    error = refusal("dance.gif", animation_bomb(300, 2000, 2000))
    assert error.code == "animation_too_many_pixels"
    assert "300 frames of 2000 by 2000 pixels" in error.messages[0]
    assert "40 megapixels for all its frames together" in error.messages[0]


def test_no_frame_of_an_animation_over_the_limit_is_decoded(settings, monkeypatch):
    decoded = pixels_decoded(monkeypatch, limit=settings.IMAGE_MAX_PIXELS)
    refusal("dance.gif", animation_bomb(300, 2000, 2000))
    assert decoded == [0]


def test_frames_that_grow_the_picture_are_decoded_only_up_to_the_limit(
    settings, monkeypatch
):
    bomb = animation_bomb(300, 2000, 2000, grow_at=100)
    decoded = pixels_decoded(monkeypatch, limit=settings.IMAGE_MAX_PIXELS)
    error = refusal("dance.gif", bomb)
    assert error.code == "animation_too_many_pixels"
    assert "300 frames of 2000 by 2000 pixels" in error.messages[0]
    assert decoded[0] <= settings.IMAGE_MAX_PIXELS


def animation(frames: int, size=(100, 100)) -> bytes:
    pictures = [PILImage.new("RGB", size, (i * 60, 90, 0)) for i in range(frames)]
    out = io.BytesIO()
    pictures[0].save(out, format="GIF", save_all=True, append_images=pictures[1:])
    return out.getvalue()


def test_an_animation_with_as_many_pixels_as_allowed_is_accepted(settings):
    settings.IMAGE_MAX_PIXELS = 3 * 100 * 100
    assert image_validate(upload("three.gif", animation(3))) == "GIF"


def test_one_frame_more_than_the_pixel_limit_allows_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 3 * 100 * 100
    assert refusal("four.gif", animation(4)).code == "animation_too_many_pixels"


@pytest.mark.parametrize(("name", "fmt"), [("cut.jpg", "JPEG"), ("cut.png", "PNG")])
def test_a_truncated_image_is_refused(name, fmt):
    whole = picture(fmt, size=(300, 300), colour=(10, 200, 90), **{"quality": 95})
    error = refusal(name, whole[: len(whole) * 2 // 3])
    assert error.code == "image_damaged"
    assert "damaged or incomplete" in error.messages[0]


def test_an_html_page_named_jpg_is_refused():
    html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    error = refusal("holiday.jpg", html)
    assert error.code == "image_markup"
    assert "web page or an SVG drawing" in error.messages[0]


def test_an_svg_with_a_script_is_refused():
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
        b"<script>alert(document.cookie)</script><circle r='4'/></svg>"
    )
    assert refusal("logo.svg", svg).code == "image_markup"


def test_a_gif_header_followed_by_a_script_is_refused():
    polyglot = b"GIF89a/*\x01\x00\x01\x00*/=1;<script>alert(1)</script>"
    assert refusal("x.gif", polyglot).code == "image_markup"


def test_an_image_header_followed_by_garbage_is_refused():
    polyglot = b"\x89PNG\r\n\x1a\n" + b"this is not a picture at all" * 10
    assert refusal("x.png", polyglot).code in {"image_damaged", "image_format"}


def test_a_format_outside_the_allowed_four_is_refused():
    error = refusal("old.bmp", picture("BMP"))
    assert error.code == "image_format"
    assert "JPEG, PNG, GIF, WebP" in error.messages[0]


def test_a_png_named_jpg_is_refused():
    error = refusal("photo.jpg", picture("PNG"))
    assert error.code == "image_extension"
    assert "Rename it to end in .png" in error.messages[0]


def test_a_file_name_without_extension_is_refused():
    assert refusal("photo", picture()).code == "image_extension"


def jpeg_with_gps_and_orientation() -> bytes:
    """40x20: left half red, right half blue; EXIF says "rotate 90° clockwise"."""
    img = PILImage.new("RGB", (40, 20), (255, 0, 0))
    img.paste((0, 0, 255), (20, 0, 40, 20))
    exif = img.getexif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "CameraCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 21.0, 3.0)
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif, quality=95)
    return out.getvalue()


def test_the_test_photo_really_carries_gps_and_orientation():
    exif = PILImage.open(io.BytesIO(jpeg_with_gps_and_orientation())).getexif()
    assert exif[ExifTags.Base.Orientation] == 6
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"


def test_cleaning_strips_exif_including_gps():
    cleaned = image_clean(upload("trip.jpg", jpeg_with_gps_and_orientation())).read()
    exif = PILImage.open(io.BytesIO(cleaned)).getexif()
    assert dict(exif) == {}
    assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert b"Exif" not in cleaned
    assert b"CameraCo" not in cleaned


def test_cleaning_applies_the_orientation():
    cleaned = image_clean(upload("trip.jpg", jpeg_with_gps_and_orientation()))
    img = PILImage.open(cleaned)
    assert img.size == (20, 40)
    red, _green, blue = img.getpixel((10, 5))
    assert red > 200 and blue < 60, "the left (red) half is now on top"


def test_cleaning_keeps_the_name_and_says_the_real_type():
    cleaned = image_clean(upload("Trip.JPG", jpeg_with_gps_and_orientation()))
    assert cleaned.name == "Trip.JPG"
    assert cleaned.content_type == "image/jpeg"


def test_a_decodable_polyglot_loses_its_payload_when_cleaned():
    payload = b"<script>alert('polyglot')</script>"
    data = picture(size=(200, 200), comment=b"x" * 1100 + payload)
    assert payload in data
    cleaned = image_clean(upload("p.jpg", data)).read()
    assert payload not in cleaned


def test_an_animated_gif_keeps_its_frames_when_cleaned():
    frames = [PILImage.new("RGB", (30, 30), (i * 80, 0, 0)) for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    cleaned = image_clean(upload("anim.gif", out.getvalue()))
    assert PILImage.open(cleaned).n_frames == 3


@pytest.mark.parametrize("case", METADATA_CASES, ids=metadata_case)
def test_a_cleaned_image_keeps_no_metadata(case):
    fmt, kind, frames = case
    data = with_metadata(fmt, kind, frames=frames)
    assert metadata_left(data), "the upload carries it"
    cleaned = image_clean(upload(f"a.{EXTENSIONS[fmt]}", data))
    assert metadata_left(cleaned.read()) == set()


def grey_level(data: bytes) -> int:
    with PILImage.open(io.BytesIO(data)) as img:
        return img.convert("L").getpixel((0, 0))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_colours_are_converted_to_srgb_before_the_profile_is_dropped(fmt):
    # Mid-grey under a linear-light profile is a lighter grey in sRGB.
    data = with_metadata(fmt, "icc")
    cleaned = image_clean(upload(f"a.{EXTENSIONS[fmt]}", data)).read()
    assert abs(grey_level(cleaned) - 188) <= 3
    assert "icc_profile" not in PILImage.open(io.BytesIO(cleaned)).info


def test_an_animation_with_a_profile_keeps_its_frames_and_timing_in_srgb():
    frames = [PILImage.new("RGB", (8, 8), (level,) * 3) for level in (128, 64)]
    out = io.BytesIO()
    frames[0].save(
        out,
        format="PNG",
        save_all=True,
        append_images=frames[1:],
        duration=[100, 300],
        icc_profile=icc_profile(),
    )
    cleaned = PILImage.open(image_clean(upload("a.png", out.getvalue())))
    seen = []
    for frame in range(cleaned.n_frames):
        cleaned.seek(frame)
        seen.append((cleaned.convert("L").getpixel((0, 0)), cleaned.info["duration"]))
    assert seen == [(188, 100), (137, 300)]


def test_a_profile_that_cannot_be_read_is_dropped_and_the_colours_kept():
    out = io.BytesIO()
    not_a_profile = b"not a colour profile at all, " * 40
    PILImage.new("RGB", (8, 8), (128,) * 3).save(
        out, format="PNG", icc_profile=not_a_profile
    )
    cleaned = image_clean(upload("a.png", out.getvalue())).read()
    assert grey_level(cleaned) == 128
    assert "icc_profile" not in PILImage.open(io.BytesIO(cleaned)).info


def test_an_html_payload_in_a_colour_profile_is_not_stored():
    payload = b"<script>alert('profile')</script>"
    out = io.BytesIO()
    profile = icc_profile(note=b"x" * 1100 + payload)
    PILImage.new("RGB", (64, 48)).save(out, format="JPEG", icc_profile=profile)
    assert payload in out.getvalue()
    cleaned = image_clean(upload("p.jpg", out.getvalue())).read()
    assert payload not in cleaned


def stored(name: str, data: bytes) -> Image:
    image = Image()
    image.file.save(name, image_clean(upload(name, data)), save=False)
    return image


def test_renditions_are_made_at_each_width_narrower_than_the_original():
    image = stored("wide.jpg", picture(size=(2000, 1000)))
    renditions = renditions_make(image.file)
    assert [(r["width"], r["height"]) for r in renditions] == [
        (480, 240),
        (960, 480),
        (1600, 800),
    ]
    for rendition in renditions:
        with image.file.storage.open(rendition["name"]) as f:
            assert PILImage.open(f).size == (rendition["width"], rendition["height"])


def test_renditions_are_stored_beside_the_original():
    image = stored("wide.jpg", picture(size=(1000, 500)))
    renditions = renditions_make(image.file)
    folder = image.file.name.rsplit("/", 1)[0]
    assert all(r["name"].startswith(folder + "/wide") for r in renditions)


def test_an_original_narrower_than_the_widest_rendition_ends_the_list():
    image = stored("mid.png", picture("PNG", size=(1200, 300)))
    renditions = renditions_make(image.file)
    assert [r["width"] for r in renditions] == [480, 960, 1200]
    assert renditions[-1]["name"] == image.file.name


def test_a_small_image_gets_no_upscaled_rendition():
    image = stored("small.gif", picture("GIF", size=(300, 200)))
    assert renditions_make(image.file) == [
        {"name": image.file.name, "width": 300, "height": 200}
    ]


def test_deleting_renditions_keeps_the_original():
    image = stored("wide.webp", picture("WEBP", size=(1000, 400)))
    renditions = renditions_make(image.file)
    renditions_delete(renditions, keep=image.file.name)
    storage = image.file.storage
    assert storage.exists(image.file.name)
    assert not any(storage.exists(r["name"]) for r in renditions[:-1])


def stored_as_uploaded(name: str, data: bytes) -> Image:
    """An original saved without cleaning, as one stored before uploads were."""
    image = Image()
    image.file.save(name, SimpleUploadedFile(name, data), save=False)
    return image


@pytest.mark.parametrize(
    "case", [case for case in METADATA_CASES if case[2] == 1], ids=metadata_case
)
def test_renditions_keep_no_metadata_of_their_original(case):
    fmt, kind, _frames = case
    data = with_metadata(fmt, kind, size=(1000, 500))
    image = stored_as_uploaded(f"wide.{EXTENSIONS[fmt]}", data)
    renditions = renditions_make(image.file)
    assert [r["width"] for r in renditions] == [480, 960, 1000]
    for rendition in renditions[:-1]:
        with image.file.storage.open(rendition["name"]) as f:
            assert metadata_left(f.read()) == set()


def test_renditions_of_an_original_with_a_profile_are_in_srgb():
    data = with_metadata("PNG", "icc", size=(1000, 500))
    image = stored_as_uploaded("wide.png", data)
    smallest = renditions_make(image.file)[0]
    with image.file.storage.open(smallest["name"]) as f:
        assert grey_level(f.read()) == 188
