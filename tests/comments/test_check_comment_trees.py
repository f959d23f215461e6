from contextlib import suppress
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from comments.models import Comment
from tests.comments.helpers import (
    add_comment,
    assert_thread,
    assert_tree_matches_rebuild,
    reply,
)
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def check(*args) -> str:
    out = StringIO()
    call_command("check_comment_trees", *args, stdout=out)
    return out.getvalue()


def check_expecting_damage() -> str:
    out = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("check_comment_trees", stdout=out)
    assert excinfo.value.returncode != 0
    return out.getvalue()


@pytest.fixture
def discussion():
    """Two threads on one post: Ann with nested replies, then Eve with one."""
    post = PostFactory(title="On tending gardens")
    ann = add_comment(post, "Ann")
    bob = reply(ann, "Bob")
    reply(bob, "Ann")
    reply(ann, "Cid")
    eve = add_comment(post, "Eve")
    reply(eve, "Fay")
    return post, ann, eve


def corrupt_lft_rght(comment: Comment) -> None:
    """Swap lft and rght behind mptt's back, as an interleaved write would."""
    Comment.objects.filter(pk=comment.pk).update(lft=comment.rght, rght=comment.lft)


def test_a_healthy_database_is_reported_ok(discussion):
    assert check() == "OK: all 2 comment threads are sound.\n"


def test_an_empty_database_is_reported_ok():
    assert check().startswith("OK: all 0 comment threads")


def test_a_corrupted_thread_is_reported_with_its_ids_and_fails(discussion):
    post, ann, eve = discussion
    corrupt_lft_rght(ann.get_children()[0])

    output = check_expecting_damage()

    assert f"Thread {ann.tree_id} (root comment {ann.pk} on post {post.pk}" in output
    assert "1 of 4 comments differ from the rebuild" in output
    assert f"Thread {eve.tree_id} " not in output


def test_checking_leaves_a_corrupted_thread_untouched(discussion):
    _post, ann, _eve = discussion
    bob = ann.get_children()[0]
    corrupt_lft_rght(bob)

    check_expecting_damage()

    bob_after = Comment.objects.get(pk=bob.pk)
    assert (bob_after.lft, bob_after.rght) == (bob.rght, bob.lft)


def test_repair_rebuilds_a_corrupted_thread(discussion):
    post, ann, _eve = discussion
    corrupt_lft_rght(ann.get_children()[0])

    output = check("--repair")

    assert f"Repaired thread {ann.tree_id} (partial rebuild)." in output
    assert check().startswith("OK")
    assert_thread(
        post,
        """
        Ann
          Bob
            Ann
          Cid
        Eve
          Fay
        """,
    )


def test_two_roots_sharing_a_tree_id_are_reported(discussion):
    post, ann, eve = discussion
    Comment.objects.filter(tree_id=eve.tree_id).update(tree_id=ann.tree_id)

    output = check_expecting_damage()

    assert f"Thread {ann.tree_id} is shared by root comment {ann.pk} " in output
    assert f"root comment {eve.pk} on post {post.pk}" in output


def test_repair_gives_the_later_of_two_roots_sharing_a_tree_id_its_own(discussion):
    post, ann, eve = discussion
    Comment.objects.filter(tree_id=eve.tree_id).update(tree_id=ann.tree_id)

    output = check("--repair")

    eve.refresh_from_db()
    assert f"Moved root comment {eve.pk} and its 1 replies" in output
    assert eve.tree_id != ann.tree_id
    assert check().startswith("OK")
    assert_thread(
        post,
        """
        Ann
          Bob
            Ann
          Cid
        Eve
          Fay
        """,
    )


def test_a_reply_outside_its_parents_thread_is_reported_and_moved_back(discussion):
    _post, ann, eve = discussion
    fay = eve.get_children()[0]
    Comment.objects.filter(pk=fay.pk).update(tree_id=ann.tree_id)

    assert f"in thread(s) {eve.tree_id}." in check_expecting_damage()

    check("--repair")
    assert Comment.objects.get(pk=fay.pk).tree_id == eve.tree_id
    assert check().startswith("OK")
    assert_tree_matches_rebuild()


def queries_of_a_check(*args) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries, suppress(CommandError):
        check(*args)
    return [q["sql"] for q in queries.captured_queries]


def test_checking_takes_as_many_queries_for_many_threads_as_for_one():
    post = PostFactory()
    reply(add_comment(post, "Ann"), "Bob")
    one_thread = len(queries_of_a_check())
    for name in ("Cid", "Dan", "Eve", "Fay", "Gil", "Hal"):
        reply(reply(add_comment(post, name), "Ivy"), "Jon")

    assert len(queries_of_a_check()) == one_thread


def test_checking_a_damaged_database_writes_and_locks_nothing(discussion):
    _post, ann, _eve = discussion
    corrupt_lft_rght(ann)

    statements = queries_of_a_check()

    assert statements
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in statements)
    assert not any("FOR UPDATE" in sql.upper() for sql in statements)
