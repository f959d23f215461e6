"""A writer edits or deletes their own comment in time; nobody else can."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_approve
from comments.writer_cookies import WRITTEN_COOKIE
from tests.comments.helpers import POST_URL, form_data, make_comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(client, post, staff):
    """An approved comment this `client` just wrote as a guest (approved by staff)."""
    client.post(POST_URL, form_data(post, body="My first words."))
    return comment_approve(comment=Comment.objects.get())


def edit_url(comment) -> str:
    return reverse("comments:edit", kwargs={"pk": comment.pk})


def delete_url(comment) -> str:
    return reverse("comments:delete", kwargs={"pk": comment.pk})


def later(minutes=16):
    return time_machine.travel(timezone.now() + timezone.timedelta(minutes=minutes))


def test_the_writer_sees_edit_and_delete_links(client, post, written):
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="{edit_url(written)}"' in html
    assert f'href="{delete_url(written)}"' in html


def test_other_readers_see_no_edit_or_delete_links(post, written):
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "comment-edit-link" not in html
    assert "comment-delete-link" not in html


def test_the_links_are_not_in_the_stored_block(written):
    written.refresh_from_db()
    assert "comment-edit-link" not in written.html


def test_the_links_go_once_the_window_has_passed(client, post, written):
    with later():
        html = client.get(post.get_absolute_url()).content.decode()
    assert "comment-edit-link" not in html


def test_the_edit_page_shows_the_text_in_a_form(client, written):
    response = client.get(edit_url(written))
    assert response.status_code == 200
    assert b"My first words." in response.content
    assert b'<form method="post"' in response.content


def test_an_edit_is_sanitized_stored_and_marked_as_edited(client, written):
    response = client.post(
        edit_url(written), {"body": "Better *words* <script>x()</script>"}
    )
    assert response["Location"] == written.get_absolute_url()
    written.refresh_from_db()
    assert "<em>words</em>" in written.body_html
    assert "<script>" not in written.body_html
    assert written.edited_at is not None
    assert "(edited)" in written.html


def test_an_empty_edit_is_refused_and_the_text_kept(client, written):
    response = client.post(edit_url(written), {"body": ""})
    assert response.status_code == 400
    written.refresh_from_db()
    assert written.body == "My first words."


def test_an_edit_after_the_window_is_refused_with_a_clear_message(client, written):
    with later():
        response = client.post(edit_url(written), {"body": "Too late."})
    assert response.status_code == 403
    assert b"can be edited only in the first 15 minutes" in response.content
    written.refresh_from_db()
    assert written.body == "My first words."


def test_the_edit_window_follows_the_setting(client, written, settings):
    settings.COMMENTS_EDIT_MINUTES = 30
    with later(20):
        response = client.post(edit_url(written), {"body": "Still in time."})
    assert response.status_code == 302


def test_another_browser_cannot_edit_or_delete(written):
    other = Client()
    assert other.get(edit_url(written)).status_code == 404
    assert other.post(edit_url(written), {"body": "Forged."}).status_code == 404
    assert other.post(delete_url(written)).status_code == 404
    written.refresh_from_db()
    assert written.body == "My first words."


def test_another_signed_in_user_cannot_edit_a_users_comment(post):
    ann = UserFactory(username="ann")
    comment = make_comment(post, user=ann)
    other = Client()
    other.force_login(UserFactory(username="eve"))
    assert other.post(edit_url(comment), {"body": "Forged."}).status_code == 404
    assert Comment.objects.get(pk=comment.pk).body == comment.body


def test_a_signed_in_writer_edits_from_any_browser(post):
    ann = UserFactory(username="ann")
    comment = make_comment(post, user=ann)
    client = Client()
    client.force_login(ann)
    assert client.post(edit_url(comment), {"body": "Changed."}).status_code == 302
    assert Comment.objects.get(pk=comment.pk).body == "Changed."


def test_a_users_comment_is_not_editable_in_their_browser_once_signed_out(post):
    ann = UserFactory(username="ann")
    client = Client()
    client.force_login(ann)
    client.post(POST_URL, form_data(post))
    comment = Comment.objects.get()
    client.logout()
    assert client.post(edit_url(comment), {"body": "Forged."}).status_code == 404
    assert Comment.objects.get(pk=comment.pk).body == "A thoughtful comment."


def test_an_altered_cookie_claims_no_comment(client, written):
    signed = client.cookies[WRITTEN_COOKIE].value
    other = Client()
    other.cookies[WRITTEN_COOKIE] = f"{written.pk + 1}{signed[signed.index(':') :]}"
    assert other.get(edit_url(written)).status_code == 404


def test_delete_asks_to_confirm_before_anything_changes(client, written):
    response = client.get(delete_url(written))
    assert response.status_code == 200
    assert Comment.objects.filter(pk=written.pk).exists()


def test_a_delete_forged_from_another_site_is_refused(client, written):
    """The writer's own cookies, but a form posted without the CSRF token."""
    forged = Client(enforce_csrf_checks=True)
    forged.cookies = client.cookies
    assert forged.post(delete_url(written)).status_code == 403
    assert Comment.objects.filter(pk=written.pk).exists()


def test_the_writer_deletes_a_comment_without_replies(client, post, written):
    response = client.post(delete_url(written))
    assert response["Location"] == f"{post.get_absolute_url()}#comments"
    assert not Comment.objects.filter(pk=written.pk).exists()


def test_deleting_a_replied_comment_leaves_a_tombstone(client, post, written):
    reply = make_comment(post, parent=written, name="Bob")
    client.post(delete_url(written))
    written.refresh_from_db()
    assert written.status == Comment.Status.REMOVED
    assert Comment.objects.get(pk=reply.pk).parent_id == written.pk


def test_a_delete_after_the_window_is_refused(client, written):
    with later():
        response = client.post(delete_url(written))
    assert response.status_code == 403
    assert Comment.objects.filter(pk=written.pk).exists()


def test_the_edit_page_says_until_when_the_text_can_change(client, written):
    with time_machine.travel(written.created_at, tick=False):
        response = client.get(edit_url(written))
    paragraph = re.search(r"<p>You have until [^<]*</p>", response.text).group(0)
    assert paragraph.endswith(" to change it.</p>")
    assert ".." not in paragraph  # a time such as "4:28 a.m." ends the sentence
