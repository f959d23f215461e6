"""Moderation never destroys what it cannot give back: removing keeps a comment,
Restore puts it back as it was, and a hidden comment keeps its approved replies
shown under a placeholder, with the page, the count, the feed and the admin agreeing
after every change."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.actions import Action, comment_moderation_apply
from comments.models import Comment, ModerationLog
from comments.services import comment_erase
from tests.comments.helpers import POST_URL, build_thread, form_data, parse_thread

pytestmark = pytest.mark.django_db

MODERATE = "comments:moderate"


def act(client, comment, action):
    return client.post(reverse(MODERATE), {"comment": comment.pk, "action": action})


def apply(comment, action, moderator):
    comment.refresh_from_db()
    return comment_moderation_apply(comment=comment, action=action, moderator=moderator)


def status(comment) -> str:
    comment.refresh_from_db()
    return comment.status


def test_removing_on_the_page_keeps_a_comment_without_replies(client, moderator, post):
    ann = build_thread(post, "Ann")["Ann"]
    client.force_login(moderator)
    act(client, ann, "remove")
    assert status(ann) == Comment.Status.REMOVED
    admin_page = client.get(reverse("admin:comments_comment_change", args=[ann.pk]))
    assert admin_page.status_code == 200
    assert "Comment Ann" in admin_page.content.decode()


def test_the_removal_leads_to_the_comment_in_the_log(client, moderator, post):
    ann = build_thread(post, "Ann")["Ann"]
    client.force_login(moderator)
    act(client, ann, "remove")
    log = client.get(reverse("admin:comments_moderationlog_changelist"))
    change = reverse("admin:comments_comment_change", args=[ann.pk])
    assert f'href="{change}"' in log.content.decode()


@pytest.mark.parametrize(
    ("before", "to_reach_it"),
    [
        (Comment.Status.APPROVED, []),
        (Comment.Status.PENDING, [Action.UNAPPROVE]),
        (Comment.Status.SPAM, [Action.SPAM]),
    ],
)
def test_restore_gives_back_the_status_a_comment_had(
    post, moderator, before, to_reach_it
):
    ann = build_thread(post, "Ann")["Ann"]
    for action in to_reach_it:
        apply(ann, action, moderator)
    apply(ann, Action.REMOVE, moderator)
    apply(ann, Action.RESTORE, moderator)
    assert status(ann) == before
    post.refresh_from_db()
    assert post.comment_count == int(before == Comment.Status.APPROVED)


def test_a_moderator_sees_a_removed_comment_in_place_with_restore(
    client, moderator, post
):
    ann = build_thread(post, "Ann")["Ann"]
    apply(ann, Action.REMOVE, moderator)
    client.force_login(moderator)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{ann.pk}"' in html
    assert 'value="restore"' in html


def test_readers_do_not_see_a_removed_comment_nobody_answered(client, post, moderator):
    ann = build_thread(post, "Ann")["Ann"]
    apply(ann, Action.REMOVE, moderator)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{ann.pk}"' not in html


def test_an_erased_comment_has_nothing_to_restore(client, moderator, post):
    made = build_thread(post, "Ann\n  Bob")
    comment_erase(comment=made["Ann"])
    client.force_login(moderator)
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'value="restore"' not in html
    response = act(client, made["Ann"], "restore")
    assert status(made["Ann"]) == Comment.Status.REMOVED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "This comment was erased at its writer's request; there is nothing to restore."
    ]


# --- a hidden parent keeps its approved replies, and every view agrees -----------


def heading_count(html: str) -> int:
    found = re.search(r'class="comments-title">\s*(\d+|One|No)', html).group(1)
    return {"One": 1, "No": 0}.get(found) or int(found)


def shown_approved(html: str, made: dict) -> set[str]:
    ids = {pk for pk, _, _ in parse_thread(html)}
    return {
        name
        for name, c in made.items()
        if c.pk in ids and status(c) == Comment.Status.APPROVED
    }


def feed_names(post) -> set[str]:
    rss = Client().get(reverse("comments:post_feed", args=[post.pk])).content.decode()
    return set(re.findall(r"<dc:creator[^>]*>([^<]+)</dc:creator>", rss))


def admin_approved(client) -> int:
    html = client.get(reverse("admin:comments_comment_changelist")).content.decode()
    return int(re.search(r"Approved \((\d+)\)", html).group(1))


TRANSITIONS = [
    Action.SPAM,
    Action.NOT_SPAM,
    Action.UNAPPROVE,
    Action.APPROVE,
    Action.REMOVE,
    Action.RESTORE,
    Action.SPAM,
    Action.REMOVE,
    Action.RESTORE,
]


def test_after_every_change_to_a_parent_the_page_count_feed_and_admin_agree(
    moderator, post
):
    made = build_thread(post, "Tom\n  Ann\n    Bob\n  Cid\nDee")
    admin = Client()
    admin.force_login(moderator)
    for action in TRANSITIONS:
        assert apply(made["Ann"], action, moderator), action
        html = Client().get(post.get_absolute_url()).content.decode()
        post.refresh_from_db()
        approved = {n for n, c in made.items() if status(c) == Comment.Status.APPROVED}
        assert shown_approved(html, made) == approved, action
        assert {"Bob", "Cid", "Dee", "Tom"} <= approved
        assert heading_count(html) == post.comment_count == len(approved), action
        assert len(feed_names(post) & set(made)) == len(approved), action
        assert admin_approved(admin) == len(approved), action


def test_an_approved_reply_under_a_comment_marked_as_spam_stays_shown(
    client, moderator, post
):
    made = build_thread(post, "Tom\n  Bob")
    tom, bob = made["Tom"], made["Bob"]
    apply(tom, Action.SPAM, moderator)
    html = client.get(post.get_absolute_url()).content.decode()
    assert [pk for pk, _, _ in parse_thread(html)] == [tom.pk, bob.pk]
    assert "Comment Tom" not in html
    assert "This comment was removed." in html


def test_a_moderator_sees_a_spam_parent_marked_with_a_not_spam_button(
    client, moderator, post
):
    tom = build_thread(post, "Tom\n  Bob")["Tom"]
    apply(tom, Action.SPAM, moderator)
    client.force_login(moderator)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<strong>Spam</strong>" in html
    assert 'value="not_spam"' in html


def test_the_writer_of_a_held_reply_sees_it_under_a_removed_parent(post, moderator):
    tom = build_thread(post, "Tom")["Tom"]
    writer = Client()
    writer.post(POST_URL, form_data(post, parent_id=tom.pk, body="My reply."))
    apply(tom, Action.REMOVE, moderator)
    html = writer.get(post.get_absolute_url()).content.decode()
    assert "My reply." in html
    assert "Your comment is awaiting moderation." in html
    assert "This comment was removed." in html


def test_other_readers_see_neither_a_held_reply_nor_its_removed_parent(post, moderator):
    tom = build_thread(post, "Tom")["Tom"]
    Client().post(POST_URL, form_data(post, parent_id=tom.pk, body="My reply."))
    apply(tom, Action.REMOVE, moderator)
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "My reply." not in html
    assert f'id="comment-{tom.pk}"' not in html


def test_an_erased_comment_leaves_no_copy_in_the_log(post, moderator):
    ann = build_thread(post, "Ann")["Ann"]
    apply(ann, Action.SPAM, moderator)
    comment_erase(comment=ann)
    entries = ModerationLog.objects.order_by("pk")
    assert [(e.action, e.comment_excerpt) for e in entries] == [
        (Action.SPAM, ""),
        (Action.ERASE, ""),
    ]
    assert not Comment.objects.filter(pk=ann.pk).exists()
