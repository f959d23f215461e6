"""The demo gains a moderator and comments waiting for them."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_output():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_staff_moderator_in_the_moderators_group(demo_output):
    mod = get_user_model().objects.get(username="mod")
    assert mod.is_staff
    assert list(mod.groups.values_list("name", flat=True)) == ["Moderators"]


def test_the_moderators_password_is_printed_when_the_account_is_made(demo_output):
    assert "Created account 'mod' (Moderators) with password: " in demo_output


def test_the_demo_post_has_held_comments_one_of_them_a_reply(demo_output):
    held = Comment.objects.filter(
        post__slug="real-relationships", status=Comment.Status.PENDING
    )
    assert held.count() == 3
    assert held.filter(parent__isnull=False).count() == 1


def test_every_held_demo_comment_says_why_it_is_held(demo_output):
    reasons = set(
        Comment.objects.filter(status=Comment.Status.PENDING).values_list(
            "moderation_reason", flat=True
        )
    )
    assert reasons == {"First comment from this commenter.", "More than 2 links (3)."}


def test_loading_the_demo_again_adds_no_held_comments(demo_output):
    call_command("load_demo", stdout=StringIO())
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 3
