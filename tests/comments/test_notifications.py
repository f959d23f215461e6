"""Who is told of what by email (Django's in-memory outbox)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test.signals import template_rendered

from comments.models import Comment, ModerationSettings
from comments.notifications import notify_comment_created
from comments.services import comment_approve, comment_create
from tests.comments.helpers import POST_URL, form_data, make_comment
from tests.factories import CommentFactory, UserFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    user = UserFactory(username="mod", email="mod@example.test")
    group, _ = Group.objects.get_or_create(name="Moderators")
    user.groups.add(group)
    return user


def recipients(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_a_held_comment_is_sent_to_the_post_author_and_each_moderator(
    post, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    assert recipients(mailoutbox) == sorted([post.author.email, "mod@example.test"])
    assert all(len(message.to) == 1 for message in mailoutbox)


def test_every_moderator_gets_the_same_email_rendered_once(
    post, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    rendered = []

    def record(template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            make_comment(post)
    finally:
        template_rendered.disconnect(record)
    first, second = mailoutbox
    assert (first.body, first.alternatives) == (second.body, second.alternatives)
    emails = [name for name in rendered if name.startswith("comments/email/")]
    assert sorted(emails) == [
        "comments/email/new_comment.html",
        "comments/email/new_comment.txt",
    ]


def test_the_held_comment_email_links_to_a_confirmation_page_for_each_action(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(post)
    (message,) = mailoutbox
    assert "Please moderate" in message.subject
    assert f"/comments/{comment.pk}/moderate/?action=approve" in message.body
    assert f"/comments/{comment.pk}/moderate/?action=spam" in message.body
    assert (
        f"/comments/{comment.pk}/moderate/?action=approve"
        in (message.alternatives[0][0])
    )


def test_an_approved_comment_email_links_to_the_comment(
    post, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(post, user=staff)
    (message,) = mailoutbox
    assert message.to == [post.author.email]
    assert "New comment" in message.subject
    assert f"/comments/{comment.pk}/" in message.body
    assert "moderate" not in message.body


def test_nobody_is_emailed_about_their_own_comment(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post, user=post.author)
    assert mailoutbox == []


def test_a_post_author_who_moderates_gets_one_email(
    post, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    authors, _ = Group.objects.get_or_create(name="Authors")
    post.author.groups.add(authors, *moderator.groups.all())
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    assert recipients(mailoutbox) == sorted([post.author.email, "mod@example.test"])


def test_a_missing_moderators_group_still_tells_the_author(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    Group.objects.filter(name="Moderators").delete()
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    assert recipients(mailoutbox) == [post.author.email]


def test_an_inactive_moderator_is_not_emailed(
    post, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    moderator.is_active = False
    moderator.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    assert recipients(mailoutbox) == [post.author.email]


def test_a_moderator_without_an_email_is_skipped(
    post, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    moderator.email = ""
    moderator.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    assert recipients(mailoutbox) == [post.author.email]


def test_members_of_other_groups_are_not_emailed(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    authors, _ = Group.objects.get_or_create(name="Authors")
    UserFactory(email="writer@example.test").groups.add(authors)
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    assert recipients(mailoutbox) == [post.author.email]


def test_nothing_is_sent_before_the_transaction_commits(post, mailoutbox):
    make_comment(post)
    assert mailoutbox == []


def test_a_comment_deleted_before_the_commit_tells_nobody(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(post)
        Comment.objects.filter(pk=comment.pk).delete()
    assert mailoutbox == []


def test_the_email_tells_the_status_the_comment_was_committed_with(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(post)
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    (message,) = mailoutbox
    assert "New comment" in message.subject


@pytest.mark.django_db(transaction=True)
def test_notifying_of_a_committed_comment_only_queues_its_task(
    post, mailoutbox, task_queue, django_assert_num_queries
):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    with django_assert_num_queries(1):  # the task's row
        notify_comment_created(comment)
    assert mailoutbox == []
    assert run_queued_tasks() == 1
    (message,) = mailoutbox
    assert "Please moderate" in message.subject


def test_an_approved_reply_reaches_the_subscribed_writer(
    post, staff, mailoutbox, django_capture_on_commit_callbacks
):
    parent = CommentFactory(post=post, author_name="Bob", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post, parent=parent, user=staff, body="An answer for Bob.")
    to_bob = [m for m in mailoutbox if m.to == ["bob@example.test"]]
    assert len(to_bob) == 1
    assert "replied to your comment" in to_bob[0].subject
    assert "An answer for Bob." in to_bob[0].body
    assert to_bob[0].extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


def test_a_held_reply_tells_the_subscriber_only_once_approved(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    parent = CommentFactory(post=post, author_name="Bob", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        reply = make_comment(post, parent=parent, name="Cid")
    assert "bob@example.test" not in recipients(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=reply)
    assert "bob@example.test" in recipients(mailoutbox)


def test_a_writer_who_did_not_subscribe_hears_nothing_of_replies(
    post, staff, mailoutbox, django_capture_on_commit_callbacks
):
    parent = CommentFactory(post=post, author_name="Bob", notify_replies=False)
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post, parent=parent, user=staff)
    assert "bob@example.test" not in recipients(mailoutbox)


def test_a_writer_replying_to_themself_is_not_emailed(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    parent = CommentFactory(post=post, author_name="Bob", notify_replies=True)
    reply = make_comment(post, parent=parent, name="Bob")
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=reply)
    assert "bob@example.test" not in recipients(mailoutbox)


def test_a_spam_comment_tells_nobody(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    ModerationSettings.objects.create(pk=1, block_words="casino")
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(post, body="Best casino bonus here.")
    assert comment.status == Comment.Status.SPAM
    assert mailoutbox == []


def test_the_form_stores_the_reply_subscription(client, post):

    client.post(POST_URL, form_data(post, notify_replies="on"))
    assert Comment.objects.get().notify_replies is True


def test_the_form_offers_the_reply_subscription(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'name="notify_replies"' in html
    assert "Notify me of replies by email." in html


def test_an_imported_comment_with_its_own_date_tells_nobody(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        comment_create(
            post=post,
            parent=None,
            user=AnonymousUser(),
            author_name="Old",
            author_email="old@example.test",
            author_url="",
            body="Written in 2010.",
            ip_address=None,
            user_agent="import",
            created_at=timezone.now() - timezone.timedelta(days=3650),
        )
    assert mailoutbox == []


def test_approving_an_approved_reply_again_sends_nothing_more(
    post, staff, mailoutbox, django_capture_on_commit_callbacks
):
    parent = CommentFactory(post=post, author_name="Bob", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        reply = make_comment(post, parent=parent, user=staff)
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=reply)
    assert recipients(mailoutbox).count("bob@example.test") == 1
