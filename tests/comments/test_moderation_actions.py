"""Moderation actions through comments.actions: services, counts, tree, log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from comments.actions import Action, comment_delete_logged, comment_moderation_apply
from comments.models import Comment, ModerationLog
from comments.services import comment_delete_thread, comment_remove, comment_restore
from tests.comments.helpers import add_comment, assert_thread, build_thread, reply
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def count(post) -> int:
    post.refresh_from_db()
    return post.comment_count


def apply(comment, action, moderator):
    return comment_moderation_apply(comment=comment, action=action, moderator=moderator)


def test_approving_a_pending_comment_counts_it(post, moderator):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    apply(comment, Action.APPROVE, moderator)
    comment.refresh_from_db()
    assert (comment.status, count(post)) == (Comment.Status.APPROVED, 1)


def test_unapproving_puts_a_comment_back_to_pending_and_out_of_the_count(
    post, moderator
):
    comment = build_thread(post, "Ann")["Ann"]
    apply(comment, Action.UNAPPROVE, moderator)
    comment.refresh_from_db()
    assert (comment.status, count(post)) == (Comment.Status.PENDING, 0)


def test_not_spam_approves_the_comment(post, moderator):
    comment = add_comment(post, "Ann", status=Comment.Status.SPAM)
    apply(comment, Action.NOT_SPAM, moderator)
    comment.refresh_from_db()
    assert (comment.status, count(post)) == (Comment.Status.APPROVED, 1)


def test_every_action_is_recorded_with_who_what_and_which(post, moderator):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    apply(comment, Action.SPAM, moderator)
    entry = ModerationLog.objects.get()
    assert (entry.moderator, entry.action, entry.comment_id, entry.post) == (
        moderator,
        Action.SPAM,
        comment.pk,
        post,
    )


def test_an_action_that_changes_nothing_is_not_recorded(post, moderator):
    comment = build_thread(post, "Ann")["Ann"]
    assert apply(comment, Action.APPROVE, moderator) is False
    assert not ModerationLog.objects.exists()


def test_a_reply_to_a_pending_comment_cannot_be_approved(post, moderator):
    parent = add_comment(post, "Ann", status=Comment.Status.PENDING)
    child = reply(parent, "Bob", status=Comment.Status.PENDING)
    with pytest.raises(ValidationError, match="Approve the comment it replies to"):
        apply(child, Action.APPROVE, moderator)
    child.refresh_from_db()
    assert child.status == Comment.Status.PENDING


def test_a_reply_can_be_approved_once_its_parent_is(post, moderator):
    parent = add_comment(post, "Ann", status=Comment.Status.PENDING)
    child = reply(parent, "Bob", status=Comment.Status.PENDING)
    apply(parent, Action.APPROVE, moderator)
    apply(child, Action.APPROVE, moderator)
    assert count(post) == 2


def test_an_author_cannot_moderate_another_authors_post(post):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    with pytest.raises(PermissionDenied):
        apply(comment, Action.APPROVE, PostFactory().author)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_reader_cannot_moderate(post):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    with pytest.raises(PermissionDenied):
        apply(comment, Action.SPAM, UserFactory())


def test_removing_a_comment_with_replies_keeps_them_under_a_tombstone(post):
    made = build_thread(post, "Ann\n  Bob\n    Cid")
    comment_remove(comment=made["Ann"])
    assert_thread(post, "Ann\n  Bob\n    Cid")
    made["Ann"].refresh_from_db()
    assert (made["Ann"].status, count(post)) == (Comment.Status.REMOVED, 2)


def test_a_removed_comment_is_restored_with_its_text_and_counted(post):
    made = build_thread(post, "Ann\n  Bob")
    comment_remove(comment=made["Ann"])
    restored = comment_restore(comment=made["Ann"])
    assert (restored.status, count(post)) == (Comment.Status.APPROVED, 2)
    assert "Comment Ann" in restored.html


def test_deleting_a_thread_deletes_the_comment_and_all_its_replies(post):
    made = build_thread(post, "Ann\n  Bob\n    Cid\n  Dee\nEve")
    deleted = comment_delete_thread(comment=made["Bob"])
    assert [c.author_name for c in deleted] == ["Bob", "Cid"]
    assert_thread(post, "Ann\n  Dee\nEve")
    assert count(post) == 3


def test_deleting_the_last_reply_under_a_removed_comment_keeps_it_restorable(post):
    made = build_thread(post, "Ann\n  Bob\n    Cid\nEve")
    comment_remove(comment=made["Ann"])
    comment_delete_thread(comment=made["Bob"])
    restored = comment_restore(comment=made["Ann"])
    assert restored.status == Comment.Status.APPROVED
    assert_thread(post, "Ann\nEve")
    assert count(post) == 2


def test_deleting_a_thread_leaves_the_other_threads_tree_intact(post):
    made = build_thread(post, "Ann\n  Bob\nEve\n  Fay")
    comment_delete_thread(comment=made["Ann"])
    reply(made["Eve"], "Gus")
    assert_thread(post, "Eve\n  Fay\n  Gus")


def test_deleting_for_good_records_each_comment_with_a_copy(post, moderator):
    made = build_thread(post, "Ann\n  Bob")
    comment_delete_logged(comment=made["Ann"], moderator=moderator)
    entries = ModerationLog.objects.order_by("comment_id")
    assert [(e.action, e.deleted_copy["author_name"]) for e in entries] == [
        (Action.DELETE, "Ann"),
        (Action.DELETE, "Bob"),
    ]
    assert entries[1].deleted_copy["body"] == "Comment Bob"
    assert not Comment.objects.exists()


def test_an_author_moderating_their_post_may_not_delete_for_good(post):
    comment = build_thread(post, "Ann")["Ann"]
    with pytest.raises(PermissionDenied):
        comment_delete_logged(comment=comment, moderator=post.author)
    assert Comment.objects.filter(pk=comment.pk).exists()
