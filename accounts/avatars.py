"""Avatars that work offline: an identicon drawn from a hash of the email.

The email never leaves the site in clear: URLs carry a hash of it. With the setting
AVATAR_GRAVATAR on, Gravatar serves the picture (its own identicon as fallback).
"""

import colorsys
import hashlib
import io
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from PIL import Image, ImageDraw

# The sizes the site draws; any other is a 404, so URLs cannot make it draw forever.
ALLOWED_SIZES = (32, 40, 48, 64, 80, 96, 128, 160, 256)
GRID = 5
BACKGROUND = (240, 240, 240)


def email_digest(email: str) -> str:
    """SHA-256 of the trimmed, lower-cased email, as hex."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def avatar_url(*, email: str, size: int = 48) -> str:
    """The URL of the avatar for `email`, `size` pixels square (rounded up to an
    allowed size)."""
    size = next((s for s in ALLOWED_SIZES if s >= size), ALLOWED_SIZES[-1])
    digest = email_digest(email)
    if settings.AVATAR_GRAVATAR:
        query = urlencode({"s": size, "d": "identicon", "r": "g"})
        return f"https://www.gravatar.com/avatar/{digest}?{query}"
    return reverse("accounts:avatar", kwargs={"digest": digest[:32], "size": size})


def user_avatar_url(user, size: int = 48) -> str:
    """The URL of a user's avatar: their uploaded picture (96 or 192 px, the
    smallest that is sharp at `size`), else the one drawn from their email."""
    if user.avatar_large:
        return (user.avatar_small if size <= 96 else user.avatar_large).url
    return avatar_url(email=user.email, size=size)


def identicon_png(digest: str, size: int) -> bytes:
    """A symmetric 5x5 identicon for a hex digest, as PNG bytes.

    Bits of the digest fill the left three columns (mirrored to the right); its
    first bytes choose the colour, at a saturation and lightness that stay legible
    on light and dark pages.
    """
    value = int(digest, 16)
    hue = (value & 0xFFF) / 0xFFF
    lightness = 0.45 + ((value >> 12) & 0xF) / 0xF * 0.15
    rgb = colorsys.hls_to_rgb(hue, lightness, 0.6)
    colour = tuple(round(c * 255) for c in rgb)
    bits = value >> 16

    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    cell = size / (GRID + 1)
    margin = cell / 2
    for row in range(GRID):
        for column in range((GRID + 1) // 2):
            if not (bits >> (row * 3 + column)) & 1:
                continue
            for col in {column, GRID - 1 - column}:
                x0, y0 = margin + col * cell, margin + row * cell
                draw.rectangle(
                    (round(x0), round(y0), round(x0 + cell) - 1, round(y0 + cell) - 1),
                    fill=colour,
                )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
