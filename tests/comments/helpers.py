"""Helpers for comment tests: thread shapes, comments written as the form would.

    assert_thread(post, '''
        Ann
          Bob
            Ann
        Cid
    ''')

compares the post's comments, in tree order (`tree_id, lft`) and indented two
spaces per level, with the expected outline (common indentation and blank lines
ignored). Each line is the comment's author name. `build_thread` makes such a
thread quickly, `parse_thread` reads one back from the rendered page, and
`comment_chain` writes a thread thousands of replies deep straight into the
database.
"""

import itertools
import textwrap
import threading
from html.parser import HTMLParser

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments.forms import sign_form_timestamp
from comments.models import Comment
from comments.moderation_settings import moderation_settings
from comments.services import comment_create
from comments.tree import comment_tree_insert
from tests.factories import CommentFactory

TREE_ROW_FIELDS = ("id", "tree_id", "lft", "rght", "level", "parent_id")


def thread_dump(post) -> str:
    """The post's comments as an indented outline, in the order a page shows them."""
    comments = Comment.objects.filter(post=post).select_related("user")
    comments = comments.order_by("tree_id", "lft")
    return "\n".join("  " * c.level + c.get_author_name() for c in comments)


def assert_thread(post, expected: str) -> None:
    outline = textwrap.dedent(expected).strip("\n")
    expected_lines = [line.rstrip() for line in outline.splitlines() if line.strip()]
    assert thread_dump(post).splitlines() == expected_lines


def tree_rows() -> list[tuple]:
    """Every comment's tree fields, ordered by id."""
    return list(Comment.objects.order_by("id").values_list(*TREE_ROW_FIELDS))


def assert_tree_matches_rebuild() -> None:
    """The stored tree is exactly what mptt rebuilds from the parent links alone.

    A full rebuild numbers the threads 1, 2, 3...: call it only while no thread
    has been deleted (a deleted thread leaves a gap in the tree ids).
    """
    stored = tree_rows()
    Comment.objects.rebuild()
    assert stored == tree_rows()


def add_comment(post, name: str, *, parent=None, **fields) -> Comment:
    """Insert a comment by `name` the way the application does."""
    comment = Comment(
        post=post,
        parent=parent,
        author_name=name,
        author_email=f"{name.lower()}@example.test",
        body=fields.pop("body", f"A comment by {name}."),
        status=fields.pop("status", Comment.Status.APPROVED),
        **fields,
    )
    return comment_tree_insert(comment)


def reply(parent: Comment, name: str, **fields) -> Comment:
    return add_comment(parent.post, name, parent=parent, **fields)


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


def comment_chain(post, depth: int, **fields) -> list[Comment]:
    """`depth` approved comments on `post`, each replying to the one before: one
    thread `depth` levels deep, written straight into the database (as an import
    made before imports had a depth limit left one). Returns them, top first."""
    tree_id = (Comment.objects.aggregate(top=Max("tree_id"))["top"] or 0) + 1
    chain = Comment.objects.bulk_create(
        [
            Comment(
                post=post,
                author_name=f"Reader {n}",
                body=f"Reply {n}.",
                body_html=f"<p>Reply {n}.</p>",
                status=Comment.Status.APPROVED,
                tree_id=tree_id,
                level=n,
                lft=n + 1,
                rght=2 * depth - n,
                **fields,
            )
            for n in range(depth)
        ],
        batch_size=1000,
    )
    for parent, comment in itertools.pairwise(chain):
        comment.parent_id = parent.pk
    Comment.objects.bulk_update(chain[1:], ["parent"], batch_size=1000)
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + depth)
    return chain


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


def old_timestamp(post, seconds=60) -> str:
    """A form timestamp as if the form had been shown `seconds` ago."""
    with time_machine.travel(timezone.now() - timezone.timedelta(seconds=seconds)):
        return sign_form_timestamp(post.pk)


def make_comment(
    post, *, parent=None, user=None, name="Ann", body=None, notify=False, **extra
):
    """A comment written through the service, as the form would."""
    return comment_create(
        post=post,
        parent=parent,
        user=user or AnonymousUser(),
        author_name=name,
        author_email=f"{name.lower()}@example.test",
        author_url=extra.pop("author_url", ""),
        body=body or f"A thought from {name}.",
        ip_address=extra.pop("ip_address", None),
        user_agent="pytest",
        notify_replies=notify,
    )


POST_URL = reverse("comments:post")


def form_data(post, **overrides) -> dict:
    """The comment form's fields for a guest's comment on `post`, as sent."""
    data = {
        "author_name": "Ann Example",
        "author_email": "ann@example.test",
        "author_url": "https://ann.example/",
        "body": "A thoughtful comment.",
        "post_id": post.pk,
        "parent_id": "",
        "timestamp": old_timestamp(post),
        "url_confirm": "",
    }
    data.update(overrides)
    return data


def set_rules(**values) -> None:
    """Save the moderation settings record with `values` changed, as the admin's
    Moderation settings page does."""
    record = moderation_settings()
    for name, value in values.items():
        setattr(record, name, value)
    record.save()


def run_together(tasks) -> None:
    """Run each task in its own thread, all released at once; re-raise failures."""
    barrier = threading.Barrier(len(tasks))
    errors = []

    def worker(task):
        try:
            barrier.wait()
            task()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
