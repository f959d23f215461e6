"""Uploaded images: checked by their content, cleaned, and cut into renditions.

An upload is trusted only after Pillow has decoded every pixel of it, and it may
ask for IMAGE_MAX_PIXELS pixels at most, counted across all the frames of an
animation: decoding costs time and memory by the pixel, whatever the file's size (a
400 KB GIF of 490 frames of 2000 by 2000 pixels asks for two billion).

What is stored is never the uploaded bytes but a re-encoding of the decoded picture,
so metadata (EXIF with GPS positions, XMP, comments, PNG text) and anything hidden
between the image's bytes (an HTML or script payload in a polyglot) are left
behind. An embedded colour profile is applied, converting the colours to sRGB (what
browsers assume of a picture without one), and is not kept either: it can be
megabytes, copied into every rendition, and carry text of its own.
"""

import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

# Pillow format name -> (file name extensions, MIME type). Nothing else is accepted.
ALLOWED_FORMATS = {
    "JPEG": ((".jpg", ".jpeg", ".jpe", ".jfif"), "image/jpeg"),
    "PNG": ((".png",), "image/png"),
    "GIF": ((".gif",), "image/gif"),
    "WEBP": ((".webp",), "image/webp"),
}
# Animated images are decoded frame by frame; this bounds the frames an upload may
# have, however small (IMAGE_MAX_PIXELS bounds their pixels).
MAX_FRAMES = 500
# Markup a browser could be talked into running, looked for where sniffers look.
_MARKUP_SIGNS = (b"<html", b"<script", b"<svg", b"<body", b"<iframe", b"<!doctype")
# What survives re-encoding from the decoded image's info: nothing personal.
_KEPT_INFO = ("transparency", "duration", "loop", "disposal", "background")
# The colour space every stored picture is in, and the mode of Pillow image that each
# colour space of a profile describes.
_SRGB = ImageCms.createProfile("sRGB")
_PROFILE_MODES = {"RGB": "RGB", "GRAY": "L", "CMYK": "CMYK"}
_GREY_MODES = {"1", "L", "LA", "La", "I", "I;16", "F"}
_ENCODER_OPTIONS = {
    "JPEG": {"quality": 88, "optimize": True},
    "PNG": {"optimize": True},
    "GIF": {},
    "WEBP": {"quality": 88},
}


def _allowed_list() -> str:
    return "JPEG, PNG, GIF, WebP"


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") or any(sign in text for sign in _MARKUP_SIGNS)


def _check_dimensions(img: Image.Image) -> None:
    width, height = img.size
    if width < 1 or height < 1:
        raise ValidationError(_("The image has no pixels."), code="image_empty")
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _(
                "The image is too large: %(width)s by %(height)s pixels. "
                "The limit is %(limit)s megapixels; please scale it down."
            )
            % {
                "width": width,
                "height": height,
                "limit": settings.IMAGE_MAX_PIXELS // 1_000_000,
            },
            code="image_too_many_pixels",
        )
    frames = getattr(img, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise ValidationError(
            _("The animation has too many frames (the limit is %(limit)s).")
            % {"limit": MAX_FRAMES},
            code="image_too_many_frames",
        )
    if frames * width * height > settings.IMAGE_MAX_PIXELS:
        raise _animation_too_large(frames, width, height)


def _animation_too_large(frames: int, width: int, height: int) -> ValidationError:
    return ValidationError(
        _(
            "The animation is too large: %(frames)s frames of %(width)s by "
            "%(height)s pixels. The limit is %(limit)s megapixels for all its frames "
            "together; please make it shorter or smaller."
        )
        % {
            "frames": frames,
            "width": width,
            "height": height,
            "limit": settings.IMAGE_MAX_PIXELS // 1_000_000,
        },
        code="animation_too_many_pixels",
    )


def image_validate(file) -> str:
    """Check that `file` is a whole JPEG, PNG, GIF or WebP image within the limits.

    Judged by content alone (the name's extension must then agree with it).
    Returns Pillow's format name; raises ValidationError with a message for people.
    """
    size = file.size
    if not size:
        raise ValidationError(_("The file is empty."), code="image_empty")
    if size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too big (%(size)s). The limit is %(limit)s.")
            % {
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES),
            },
            code="image_too_big",
        )
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    if _looks_like_markup(head):
        raise ValidationError(
            _(
                "This file contains a web page or an SVG drawing, not a picture. "
                "Upload a %(formats)s image."
            )
            % {"formats": _allowed_list()},
            code="image_markup",
        )
    image_format = _decode_all(file)
    _check_extension(getattr(file, "name", "") or "", image_format)
    return image_format


