"""Avatar uploads: checked as post images are, then cut into small squares."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from blog.images import image_first_frame

AVATAR_SIZES = (192, 96)


def avatar_squares(upload) -> dict[int, ContentFile]:
    """The upload as square PNGs of 192 and 96 px, centre-cropped, in sRGB, without
    metadata.

    Every check of blog.images applies (ValidationError with a message for people);
    an animation keeps its first frame.
    """
    picture = image_first_frame(upload)
    squares = {}
    for size in AVATAR_SIZES:
        square = ImageOps.fit(picture, (size, size), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        square.save(out, format="PNG", optimize=True)
        squares[size] = ContentFile(out.getvalue(), name=f"avatar-{size}.png")
    return squares
