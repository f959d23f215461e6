"""Moderating many comments at once (the admin's bulk actions): one transaction, a
fixed number of statements, each comment judged as if moderated alone."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.actions import Action, comments_moderation_apply
from comments.models import Comment, ModerationLog
from comments.services import comment_erase, comment_remove
from tests.comments.helpers import add_comment, build_thread, reply, run_together
from tests.factories import PostFactory, UserFactory

Status = Comment.Status


def held(post, count: int, name: str = "Guest") -> list[Comment]:
    return [
        add_comment(post, f"{name}{n}", status=Status.PENDING) for n in range(count)
    ]


def approve(comments, moderator):
    return comments_moderation_apply(
        comments=comments, action=Action.APPROVE, moderator=moderator
    )


def queries_to_approve(comments, moderator) -> int:
    with CaptureQueriesContext(connection) as queries:
        approve(comments, moderator)
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_approving_thirty_comments_takes_as_many_statements_as_approving_three(
    moderator,
):
    approve(held(PostFactory(), 1), moderator)  # the moderator's permissions read
    few = queries_to_approve(held(PostFactory(), 3), moderator)
    many = queries_to_approve(held(PostFactory(), 30), moderator)

    assert many == few


@pytest.mark.django_db
def test_approving_comments_of_two_posts_counts_each_post_and_logs_each_comment(
    moderator,
):
    first, second = PostFactory(), PostFactory()
    comments = held(first, 4) + held(second, 2)

    done = approve(comments, moderator)

    assert len(done.changed) == 6 and done.refused == []
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.comment_count, second.comment_count) == (4, 2)
    assert Comment.objects.filter(status=Status.APPROVED).count() == 6
    assert ModerationLog.objects.filter(action=Action.APPROVE).count() == 6


@pytest.mark.django_db
def test_a_held_comment_and_its_held_reply_approved_together_both_show(post, moderator):
    parent = add_comment(post, "Ann", status=Status.PENDING)
    child = reply(parent, "Bob", status=Status.PENDING)

    done = approve([child, parent], moderator)

    assert {c.pk for c in done.changed} == {parent.pk, child.pk}
    assert post.comments.filter(status=Status.APPROVED).count() == 2


@pytest.mark.django_db
def test_a_reply_whose_parent_stays_held_is_refused_and_the_others_approved(
    post, moderator
):
    parent = add_comment(post, "Ann", status=Status.PENDING)
    child = reply(parent, "Bob", status=Status.PENDING)
    other = add_comment(post, "Cid", status=Status.PENDING)

    done = approve([child, other], moderator)

    assert [c.pk for c in done.changed] == [other.pk]
    [(refused, error)] = done.refused
    assert refused.pk == child.pk
    assert error.code == "parent_not_approved"
    child.refresh_from_db()
    assert child.status == Status.PENDING


@pytest.mark.django_db
def test_comments_the_action_does_not_change_are_neither_changed_nor_logged(
    post, moderator
):
    shown = add_comment(post, "Ann")
    waiting = add_comment(post, "Bob", status=Status.PENDING)

    done = approve([shown, waiting], moderator)

    assert [c.pk for c in done.changed] == [waiting.pk]
    assert list(ModerationLog.objects.values_list("comment_id", flat=True)) == [
        waiting.pk
    ]


@pytest.mark.django_db
def test_restoring_many_gives_each_its_own_status_and_refuses_the_erased(
    post, moderator
):
    made = build_thread(post, "Bob\nCid\n  Dee")
    was_shown, erased = made["Bob"], made["Cid"]
    was_held = add_comment(post, "Ann", status=Status.PENDING)
    for comment in (was_held, was_shown):
        comment_remove(comment=comment)
    comment_erase(comment=erased)

    done = comments_moderation_apply(
        comments=[was_held, was_shown, erased],
        action=Action.RESTORE,
        moderator=moderator,
    )

    statuses = dict(post.comments.values_list("author_name", "status"))
    assert (statuses["Ann"], statuses["Bob"]) == (Status.PENDING, Status.APPROVED)
    assert [(c.pk, e.code) for c, e in done.refused] == [(erased.pk, "erased")]
    post.refresh_from_db()
    assert post.comment_count == 2  # Bob and Dee


@pytest.mark.django_db
def test_an_author_cannot_moderate_in_bulk_a_comment_on_another_authors_post(post):
    own = add_comment(post, "Ann", status=Status.PENDING)
    elsewhere = add_comment(PostFactory(), "Bob", status=Status.PENDING)

    with pytest.raises(PermissionDenied):
        approve([own, elsewhere], post.author)

    assert not Comment.objects.filter(status=Status.APPROVED).exists()
    assert not ModerationLog.objects.exists()


@pytest.mark.django_db
def test_approving_replies_in_bulk_tells_each_subscribed_writer_once(
    post, moderator, smtp_sink, django_capture_on_commit_callbacks
):
    ann = add_comment(post, "Ann", notify_replies=True)
    bob = add_comment(post, "Bob", notify_replies=True)
    replies = [reply(ann, "Cid", status=Status.PENDING)]
    replies.append(reply(bob, "Dee", status=Status.PENDING))

    with django_capture_on_commit_callbacks(execute=True):
        approve(replies, moderator)

    recipients = sorted(message["To"] for message in smtp_sink.messages())
    assert recipients == ["ann@example.test", "bob@example.test"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_moderators_approving_overlapping_comments_at_once_count_each_once():
    # A superuser, not the Moderators group: that comes from a data migration,
    # which an earlier test that commits may have flushed.
    moderator = UserFactory(is_superuser=True, is_staff=True)
    post = PostFactory()
    comments = held(post, 40)
    halves = [comments[:30], comments[10:]]

    run_together([lambda half=half: approve(half, moderator) for half in halves])

    post.refresh_from_db()
    assert post.comment_count == 40
    assert ModerationLog.objects.count() == 40
