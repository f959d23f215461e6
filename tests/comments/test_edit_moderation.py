"""An edit goes through the same moderation rules and spam check as a new comment:
approved text cannot be swapped for something the rules would have held."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.actions import comment_edit_logged
from comments.models import Comment, ModerationSettings
from comments.services import comment_approve
from tests.comments.helpers import POST_URL, form_data, set_rules

pytestmark = pytest.mark.django_db

FOUR_LINKS = "See a.com, b.org, c.net and d.info."


@pytest.fixture
def written(client, post, staff):
    """An approved comment this `client` just wrote as a guest."""
    client.post(POST_URL, form_data(post, body="My first words."))
    return comment_approve(comment=Comment.objects.get())


def edit(client, comment, body: str):
    url = reverse("comments:edit", kwargs={"pk": comment.pk})
    return client.post(url, {"body": body}, follow=True)


def test_an_approved_comment_edited_to_hold_four_links_is_held(client, written, post):
    edit(client, written, FOUR_LINKS)
    written.refresh_from_db()
    assert written.status == Comment.Status.PENDING
    assert written.moderation_reason == "More than 2 links (4)."
    post.refresh_from_db()
    assert post.comment_count == 0


def test_a_held_edit_is_not_shown_to_other_readers(client, written, post):
    edit(client, written, FOUR_LINKS)
    assert "d.info" not in Client().get(post.get_absolute_url()).content.decode()


def test_the_writer_is_told_their_edit_awaits_moderation(client, written):
    response = edit(client, written, FOUR_LINKS)
    assert "Your comment was updated and is awaiting moderation." in (
        response.content.decode()
    )


def test_an_edit_with_a_blocked_word_is_marked_as_spam(client, written):
    set_rules(block_words="casino")
    edit(client, written, "Now about cas**i**no nights.")
    written.refresh_from_db()
    assert written.status == Comment.Status.SPAM


def test_an_edit_with_a_word_to_hold_is_held(client, written):
    set_rules(moderation_words="lottery")
    edit(client, written, "A lottery, then.")
    written.refresh_from_db()
    assert written.status == Comment.Status.PENDING


def test_an_edit_the_rules_accept_stays_approved(client, written):
    edit(client, written, "Better words, one link: https://a.com/.")
    written.refresh_from_db()
    assert (written.status, written.body) == (
        Comment.Status.APPROVED,
        "Better words, one link: https://a.com/.",
    )


def test_a_held_comment_stays_held_whatever_its_edit(client, post):
    client.post(POST_URL, form_data(post, body="My first words."))
    comment = Comment.objects.get()
    edit(client, comment, "Harmless words.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_an_edit_is_held_when_every_comment_is(client, written):
    set_rules(hold=ModerationSettings.Hold.EVERYONE)
    edit(client, written, "Harmless words.")
    written.refresh_from_db()
    assert written.status == Comment.Status.PENDING


def test_a_moderators_edit_keeps_the_comment_approved(written, moderator):
    comment_edit_logged(comment=written, body=FOUR_LINKS, moderator=moderator)
    written.refresh_from_db()
    assert written.status == Comment.Status.APPROVED
