import pytest
from django.db import transaction

from comments.locks import comment_tree_lock
from comments.models import Comment
from comments.tree import comment_tree_insert
from tests.comments.helpers import (
    add_comment,
    assert_thread,
    assert_tree_matches_rebuild,
    reply,
)
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return PostFactory()


def test_replies_are_appended_in_arrival_order(post):
    ann = add_comment(post, "Ann")
    reply(ann, "Bob")
    reply(ann, "Cid")
    reply(ann, "Dee")

    assert_thread(
        post,
        """
        Ann
          Bob
          Cid
          Dee
        """,
    )


def test_a_late_reply_to_an_early_comment_lands_under_it(post):
    ann = add_comment(post, "Ann")
    bob = reply(ann, "Bob")
    reply(ann, "Cid")
    add_comment(post, "Eve")
    reply(bob, "Ann")

    assert_thread(
        post,
        """
        Ann
          Bob
            Ann
          Cid
        Eve
        """,
    )


def test_replies_nest_five_deep(post):
    comment = add_comment(post, "Ann")
    for name in ["Bob", "Ann", "Cid", "Ann", "Dee"]:
        comment = reply(comment, name)

    assert_thread(
        post,
        """
        Ann
          Bob
            Ann
              Cid
                Ann
                  Dee
        """,
    )
    assert comment.level == 5


def test_every_top_level_comment_is_its_own_tree(post):
    first, second, third = (add_comment(post, name) for name in ["Ann", "Bob", "Cid"])
    reply(second, "Dee")

    tree_ids = {first.tree_id, second.tree_id, third.tree_id}
    assert len(tree_ids) == 3
    assert Comment.objects.filter(parent__isnull=True).count() == 3


def test_top_level_comments_on_different_posts_get_different_trees():
    first = add_comment(PostFactory(), "Ann")
    second = add_comment(PostFactory(), "Bob")

    assert first.tree_id != second.tree_id


def test_the_first_thread_is_tree_one(post):
    assert add_comment(post, "Ann").tree_id == 1


def test_a_new_thread_takes_the_tree_id_after_the_highest(post):
    ann = add_comment(post, "Ann")
    add_comment(post, "Bob")
    Comment.objects.filter(tree_id=ann.tree_id).update(tree_id=ann.tree_id + 50)

    assert add_comment(post, "Cid").tree_id == ann.tree_id + 51


def test_a_reply_only_shifts_its_own_thread(post):
    ann = add_comment(post, "Ann")
    reply(ann, "Bob")
    other = add_comment(post, "Cid")
    reply(other, "Dee")
    before = Comment.objects.filter(tree_id=other.tree_id).values_list("lft", "rght")
    before = list(before)

    reply(ann, "Eve")

    after = Comment.objects.filter(tree_id=other.tree_id).values_list("lft", "rght")
    assert list(after) == before


def test_a_reply_through_a_stale_parent_copy_is_placed_correctly(post):
    ann = add_comment(post, "Ann")
    stale_ann = Comment.objects.get(pk=ann.pk)
    reply(ann, "Bob")
    reply(ann, "Cid")

    reply(stale_ann, "Dee")

    assert_thread(
        post,
        """
        Ann
          Bob
          Cid
          Dee
        """,
    )
    assert_tree_matches_rebuild()


def test_the_tree_equals_its_rebuild_after_many_inserts(post):
    comments = []
    for i in range(60):
        # Every fourth comment starts a thread; the others answer an earlier one.
        parent = None if i % 4 == 0 else comments[(i * 7) % len(comments)]
        comments.append(add_comment(post, f"Reader{i}", parent=parent))

    assert Comment.objects.count() == 60
    assert_tree_matches_rebuild()


def test_locking_a_thread_refreshes_the_comments_stale_tree_fields(post):
    ann = add_comment(post, "Ann")
    stale_ann = Comment.objects.get(pk=ann.pk)
    reply(ann, "Bob")

    with transaction.atomic():
        comment_tree_lock(stale_ann)

    assert (stale_ann.lft, stale_ann.rght) == (1, 4)


def test_a_reply_through_a_copy_read_before_its_thread_moved_lands_in_it(post):
    ann = add_comment(post, "Ann")
    reply(ann, "Bob")
    stale_ann = Comment.objects.get(pk=ann.pk)
    # As check_comment_trees --repair moves a thread to a tree id of its own.
    Comment.objects.filter(tree_id=ann.tree_id).update(tree_id=ann.tree_id + 50)

    cid = reply(stale_ann, "Cid")

    assert (cid.tree_id, cid.lft, cid.rght) == (ann.tree_id + 50, 4, 5)
    assert_thread(
        post,
        """
        Ann
          Bob
          Cid
        """,
    )


def test_a_reply_reads_its_parent_once_under_the_lock(post, django_assert_num_queries):
    ann = add_comment(post, "Ann")
    # Lock the thread, read the parent's tree fields, make room, insert.
    with django_assert_num_queries(4):
        comment_tree_insert(Comment(post=post, parent=ann, author_name="Bob"))


def test_insert_refuses_a_comment_that_is_already_saved(post):
    ann = add_comment(post, "Ann")

    with pytest.raises(ValueError, match="only inserts new comments"):
        comment_tree_insert(ann)


def test_insert_refuses_a_reply_to_a_comment_of_another_post(post):
    ann = add_comment(post, "Ann")
    stray = Comment(post=PostFactory(), parent=ann, author_name="Bob", body="Hi")

    with pytest.raises(ValueError, match="belong to its parent's post"):
        comment_tree_insert(stray)
    assert not Comment.objects.filter(author_name="Bob").exists()
