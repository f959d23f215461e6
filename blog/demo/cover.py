"""The demo post's cover image, drawn with Pillow so that no photo needs shipping."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter


def cover_draw(*, width: int = 1600, height: int = 900, seed: int = 2009) -> bytes:
    """Draw two overlapping circles of light on a dusk gradient; return JPEG bytes."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top, bottom = (28, 36, 74), (222, 120, 92)
    for y in range(height):
        t = y / (height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(
                round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)
            ),
        )
    for _ in range(140):
        x, y = rng.randrange(width), rng.randrange(height // 2)
        r = rng.choice((1, 1, 2))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(250, 246, 230))
    glow = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    glow_draw = ImageDraw.Draw(glow)
    for cx, colour in (
        (width * 0.42, (255, 214, 140, 150)),
        (width * 0.58, (140, 200, 255, 150)),
    ):
        r = height * 0.28
        cy = height * 0.55
        glow_draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
    glow = glow.filter(ImageFilter.GaussianBlur(6))
    image = Image.alpha_composite(image.convert("RGBA"), glow).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
