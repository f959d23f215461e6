"""blog.queries states rules of the ORM again in SQL: each must give the same rows
as the QuerySet it mirrors."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.models import F

from blog import queries
from blog.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def timeline(frozen):
    """Published posts, two of them at the same moment, with a draft, a scheduled
    post and a draft dated in the past among them."""
    day = timedelta(days=1)
    PostFactory(published_at=NOW - 4 * day)
    PostFactory(published_at=NOW - 3 * day, status=Post.Status.DRAFT)
    PostFactory(published_at=NOW - 2 * day)
    PostFactory(published_at=NOW - 2 * day)
    PostFactory(published_at=NOW - 1 * day)
    PostFactory(published_at=NOW + 1 * day)
    PostFactory(published_at=NOW - day / 2, status=Post.Status.DRAFT)


def orm_neighbours(post) -> tuple[int | None, int | None]:
    ordered = list(
        Post.objects.published()
        .order_by("published_at", "id")
        .values_list("id", flat=True)
    )
    here = ordered.index(post.pk)
    older = ordered[here - 1] if here > 0 else None
    newer = ordered[here + 1] if here + 1 < len(ordered) else None
    return older, newer


def sql_neighbours(post) -> tuple[int | None, int | None]:
    older, newer = queries.adjacent_posts(post)
    return (older and older.pk, newer and newer.pk)


def test_adjacent_posts_are_the_published_neighbours_in_time_then_id(timeline):
    published = Post.objects.published().order_by("published_at", "id")
    assert published.count() == 4
    for post in published:
        assert sql_neighbours(post) == orm_neighbours(post)


def test_adjacent_posts_read_title_slug_and_date_of_each(timeline):
    first, second = Post.objects.published().order_by("published_at", "id")[:2]
    older, _newer = queries.adjacent_posts(second)
    assert (older.title, older.slug, older.published_at) == (
        first.title,
        first.slug,
        first.published_at,
    )


def unchanged_by_orm(post_id, updated_at, thread_version) -> bool:
    found = Post.objects.filter(
        pk=post_id, updated_at=updated_at, thread_version=thread_version
    )
    return found.exists()


def unchanged_by_sql(post_id, updated_at, thread_version) -> bool:
    stored = connection.ops.adapt_datetimefield_value(updated_at)
    return queries.post_unchanged(post_id, stored, thread_version)


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"post_id": 1},
        {"updated_at": timedelta(microseconds=1)},
        {"thread_version": 1},
    ],
    ids=["unchanged", "another post", "saved since", "comment since"],
)
def test_a_post_is_unchanged_exactly_as_the_orm_finds_it(frozen, change):
    post = PostFactory()
    asked = {
        "post_id": post.pk + change.get("post_id", 0),
        "updated_at": post.updated_at + change.get("updated_at", timedelta()),
        "thread_version": post.thread_version + change.get("thread_version", 0),
    }
    expected = unchanged_by_orm(**asked)
    assert unchanged_by_sql(**asked) is expected
    assert expected is (change == {})


POSTING = ("title", "slug", "author", "allow_comments", "password")


def test_published_post_finds_exactly_the_orms_published_posts(timeline):
    for post in Post.objects.order_by("pk"):
        by_orm = Post.objects.published().only(*POSTING).filter(pk=post.pk).first()
        by_sql = queries.published_post(post.pk, POSTING)
        assert (by_sql and by_sql.pk) == (by_orm and by_orm.pk)
    assert queries.published_post(0, POSTING) is None


@pytest.mark.parametrize("post_id", [2**63, -(2**63) - 1, 10**30])
def test_published_post_of_an_id_beyond_the_database_integers_is_none(post_id):
    assert Post.objects.published().filter(pk=post_id).first() is None
    assert queries.published_post(post_id, POSTING) is None


def test_published_post_reads_only_the_fields_asked(timeline):
    post = Post.objects.published().first()
    found = queries.published_post(post.pk, POSTING)

    assert found.get_deferred_fields() == {
        f.attname for f in Post._meta.concrete_fields if f.name not in ("id", *POSTING)
    }
    assert (found.title, found.slug, found.author_id) == (
        post.title,
        post.slug,
        post.author_id,
    )


@pytest.mark.parametrize("delta", [1, 0, -1])
def test_post_thread_changed_moves_version_and_count_as_the_orm_update(delta):
    by_orm, by_sql, untouched = (PostFactory(comment_count=5) for _ in range(3))
    Post.objects.filter(pk=by_orm.pk).update(
        thread_version=F("thread_version") + 1,
        comment_count=F("comment_count") + delta,
    )
    queries.post_thread_changed(by_sql.pk, delta)

    rows = {
        pk: (version, count)
        for pk, version, count in Post.objects.values_list(
            "pk", "thread_version", "comment_count"
        )
    }
    assert rows[by_sql.pk] == rows[by_orm.pk] == (1, 5 + delta)
    assert rows[untouched.pk] == (0, 5)
