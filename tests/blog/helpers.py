"""Helpers for blog tests.

WordPress exports for the import tests, written in the test:
`wxr(item(10, "hello", comment(1, "Ann"), comment(2, "Bob", parent=1)), site=ONE)`,
or a whole discussion shaped like the benchmarks' reference threads,
`wxr(big_thread(1027, "thread-27", 27, seed=27), site=BIG)`; and images that lie
or that ask too much of a decoder.
"""

import datetime
import io
import random
import struct
import zlib

import pytest
from PIL import ImageFile

ONE, TWO = "https://one.example.test", "https://two.example.test"
BIG = "http://bench.example.com"


def wxr(*items: str, site: str | None = ONE) -> io.StringIO:
    """A WordPress export of `items` (see `item`) from the site at `site`."""
    named = (
        f"<link>{site}</link><wp:base_site_url>{site}</wp:base_site_url>"
        f"<wp:base_blog_url>{site}</wp:base_blog_url>"
        if site
        else ""
    )
    return io.StringIO(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n'
        f"<channel><title>Old</title>{named}<wp:wxr_version>1.2</wp:wxr_version>\n"
        + "".join(items)
        + "</channel></rss>\n"
    )


def item(post_id: int, slug: str, *comments: str, site: str = ONE) -> str:
    """The published post `slug`, WordPress id `post_id`, with `comments`."""
    return (
        f"<item><title>{slug}</title><link>{site}/{slug}/</link>"
        f"<dc:creator>olga</dc:creator><wp:post_id>{post_id}</wp:post_id>"
        "<wp:post_date_gmt>2024-01-01 09:00:00</wp:post_date_gmt>"
        f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
        "<wp:post_type>post</wp:post_type>\n" + "".join(comments) + "</item>\n"
    )


def comment(comment_id: int, author: str, parent: int = 0) -> str:
    """An approved comment by `author`, written `comment_id` minutes after ten
    on 2 January 2024."""
    written = datetime.datetime(2024, 1, 2, 10) + datetime.timedelta(minutes=comment_id)
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author>{author}</wp:comment_author>"
        f"<wp:comment_date_gmt>{written:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>"
        f"<wp:comment_content>By {author}.</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


READERS = ("Ann", "Bob", "Cid", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jon")


def big_thread(post_id: int, slug: str, size: int, *, seed: int, site=BIG) -> str:
    """The post `slug` with `size` comments numbered from 1, shaped like the
    benchmarks' reference threads: about three in ten start a thread, the rest
    answer an earlier comment, up to five deep. The same seed gives the same
    thread."""
    chooser = random.Random(seed)
    depths = {0: 0}
    open_to_replies = []
    comments = []
    for number in range(1, size + 1):
        starts = number == 1 or chooser.random() < 0.3
        parent = 0 if starts else chooser.choice(open_to_replies)
        depths[number] = depths[parent] + 1
        if depths[number] < 5:
            open_to_replies.append(number)
        comments.append(comment(number, chooser.choice(READERS), parent=parent))
    return item(post_id, slug, *comments, site=site)


def hello(site: str, *names: str, post_id: int = 10) -> str:
    """The post "hello" with comment 1 by the first name, each next one replying
    to the one before (comment 2 to 1, 3 to 2...)."""
    replies = [comment(n, name, parent=n - 1) for n, name in enumerate(names[1:], 2)]
    return item(post_id, "hello", comment(1, names[0]), *replies, site=site)


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    header = struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    idat = zlib.compress(b"\x00" * 64)
    idat_chunk = b"IDAT" + idat
    return (
        b"\x89PNG\r\n\x1a\n"
        + header
        + struct.pack(">I", len(idat))
        + idat_chunk
        + struct.pack(">I", zlib.crc32(idat_chunk))
    )


def animation_bomb(frames: int, width: int, height: int, *, grow_at: int = 0) -> bytes:
    """An animated GIF of `frames` frames of `width` x `height` pixels, a few bytes a
    frame: each frame paints one pixel (a GIF frame may cover any part of the
    picture), but a decoder composes every frame at the picture's full size.

    With `grow_at`, the picture says it is 1 x 1 pixels and its frames paint at
    0, 0 until frame `grow_at`, from which they paint the pixel at
    `width - 1, height - 1`: the picture grows to its full size only then.
    """
    screen = (1, 1) if grow_at else (width, height)
    parts = [
        b"GIF89a",
        struct.pack("<HHBBB", *screen, 0x80, 0, 0),  # a colour table of two
        b"\x00\x00\x00\xff\xff\xff",
        b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00",  # loop forever
    ]
    for number in range(frames):
        far = grow_at and number >= grow_at
        x, y = (width - 1, height - 1) if far else (0, 0)
        parts += [
            struct.pack("<BBBBHBB", 0x21, 0xF9, 4, 0x04, 2, 0, 0),  # 20 ms, keep
            struct.pack("<BHHHHB", 0x2C, x, y, 1, 1, 0),
            # One pixel, LZW-coded (clear, colour 0 or 1, end), alternating.
            bytes([2, 2, 0x4C if number % 2 else 0x44, 0x01, 0]),
        ]
    return b"".join(parts) + b";"


def pixels_decoded(monkeypatch, *, limit: int) -> list[int]:
    """From now on, count the pixels Pillow decodes (each frame at the picture's
    full size), in the list's one item; fail the test as soon as they pass
    `limit`, rather than let a decoder run on for seconds and gigabytes."""
    decoded = [0]
    load = ImageFile.ImageFile.load

    def counted_load(image):
        if image.tile:  # pixels not decoded yet
            decoded[0] += image.width * image.height
            if decoded[0] > limit:
                pytest.fail(f"Pillow was asked to decode more than {limit} pixels")
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted_load)
    return decoded