def _decode_all(file) -> str:
    """Decode every frame, so that a truncated or damaged file is refused now."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=list(ALLOWED_FORMATS)) as img:
                image_format = img.format
                _check_dimensions(img)
                img.verify()
            file.seek(0)
            with Image.open(file, formats=[image_format]) as img:
                frames = getattr(img, "n_frames", 1)
                decoded = 0
                for frame in ImageSequence.Iterator(img):
                    # A GIF frame may also grow the picture: count each frame at
                    # the size it is decoded at, before it is decoded.
                    decoded += frame.width * frame.height
                    if decoded > settings.IMAGE_MAX_PIXELS:
                        raise _animation_too_large(frames, *frame.size)
                    frame.load()
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not an image in a format we accept (%(formats)s).")
            % {"formats": _allowed_list()},
            code="image_format",
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels to be opened safely."),
            code="image_too_many_pixels",
        ) from None
    except ValidationError:
        raise
    except Exception:
        # Pillow reports damage through many exception types (OSError, SyntaxError,
        # struct.error, ValueError...): all mean the same thing to the person.
        raise ValidationError(
            _(
                "The image is damaged or incomplete (perhaps the upload was cut "
                "short). Please try another copy of it."
            ),
            code="image_damaged",
        ) from None
    finally:
        file.seek(0)
    return image_format


def _check_extension(name: str, image_format: str) -> None:
    extensions, _mime = ALLOWED_FORMATS[image_format]
    extension = os.path.splitext(name)[1].lower()
    if extension not in extensions:
        raise ValidationError(
            _(
                "The file name says “%(extension)s” but the file is a %(format)s "
                "image. Rename it to end in %(expected)s, or upload the right file."
            )
            % {
                "extension": extension or _("no extension"),
                "format": image_format,
                "expected": extensions[0],
            },
            code="image_extension",
        )


def _profile(img: Image.Image) -> ImageCms.ImageCmsProfile | None:
    """The picture's embedded colour profile, if it has one that can be applied.

    One that cannot be read, or describes other colours than the picture's (grey
    for a colour picture), is ignored, as browsers ignore it.
    """
    icc = img.info.get("icc_profile")
    if not icc:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = _PROFILE_MODES[profile.profile.xcolor_space.strip()]
    except (OSError, KeyError, ImageCms.PyCMSError):
        return None
    own = "CMYK" if img.mode == "CMYK" else "L" if img.mode in _GREY_MODES else "RGB"
    return profile if own == mode else None


def _to_srgb(img: Image.Image, profile: ImageCms.ImageCmsProfile) -> Image.Image:
    """A copy of `img` with its colours converted from `profile` to sRGB (RGB, or
    RGBA when it has transparency), without metadata."""
    mode = _PROFILE_MODES[profile.profile.xcolor_space.strip()]
    alpha = img.convert("RGBA").getchannel("A") if img.has_transparency_data else None
    try:
        srgb = ImageCms.profileToProfile(
            img.convert(mode), profile, _SRGB, outputMode="RGB"
        )
    except ImageCms.PyCMSError:
        # Read but not usable (a damaged table): ignored, as browsers do.
        srgb = img.convert("RGB")
    if alpha is not None:
        srgb.putalpha(alpha)
    return srgb


def _encode(img: Image.Image, image_format: str, **options) -> bytes:
    """`img` saved as `image_format` with no metadata but its animation's timing.

    Each format's writer takes some metadata from `img.info` when it is not given:
    only `_KEPT_INFO` is left there, and no colour profile is given.
    """
    out = io.BytesIO()
    if image_format == "JPEG" and img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    img.info = {k: v for k, v in img.info.items() if k in _KEPT_INFO}
    img.save(out, format=image_format, **_ENCODER_OPTIONS[image_format], **options)
    return out.getvalue()


def _encode_animation(img: Image.Image, image_format: str) -> bytes:
    """Every frame of `img` re-encoded, its colours converted to sRGB first when it
    carries a colour profile (frame by frame: the writer cannot convert them)."""
    profile = _profile(img)
    if profile is None:
        return _encode(img, image_format, save_all=True)
    frames, durations = [], []
    for frame in ImageSequence.Iterator(img):
        frames.append(_to_srgb(frame, profile))
        # Known once the frame is decoded (WebP).
        durations.append(frame.info.get("duration", 0))
    first, *others = frames
    first.info = {k: v for k, v in img.info.items() if k == "loop"}
    return _encode(
        first, image_format, save_all=True, append_images=others, duration=durations
    )


def _still(img: Image.Image) -> Image.Image:
    """The current frame of `img`, turned upright and in sRGB."""
    upright = ImageOps.exif_transpose(img)
    profile = _profile(upright)
    return _to_srgb(upright, profile) if profile else upright


def image_clean(file) -> SimpleUploadedFile:
    """Validate `file`, then re-encode it: orientation applied, colours in sRGB,
    metadata dropped (EXIF and GPS, XMP, comments, text, the colour profile).

    Returns a new in-memory upload under the same name, ready for a FileField.
    """
    image_format = image_validate(file)
    with Image.open(file, formats=[image_format]) as img:
        if getattr(img, "n_frames", 1) > 1:
            data = _encode_animation(img, image_format)
        else:
            data = _encode(_still(img), image_format)
    file.seek(0)
    name = os.path.basename(file.name)
    return SimpleUploadedFile(name, data, content_type=ALLOWED_FORMATS[image_format][1])


def image_first_frame(file) -> Image.Image:
    """Validate `file`, then decode its first frame: turned upright, in sRGB, RGBA,
    without metadata. For a picture that is cut to size (an avatar): the rest of an
    animation is not re-encoded only to be thrown away.
    """
    image_format = image_validate(file)
    with Image.open(file, formats=[image_format]) as img:
        picture = _still(img).convert("RGBA")
    file.seek(0)
    picture.info = {}
    return picture


def renditions_make(field_file) -> list[dict]:
    """Make narrower copies of a stored image at settings.IMAGE_RENDITION_WIDTHS.

    Only widths narrower than the original are made, stored beside it; the original
    itself closes the list when it is no wider than the widest rendition, so that
    `srcset` always offers the sharpest copy there is. Animated images keep only
    the original (a resized first frame would lose the animation). A copy is in
    sRGB without metadata, whatever the original carries (one stored before
    uploads were cleaned of colour profiles).
    Returns [{"name": storage name, "width": px, "height": px}, ...], narrowest first.
    """
    storage = field_file.storage
    base, extension = os.path.splitext(field_file.name)
    renditions = []
    with storage.open(field_file.name, "rb") as stored, Image.open(stored) as img:
        image_format, (width, height) = img.format, img.size
        animated = getattr(img, "n_frames", 1) > 1
        widths = sorted(settings.IMAGE_RENDITION_WIDTHS)
        wanted = [target for target in widths if target < width and not animated]
        source = img
        if wanted:
            profile = _profile(img)
            source = _to_srgb(img, profile) if profile else img
            if source.mode in ("P", "1"):
                source = source.convert("RGBA")
        for target in wanted:
            target_height = max(1, round(height * target / width))
            small = source.resize((target, target_height), Image.Resampling.LANCZOS)
            # A palette index names no colour of the resized copy's own palette.
            kept = ("transparency",) if source is img else ()
            small.info = {k: v for k, v in img.info.items() if k in kept}
            name = storage.save(
                f"{base}-{target}w{extension}",
                ContentFile(_encode(small, image_format)),
            )
            renditions.append({"name": name, "width": target, "height": target_height})
    if animated or width <= widths[-1]:
        renditions.append({"name": field_file.name, "width": width, "height": height})
    return renditions


def renditions_delete(renditions: list[dict], *, keep: str) -> None:
    """Delete the resized copies of a replaced image, never its original `keep`.

    The original may still be linked from a post body or a feed reader's cache.
    """
    for rendition in renditions:
        if rendition["name"] != keep:
            default_storage.delete(rendition["name"])
