import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.rendering import fragment_version
from comments.services import (
    comment_approve,
    comment_create,
    comment_edit,
    comment_mark_spam,
    comment_remove,
)
from tests.comments.helpers import make_comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def count(post) -> int:
    post.refresh_from_db()
    return post.comment_count


def test_guest_comment_is_held_and_not_counted(post):
    comment = make_comment(post)
    assert comment.status == Comment.Status.PENDING
    assert count(post) == 0


def test_staff_comment_is_approved_and_counted_at_once(post, staff):
    comment = make_comment(post, user=staff)
    assert comment.status == Comment.Status.APPROVED
    assert count(post) == 1


def post_updates(queries) -> list[str]:
    """The UPDATEs of posts, whether the ORM (quoting the name) or SQL wrote them."""
    return [q["sql"] for q in queries if POST_UPDATE.match(q["sql"])]


POST_UPDATE = re.compile(r'\s*UPDATE "?blog_post"?\s')


def test_an_approved_comment_counts_and_bumps_its_thread_in_one_update(post, staff):
    version = post.thread_version
    with CaptureQueriesContext(connection) as queries:
        make_comment(post, user=staff)
    assert len(post_updates(queries)) == 1
    assert count(post) == 1
    assert post.thread_version == version + 1


def test_approving_counts_and_bumps_the_thread_in_one_update(post):
    comment = make_comment(post)
    version = Comment.objects.get().post.thread_version
    with CaptureQueriesContext(connection) as queries:
        comment_approve(comment=comment)
    assert len(post_updates(queries)) == 1
    assert count(post) == 1
    assert post.thread_version == version + 1


def test_post_author_comment_is_approved_at_once(post):
    comment = make_comment(post, user=post.author)
    assert comment.status == Comment.Status.APPROVED


def test_signed_in_reader_comment_is_held(post):
    comment = make_comment(post, user=UserFactory())
    assert comment.status == Comment.Status.PENDING


def test_approving_counts_the_comment_once(post):
    comment = make_comment(post)
    comment_approve(comment=comment)
    comment_approve(comment=comment)
    assert count(post) == 1


def test_marking_an_approved_comment_as_spam_uncounts_it(post, staff):
    comment = make_comment(post, user=staff)
    comment_mark_spam(comment=comment)
    assert count(post) == 0
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.SPAM


def test_marking_a_held_comment_as_spam_leaves_the_count(post, staff):
    make_comment(post, user=staff)
    comment_mark_spam(comment=make_comment(post))
    assert count(post) == 1


def test_removing_a_comment_without_replies_keeps_it_to_restore(post, staff):
    comment = make_comment(post, user=staff)
    removed = comment_remove(comment=comment)
    assert (removed.status, removed.status_before_removal) == (
        Comment.Status.REMOVED,
        Comment.Status.APPROVED,
    )
    assert removed.body == comment.body
    assert count(post) == 0


def test_removing_a_comment_with_replies_leaves_a_tombstone(post, staff):
    top = make_comment(post, user=staff)
    reply = make_comment(post, parent=top, user=staff, body="A reply.")
    tombstone = comment_remove(comment=top)
    assert tombstone.status == Comment.Status.REMOVED
    assert list(tombstone.get_children()) == [reply]
    assert "This comment was removed." in tombstone.html
    assert top.body not in tombstone.html
    assert count(post) == 1


def test_removing_the_last_reply_under_a_removed_comment_keeps_both(post, staff):
    top = make_comment(post, user=staff)
    reply = make_comment(post, parent=top, user=staff, body="A reply.")
    comment_remove(comment=top)
    comment_remove(comment=reply)
    assert Comment.objects.filter(post=post).count() == 2
    assert count(post) == 0


def test_removing_a_held_comment_leaves_the_count(post, staff):
    make_comment(post, user=staff)
    comment_remove(comment=make_comment(post))
    assert count(post) == 1


def test_counts_stay_exact_through_a_sequence_of_changes(post, staff):
    a = make_comment(post, name="Ann")
    b = make_comment(post, name="Bob")
    c = make_comment(post, user=staff)
    comment_approve(comment=a)
    comment_approve(comment=b)
    reply = make_comment(post, parent=a, user=staff, body="Thanks Ann.")
    comment_mark_spam(comment=b)
    comment_remove(comment=a)
    comment_approve(comment=b)
    comment_remove(comment=c)
    assert count(post) == Comment.objects.approved().filter(post=post).count() == 2
    assert Comment.objects.get(pk=reply.pk).parent_id == a.pk


def test_create_stores_the_sanitized_body_and_its_block(post, staff):
    comment = make_comment(post, user=staff, body="Hi <script>alert(1)</script>")
    stored = Comment.objects.get(pk=comment.pk)
    assert "<script>" not in stored.body_html
    assert stored.html_version == fragment_version()
    assert f'href="#comment-{comment.pk}"' in stored.html


def test_create_refuses_an_invalid_email_and_stores_nothing(post):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValidationError):
        comment_create(
            post=post,
            parent=None,
            user=AnonymousUser(),
            author_name="Ann",
            author_email="not an email",
            author_url="",
            body="Hello",
            ip_address=None,
            user_agent="",
        )
    assert not Comment.objects.exists()


def test_editing_renders_the_block_again_and_marks_it_edited(post, staff):
    comment = make_comment(post, user=staff, body="First words.")
    comment_edit(comment=comment, body="Better words.", editor=staff)
    stored = Comment.objects.get(pk=comment.pk)
    assert "Better words." in stored.html
    assert "First words." not in stored.html
    assert "(edited)" in stored.html
    assert count(post) == 1
