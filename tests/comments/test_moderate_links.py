"""The approve and spam links of an email: a page to confirm, then a POST."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comments.helpers import make_comment
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(post):
    return make_comment(post, name="Cid")


def moderate_url(comment) -> str:
    return reverse("comments:moderate_confirm", kwargs={"pk": comment.pk})


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def status_of(comment) -> str:
    return Comment.objects.get(pk=comment.pk).status


def test_a_signed_out_reader_is_sent_to_sign_in(pending):
    response = Client().get(f"{moderate_url(pending)}?action=approve")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_following_the_approve_link_only_asks_to_confirm(post, pending):
    response = signed_in(post.author).get(f"{moderate_url(pending)}?action=approve")
    assert response.status_code == 200
    assert b'name="action" value="approve" autofocus' in response.content
    assert status_of(pending) == Comment.Status.PENDING


def test_the_post_author_approves_by_post(post, pending):
    response = signed_in(post.author).post(moderate_url(pending), {"action": "approve"})
    assert response.status_code == 302
    assert status_of(pending) == Comment.Status.APPROVED


def test_a_moderator_marks_a_comment_as_spam(pending):
    moderator = UserFactory(username="mod")
    group, _ = Group.objects.get_or_create(name="Moderators")
    moderator.groups.add(group)
    signed_in(moderator).post(moderate_url(pending), {"action": "spam"})
    assert status_of(pending) == Comment.Status.SPAM


def test_an_author_of_another_post_is_refused(pending):
    other_author = PostFactory().author
    client = signed_in(other_author)
    response = client.post(moderate_url(pending), {"action": "approve"})
    assert response.status_code == 404
    assert status_of(pending) == Comment.Status.PENDING


def test_a_reader_is_refused(pending):
    response = signed_in(UserFactory(username="reader")).post(
        moderate_url(pending), {"action": "approve"}
    )
    assert response.status_code == 404
    assert status_of(pending) == Comment.Status.PENDING


def test_a_forged_cross_site_post_is_refused(post, pending):
    client = Client(enforce_csrf_checks=True)
    client.force_login(post.author)
    response = client.post(moderate_url(pending), {"action": "approve"})
    assert response.status_code == 403
    assert status_of(pending) == Comment.Status.PENDING


def test_an_unknown_action_changes_nothing(post, pending):
    signed_in(post.author).post(moderate_url(pending), {"action": "delete"})
    assert status_of(pending) == Comment.Status.PENDING
