"""WordPress exports for the import tests: the reference threads in BENCH, and small
ones written in a test, `wxr(item(10, "hello", comment(1, "Ann"), comment(2, "Bob",
parent=1)), site=ONE)`."""

import io
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The reference threads of the benchmarks: shared/ sits beside the repository (a
# worktree is one level further down).
BENCH = next(
    (
        p / "shared" / "bench"
        for p in (REPO.parent, REPO.parent.parent)
        if (p / "shared" / "bench").is_dir()
    ),
    REPO.parent / "shared" / "bench",
)
ONE, TWO = "https://one.example.test", "https://two.example.test"


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
    """An approved comment by `author`, written `comment_id` minutes after ten."""
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author>{author}</wp:comment_author>"
        f"<wp:comment_date_gmt>2024-01-02 {10 + comment_id // 60:02}:"
        f"{comment_id % 60:02}:00</wp:comment_date_gmt>"
        f"<wp:comment_content>By {author}.</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


def hello(site: str, *names: str, post_id: int = 10) -> str:
    """The post "hello" with comment 1 by the first name, each next one replying
    to the one before (comment 2 to 1, 3 to 2...)."""
    replies = [comment(n, name, parent=n - 1) for n, name in enumerate(names[1:], 2)]
    return item(post_id, "hello", comment(1, names[0]), *replies, site=site)
