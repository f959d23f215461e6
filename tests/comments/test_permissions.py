"""Who may moderate which comments."""

import pytest
from django.contrib.auth.models import AnonymousUser

from comments.models import Comment
from comments.permissions import can_moderate
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_moderator_moderates_every_post(post, moderator):
    assert can_moderate(moderator, post)


def test_an_author_moderates_their_own_post(post):
    assert can_moderate(post.author, post)


def test_an_author_does_not_moderate_another_authors_post(post):
    other = PostFactory()
    assert not can_moderate(other.author, post)


def test_staff_without_the_permission_do_not_moderate(post, staff):
    assert not can_moderate(staff, post)


def test_a_reader_does_not_moderate(post):
    assert not can_moderate(UserFactory(), post)


def test_a_visitor_does_not_moderate(post):
    assert not can_moderate(AnonymousUser(), post)


def test_an_inactive_moderator_does_not_moderate(post, moderator):
    moderator.is_active = False
    moderator.save()
    assert not can_moderate(moderator, post)


def test_an_author_moderates_only_the_comments_of_their_posts(post):
    own = CommentFactory(post=post)
    CommentFactory(post=PostFactory())
    assert list(Comment.objects.moderatable_by(post.author)) == [own]


def test_a_moderator_moderates_all_comments(post, moderator):
    CommentFactory(post=post)
    CommentFactory(post=PostFactory())
    assert Comment.objects.moderatable_by(moderator).count() == 2


def test_a_reader_moderates_no_comments(post):
    CommentFactory(post=post)
    assert not Comment.objects.moderatable_by(UserFactory()).exists()


def test_only_moderators_moderate_an_imported_comment_on_a_page(moderator):
    author = UserFactory(username="pageauthor")
    assert can_moderate(moderator, None)
    assert not can_moderate(author, None)
