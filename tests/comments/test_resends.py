"""The duplicate check: which comments count as the same text sent again."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from comments.rules import check_duplicate
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = "Well said."


def resent(post, *, user=None, email="") -> bool:
    try:
        check_duplicate(
            post=post, body=TEXT, user=user or AnonymousUser(), author_email=email
        )
    except ValidationError:
        return True
    return False


def test_a_guest_sending_the_same_text_with_the_same_email_resends(post):
    CommentFactory(post=post, body=TEXT, author_email="ann@example.test")
    assert resent(post, email="Ann@Example.TEST")


def test_a_guest_with_another_email_does_not_resend(post):
    CommentFactory(post=post, body=TEXT, author_email="ann@example.test")
    assert not resent(post, email="bob@example.test")


def test_the_same_text_on_another_post_is_not_a_resend(post):
    CommentFactory(post=PostFactory(), body=TEXT, author_email="ann@example.test")
    assert not resent(post, email="ann@example.test")


def test_other_text_is_not_a_resend(post):
    CommentFactory(post=post, body="Not so.", author_email="ann@example.test")
    assert not resent(post, email="ann@example.test")


def test_an_account_sending_the_same_text_again_resends(post):
    ann = UserFactory()
    CommentFactory(post=post, body=TEXT, user=ann, author_email="old@example.test")
    assert resent(post, user=ann, email="new@example.test")


def test_another_account_with_the_same_text_does_not_resend(post):
    CommentFactory(post=post, body=TEXT, user=UserFactory())
    assert not resent(post, user=UserFactory())


def test_a_guest_with_an_accounts_email_does_not_resend_the_accounts_comment(post):
    ann = UserFactory(email="ann@example.test")
    CommentFactory(post=post, body=TEXT, user=ann, author_email="ann@example.test")
    assert not resent(post, email="ann@example.test")


def test_a_held_comment_counts_as_sent(post):
    CommentFactory(
        post=post, body=TEXT, author_email="ann@example.test", status="pending"
    )
    assert resent(post, email="ann@example.test")
