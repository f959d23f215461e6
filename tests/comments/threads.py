"""Helpers to build threads from an indented outline and to read them back from HTML."""

from html.parser import HTMLParser

from comments.models import Comment
from tests.factories import CommentFactory


def build_thread(post, outline: str, **extra) -> dict[str, Comment]:
    """Approved comments shaped like `outline` (two spaces a level; names unique).

    Returns the comments by name; a name may carry a suffix after '#' to keep it
    unique (`Ann#2` is written by Ann).
    """
    made: dict[str, Comment] = {}
    stack: list[Comment] = []
    for line in outline.strip("\n").splitlines():
        depth = (len(line) - len(line.lstrip())) // 2
        key = line.strip()
        stack = stack[:depth]
        comment = CommentFactory(
            post=post,
            parent=stack[-1] if stack else None,
            author_name=key.split("#")[0],
            body=f"Comment {key}",
            body_html=f"<p>Comment {key}</p>",
            **extra,
        )
        made[key] = comment
        stack.append(comment)
    post.comment_count = Comment.objects.approved().filter(post=post).count()
    post.save(update_fields=["comment_count"])
    return made


class ThreadParser(HTMLParser):
    """Reads (comment id, depth, parent id) from the rendered `ol.comment-list`."""

    def __init__(self):
        super().__init__()
        self.stack: list[int | None] = []  # open <li> comment ids (None: other li)
        self.found: list[tuple[int, int, int | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag != "li":
            return
        attrs = dict(attrs)
        comment_id = None
        if (attrs.get("id") or "").startswith("comment-"):
            comment_id = int(attrs["id"].removeprefix("comment-"))
            ancestors = [pk for pk in self.stack if pk is not None]
            parent = ancestors[-1] if ancestors else None
            self.found.append((comment_id, len(ancestors), parent))
        self.stack.append(comment_id)

    def handle_endtag(self, tag):
        if tag == "li":
            self.stack.pop()


def parse_thread(html: str) -> list[tuple[int, int, int | None]]:
    parser = ThreadParser()
    parser.feed(html)
    assert parser.stack == [], "every <li> is closed"
    return parser.found


def stored_thread(post) -> list[tuple[int, int, int | None]]:
    comments = Comment.objects.filter(post=post).order_by("tree_id", "lft")
    return [(c.pk, c.level, c.parent_id) for c in comments]
