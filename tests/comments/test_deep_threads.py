"""Threads thousands of replies deep, as an import made before imports had a depth
limit left them: every path through them works a thread at a time, never a call
per level (Python stops at a thousand nested calls)."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from accounts.services import account_delete
from blog.models import Post
from comments.models import Comment
from comments.services import comment_delete_thread
from tests.comments.helpers import comment_chain, parse_thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEPTHS = [3_000, 10_000]


def check(*args) -> str:
    out = StringIO()
    call_command("check_comment_trees", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("depth", DEPTHS)
def test_a_deep_chain_is_checked_and_found_sound(post, depth):
    comment_chain(post, depth)
    assert check() == "OK: all 1 comment threads are sound.\n"


def test_a_damaged_deep_chain_is_repaired(post):
    chain = comment_chain(post, 3_000)
    Comment.objects.filter(pk=chain[2_000].pk).update(lft=1, rght=2, level=7)

    output = check("--repair")

    assert f"Thread {chain[0].tree_id} " in output
    assert "1 of 3000 comments differ from the rebuild" in output
    assert check().startswith("OK")
    deepest = Comment.objects.get(pk=chain[2_000].pk)
    assert (deepest.lft, deepest.rght, deepest.level) == (2_001, 4_000, 2_000)


def test_a_deep_chain_out_of_its_thread_is_moved_back_whole(
    post, django_assert_max_num_queries
):
    chain = comment_chain(post, 3_000)
    replies = Comment.objects.filter(pk__in=[c.pk for c in chain[1:]])
    replies.update(tree_id=chain[0].tree_id + 1)

    with django_assert_max_num_queries(40):  # not a pass a level
        check("--repair")

    assert set(Comment.objects.values_list("tree_id", flat=True)) == {chain[0].tree_id}
    assert check().startswith("OK")


@pytest.mark.parametrize("depth", DEPTHS)
def test_a_deep_chain_is_deleted_with_all_its_replies(post, depth):
    chain = comment_chain(post, depth)
    version = Post.objects.get().thread_version

    assert len(comment_delete_thread(comment=chain[10])) == depth - 10

    post.refresh_from_db()
    assert (post.comment_count, post.thread_version) == (10, version + 1)
    assert list(Comment.objects.order_by("lft").values_list("lft", "rght")) == [
        (n + 1, 20 - n) for n in range(10)
    ]
    assert check().startswith("OK")


def test_the_admin_deletes_a_deep_chain_for_good_once_confirmed(
    client, moderator, post
):
    chain = comment_chain(post, 3_000)
    client.force_login(moderator)
    changelist = reverse("admin:comments_comment_changelist")
    chosen = {"action": "delete_permanently", "_selected_action": [chain[1].pk]}

    asked = client.post(changelist, chosen)
    client.post(changelist, {**chosen, "confirmed": "yes"})

    assert "(2998 in all)" in asked.text
    assert list(Comment.objects.values_list("pk", flat=True)) == [chain[0].pk]
    assert Post.objects.get().comment_count == 1


def test_a_post_with_a_deep_chain_is_deleted_with_it(post):
    comment_chain(post, 3_000)
    post.delete()
    assert not Comment.objects.exists()


def test_the_admin_answers_deleting_a_post_with_a_deep_chain(client, post):
    comment_chain(post, 3_000)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:blog_post_delete", args=[post.pk]))

    # Comments go only through the moderation services, so not this way.
    assert response.status_code == 200
    assert response.context["perms_lacking"] == {"comment"}


def test_the_admin_lists_the_comments_of_a_deleted_post_side_by_side(rf, post):
    chain = comment_chain(post, 3_000)
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)

    listed, counts, _lacking, _protected = admin.site.get_model_admin(
        Post
    ).get_deleted_objects([post], request)

    post_line, comment_lines = listed
    assert post_line.startswith("Post: ")
    assert len(comment_lines) == 3_000
    assert all(isinstance(line, str) for line in comment_lines)
    assert counts["comments"] == len(chain)


def test_the_post_page_shows_a_deep_chain_no_deeper_than_the_thread_depth(client, post):
    comment_chain(post, 3_000)

    response = client.get(post.get_absolute_url())

    shown = parse_thread(response.text)
    assert len(shown) == 3_000
    assert max(depth for _pk, depth, _parent in shown) == 4


def test_an_account_with_comments_in_a_deep_chain_is_deleted(post):
    writer = UserFactory()
    chain = comment_chain(post, 3_000)
    Comment.objects.filter(pk__in=[chain[0].pk, chain[-1].pk]).update(user=writer)

    account_delete(user=writer, keep_comments=False)

    assert Comment.objects.count() == 2_999
    assert Comment.objects.get(pk=chain[0].pk).status == Comment.Status.REMOVED
    assert Post.objects.get().comment_count == 2_998
    assert check().startswith("OK")
