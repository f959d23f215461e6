"""The questions comments.queries asks in SQL when a comment is posted give
the answers of the QuerySets they mirror."""

import itertools

import pytest

from comments import queries
from comments.models import Comment, ModerationSettings
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
EMAILS = ["ann@example.test", "ANN@Example.Test", "an_@example.test", "%", "", "bo@x"]
BODIES = ["Same words.", "same words.", "Other words."]


@pytest.fixture
def writers():
    """Two posts; a guest writing in several states with one email in two cases, an
    account writing approved and spam, a guest's comment on an account's email."""
    first, second = PostFactory(), PostFactory()
    rita = UserFactory(email="rita@example.test")
    sam = UserFactory(email="sam@example.test")
    CommentFactory(post=first, author_email="Ann@Example.test", body="Same words.")
    CommentFactory(
        post=second,
        author_email="ann@example.test",
        body="Other words.",
        status=Status.PENDING,
    )
    CommentFactory(post=first, user=rita, author_email="", body="Same words.")
    CommentFactory(
        post=second,
        user=sam,
        author_email="sam@example.test",
        body="Other words.",
        status=Status.SPAM,
    )
    CommentFactory(
        post=second, author_email="bo@x", body="Same words.", status=Status.REMOVED
    )
    return {"posts": [first, second], "users": [None, rita, sam]}


def orm_has_approved(user_id, email) -> bool:
    approved = Comment.objects.approved()
    if user_id:
        return approved.filter(user_id=user_id).exists()
    if email:
        return approved.with_email(email).exists()
    return False


def orm_same_text(post_id, body, user_id, email) -> bool:
    same_text = Comment.objects.filter(post_id=post_id, body=body)
    if user_id:
        return same_text.filter(user_id=user_id).exists()
    return same_text.with_email(email).filter(user__isnull=True).exists()


def test_writer_has_approved_comment_answers_as_the_orm(writers):
    users = [u and u.pk for u in writers["users"]]
    answers = []
    for user_id, email in itertools.product(users, EMAILS):
        expected = orm_has_approved(user_id, email)
        assert (
            queries.writer_has_approved_comment(user_id=user_id, email=email)
            is expected
        )
        answers.append(expected)
    assert True in answers and False in answers


def test_same_text_exists_answers_as_the_orm(writers):
    posts = [p.pk for p in writers["posts"]]
    users = [u and u.pk for u in writers["users"]]
    answers = []
    for post_id, body, user_id, email in itertools.product(
        posts, BODIES, users, EMAILS
    ):
        expected = orm_same_text(post_id, body, user_id, email)
        found = queries.same_text_exists(
            post_id=post_id, body=body, user_id=user_id, email=email
        )
        assert found is expected, (post_id, body, user_id, email)
        answers.append(expected)
    assert True in answers and False in answers


def test_moderation_settings_record_is_none_until_the_record_is_saved():
    assert ModerationSettings.objects.filter(pk=1).first() is None
    assert queries.moderation_settings_record() is None


def test_moderation_settings_record_reads_every_field_of_the_saved_record():
    ModerationSettings.objects.create(
        pk=1, max_links=5, moderation_words="casino\nloan", close_after_days=30
    )
    by_orm = ModerationSettings.objects.filter(pk=1).first()
    by_sql = queries.moderation_settings_record()

    fields = [f.attname for f in ModerationSettings._meta.concrete_fields]
    assert [getattr(by_sql, f) for f in fields] == [getattr(by_orm, f) for f in fields]
    assert by_sql.get_deferred_fields() == set()
