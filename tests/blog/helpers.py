"""Helpers for blog tests.

WordPress exports for the import tests, written in the test:
`wxr(item(10, "hello", comment(1, "Ann"), comment(2, "Bob", parent=1)), site=ONE)`,
or a whole discussion shaped like the benchmarks' reference threads,
`wxr(big_thread(1027, "thread-27", 27, seed=27), site=BIG)`; and images that lie,
that ask too much of a decoder, or that carry metadata (`with_metadata`, found
again by `metadata_left`).
"""

import datetime
import io
import random
import struct
import zlib

import pytest
from PIL import ExifTags, ImageFile, ImageSequence, PngImagePlugin
from PIL import Image as PILImage

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


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)


def icc_profile(*, gamma: float = 1.0, note: bytes = b"A test profile") -> bytes:
    """An ICC (v2) RGB display profile with sRGB's primaries but a plain `gamma`
    curve (1.0: linear light, so mid-grey 128 is sRGB 188), and `note` as its
    copyright text."""
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256))
    name = b"Colloquy test\0"
    tags = [
        (b"desc", b"desc\0\0\0\0" + struct.pack(">I", len(name)) + name + bytes(79)),
        (b"cprt", b"text\0\0\0\0" + note + b"\0"),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", _xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", _xyz(0.1431, 0.0606, 0.7141)),
        *((trc, curve) for trc in (b"rTRC", b"gTRC", b"bTRC")),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (
        struct.pack(">I", offset + len(data))
        + bytes(4)
        + b"\x02\x10\0\0mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(28)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + data


# Written into every kind of metadata by `with_metadata`, looked for by
# `metadata_left`. Plain text: markup this early in a file is refused outright.
MARKER = "colloquy-metadata-payload"
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
METADATA_KEYS = {"exif", "xmp", "comment", "icc_profile", "XML:com.adobe.xmp"}
# What each format can carry besides its pixels, and some as animations (a JPEG
# cannot be one): (format, kind for `with_metadata`, frames).
METADATA_CASES = [
    *(("JPEG", kind, 1) for kind in ("exif", "xmp", "comment", "icc")),
    *(("PNG", kind, 1) for kind in ("exif", "xmp", "text", "ztxt", "itxt", "icc")),
    *(("WEBP", kind, 1) for kind in ("exif", "xmp", "icc")),
    *(("GIF", kind, 1) for kind in ("comment", "xmp", "icc")),
    *(("PNG", kind, 3) for kind in ("exif", "text", "icc")),
    *(("WEBP", kind, 3) for kind in ("exif", "xmp", "icc")),
    *(("GIF", kind, 3) for kind in ("comment", "icc")),
]
_XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{MARKER}</x:xmpmeta>'


def metadata_case(case: tuple) -> str:
    """A test id for one of METADATA_CASES: `PNG-icc-animated`."""
    fmt, kind, frames = case
    return f"{fmt}-{kind}" + ("-animated" if frames > 1 else "")


def _gif_extension(data: bytes, label: bytes, payload: bytes) -> bytes:
    """`data`, a GIF, with an application extension `label` holding `payload`
    after its colour table (how GIFs carry a colour profile or XMP)."""
    flags = data[10]
    at = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    blocks = b"".join(
        bytes([len(payload[i : i + 255])]) + payload[i : i + 255]
        for i in range(0, len(payload), 255)
    )
    return data[:at] + b"!\xff\x0b" + label + blocks + b"\0" + data[at:]


def with_metadata(
    fmt: str, kind: str, *, frames: int = 1, size=(64, 48), colour=(128, 128, 128)
) -> bytes:
    """A picture in `fmt` (an animation of `frames`) carrying `kind` of metadata
    with MARKER in it: exif, xmp, comment, icc (a colour profile) or, in a PNG,
    text, ztxt (compressed) and itxt."""
    pictures = [
        PILImage.new("RGB", size, tuple((c + 40 * n) % 256 for c in colour))
        for n in range(frames)
    ]
    options = {}
    if frames > 1:
        options = {"save_all": True, "append_images": pictures[1:], "duration": 100}
    if fmt == "WEBP":
        options["lossless"] = True
    text = PngImagePlugin.PngInfo()
    spliced = None
    if kind == "exif":
        exif = PILImage.Exif()
        exif[ExifTags.Base.ImageDescription] = MARKER
        options["exif"] = exif
    elif kind == "icc" and fmt == "GIF":
        spliced = (b"ICCRGBG1012", icc_profile(note=MARKER.encode()))
    elif kind == "icc":
        options["icc_profile"] = icc_profile(note=MARKER.encode())
    elif kind == "xmp" and fmt == "GIF":
        spliced = (b"XMP DataXMP", _XMP.encode() + bytes(range(255, -1, -1)))
    elif kind == "xmp" and fmt == "PNG":
        text.add_itxt("XML:com.adobe.xmp", _XMP)
    elif kind == "xmp":
        options["xmp"] = _XMP.encode()
    elif kind == "comment":
        options["comment"] = MARKER
    elif kind in ("text", "ztxt"):
        text.add_text("Comment", MARKER, zip=kind == "ztxt")
    elif kind == "itxt":
        text.add_itxt("Description", MARKER, zip=True)
    else:
        raise ValueError(f"no {kind} metadata in a {fmt}")
    if fmt == "PNG":
        options["pnginfo"] = text
    out = io.BytesIO()
    pictures[0].save(out, format=fmt, **options)
    return _gif_extension(out.getvalue(), *spliced) if spliced else out.getvalue()


def metadata_left(data: bytes) -> set[str]:
    """The metadata in `data`, a picture: Pillow's names for what it read of it
    (its PNG text chunks as `text:<keyword>`), and "marker" when MARKER is in the
    bytes, compressed text included."""
    found = {"marker"} if MARKER.encode() in data else set()
    with PILImage.open(io.BytesIO(data)) as img:
        for frame in ImageSequence.Iterator(img):
            frame.load()
            found |= METADATA_KEYS & set(frame.info)
            found |= {f"text:{keyword}" for keyword in getattr(frame, "text", {})}
            if any(MARKER in str(value) for value in frame.info.values()):
                found.add("marker")
    return found
