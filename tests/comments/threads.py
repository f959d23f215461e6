"""Thread-shape helpers for comment tests.

    assert_thread(post, '''
        Ann
          Bob
            Ann
        Cid
    ''')

compares the post's comments, in tree order (`tree_id, lft`) and indented two
spaces per level, with the expected outline (common indentation and blank lines
ignored). Each line is the comment's author name.
"""

import textwrap

from comments.models import Comment
from comments.tree import comment_tree_insert

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
