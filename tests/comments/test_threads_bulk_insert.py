"""comment_threads_bulk_insert: new comments, already linked, written into their
threads in bulk (an import's way). Whatever the shape of the forest, the tree it
writes is the one mptt builds from the parent links alone."""

import pytest

from comments.models import Comment
from comments.tree import comment_threads_bulk_insert
from tests.comments.helpers import assert_thread, build_thread, tree_rows

pytestmark = pytest.mark.django_db

UNLIMITED = 100_000  # a deepest level no test reaches


def linked(post, outline: str, *, parent: Comment | None = None) -> tuple:
    """Unsaved comments shaped like `outline` (two spaces a level), the top ones
    new threads or replies to `parent`: (the top ones, the replies by id())."""
    tops, replies, stack = [], {}, []
    for line in outline.strip("\n").splitlines():
        depth = (len(line) - len(line.lstrip())) // 2
        stack = stack[:depth]
        comment = Comment(
            post=post,
            parent_id=parent.pk if parent else None,
            author_name=line.strip(),
            body=f"By {line.strip()}.",
            status=Comment.Status.APPROVED,
        )
        if stack:
            comment.parent_id = None
            replies.setdefault(id(stack[-1]), []).append(comment)
        else:
            tops.append(comment)
        stack.append(comment)
    return tops, replies


def chain(depth: int, name: str = "Deep") -> str:
    return "\n".join("  " * n + f"{name}{n}" for n in range(depth))


def assert_every_thread_as_mptt_rebuilds_it() -> None:
    stored = tree_rows()
    for tree_id in sorted({row[1] for row in stored}):
        Comment.objects.partial_rebuild(tree_id)
    assert tree_rows() == stored


def test_a_forest_with_deep_chains_and_replies_to_saved_comments_is_what_mptt_builds(
    post,
):
    saved = build_thread(post, "Ann\n  Bob\n    Cid\n  Dee\nEve")
    threads, replies = linked(post, f"Fay\n  Gus\n  Hal\n    Ida\n{chain(300)}\nJon")
    under_bob, replies_under_bob = linked(
        post, chain(200, "Bob's"), parent=saved["Bob"]
    )
    under_eve, replies_under_eve = linked(post, "Kim\n  Lea\nMay", parent=saved["Eve"])
    comment_threads_bulk_insert(
        tops=threads + under_bob + under_eve,
        replies=replies | replies_under_bob | replies_under_eve,
        deepest_level=UNLIMITED,
    )
    assert Comment.objects.count() == 5 + 5 + 300 + 200 + 3
    assert_every_thread_as_mptt_rebuilds_it()


def test_new_threads_take_the_next_tree_ids_in_the_order_given(post):
    build_thread(post, "Ann\nBob")
    tops, replies = linked(post, "Cid\n  Dee\nEve")
    comment_threads_bulk_insert(tops=tops, replies=replies, deepest_level=UNLIMITED)
    assert [(c.author_name, c.tree_id) for c in tops] == [("Cid", 3), ("Eve", 4)]


def test_replies_keep_the_order_given(post):
    tops, replies = linked(post, "Ann\n  Bob\n    Cid\n    Dee\n  Eve")
    comment_threads_bulk_insert(tops=tops, replies=replies, deepest_level=UNLIMITED)
    assert_thread(post, "Ann\n  Bob\n    Cid\n    Dee\n  Eve")


def test_replies_below_the_deepest_level_follow_the_comment_they_answer(post):
    tops, replies = linked(post, "Ann\n  Bob\n    Cid\n      Dee\n    Eve\n  Fay")
    comment_threads_bulk_insert(tops=tops, replies=replies, deepest_level=1)
    assert_thread(post, "Ann\n  Bob\n  Cid\n  Dee\n  Eve\n  Fay")
    assert_every_thread_as_mptt_rebuilds_it()


def test_replies_to_a_saved_comment_at_the_deepest_level_hang_beside_it(post):
    saved = build_thread(post, "Ann\n  Bob\n  Cid")
    tops, replies = linked(post, "Dee\n  Eve", parent=saved["Bob"])
    comment_threads_bulk_insert(tops=tops, replies=replies, deepest_level=1)
    assert_thread(post, "Ann\n  Bob\n  Cid\n  Dee\n  Eve")
    assert_every_thread_as_mptt_rebuilds_it()


def test_a_chain_10000_deep_is_numbered_without_recursion(post):
    tops, replies = linked(post, chain(10_000))
    comment_threads_bulk_insert(tops=tops, replies=replies, deepest_level=UNLIMITED)
    rows = Comment.objects.order_by("lft").values_list("lft", "rght", "level")
    assert list(rows) == [(n + 1, 20_000 - n, n) for n in range(10_000)]


def test_a_forest_is_written_a_level_at_a_time(post, django_assert_max_num_queries):
    tops, replies = linked(post, f"Ann\n  Bob\n    Cid\n{chain(3)}\nEve\n  Fay")
    # The tree id lock and the highest tree id, then one INSERT a level.
    with django_assert_max_num_queries(2 + 3):
        comment_threads_bulk_insert(tops=tops, replies=replies, deepest_level=UNLIMITED)
