"""The blog's raw SQL: only statements a benchmark line needs, each stating again a
rule the ORM states (named in its docstring), with table and column names from the
model's `_meta` and a test that both give the same rows (tests/blog/test_queries.py).
"""

from functools import lru_cache

from django.db import connection
from django.utils import timezone

from .models import Post


def _name(field: str | None = None) -> str:
    """A column of blog_post (or the table itself), quoted for this database."""
    meta = Post._meta
    name = meta.get_field(field).column if field else meta.db_table
    return connection.ops.quote_name(name)


def post_unchanged(post_id: int, updated_at, thread_version: int) -> bool:
    """`Post.objects.filter(pk=post_id, updated_at=updated_at,
    thread_version=thread_version).exists()`: a kept post page is served only after
    it. A cookie-less reader's whole request is this query, so it is one line on
    the primary key, its parameters prepared by the backend. `updated_at` is as
    `connection.ops.adapt_datetimefield_value` gives it."""
    with connection.cursor() as cursor:
        cursor.execute(
            _post_unchanged_sql(connection.vendor),
            [post_id, updated_at, thread_version],
        )
        return cursor.fetchone() is not None


@lru_cache(maxsize=2)
def _post_unchanged_sql(vendor: str) -> str:
    where = " AND ".join(
        f"{_name(field)} = %s" for field in ("id", "updated_at", "thread_version")
    )
    return f"SELECT 1 FROM {_name()} WHERE {where}"  # noqa: S608 (names, no values)


def post_thread_changed(post_id: int, count_delta: int) -> None:
    """`Post.objects.filter(pk=post_id).update(thread_version=F("thread_version") + 1,
    comment_count=F("comment_count") + count_delta)`: every new comment's last
    statement, under the locks the other writers wait on."""
    with connection.cursor() as cursor:
        cursor.execute(
            _post_thread_changed_sql(connection.vendor), [count_delta, post_id]
        )


@lru_cache(maxsize=2)
def _post_thread_changed_sql(vendor: str) -> str:
    version, count = _name("thread_version"), _name("comment_count")
    return (
        f"UPDATE {_name()} SET {version} = {version} + 1, "  # noqa: S608 (names only)
        f"{count} = {count} + %s WHERE {_name('id')} = %s"
    )


def published_post(post_id: int, fields: tuple[str, ...]) -> Post | None:
    """`Post.objects.published().only(*fields).filter(pk=post_id).first()`: the post a
    reader's comment is sent to, asked by every comment posted."""
    low, high = connection.ops.integer_field_range(Post._meta.pk.get_internal_type())
    if not low <= post_id <= high:  # no row can have it; the database cannot take it
        return None
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [post_id, Post.Status.PUBLISHED, now]
    return next(
        iter(Post.objects.raw(_published_post_sql(connection.vendor, fields), params)),
        None,
    )


@lru_cache(maxsize=8)
def _published_post_sql(vendor: str, fields: tuple[str, ...]) -> str:
    columns = ", ".join(_name(f) for f in ("id", *fields))
    where = " AND ".join(
        [
            f"{_name('id')} = %s",
            f"{_name('status')} = %s",
            f"{_name('published_at')} <= %s",
        ]
    )
    return f"SELECT {columns} FROM {_name()} WHERE {where}"  # noqa: S608 (names, no values)


def adjacent_posts(post: Post) -> tuple[Post | None, Post | None]:
    """The posts of `Post.objects.published()` just before and just after `post`
    in time (ties by id), their id, title, slug and publication time: one statement,
    asked by every post page built."""
    at = connection.ops.adapt_datetimefield_value(post.published_at)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    published = Post.Status.PUBLISHED
    params = [published, now, at, at, post.id] * 2
    found = list(Post.objects.raw(_adjacent_posts_sql(connection.vendor), params))
    key = (post.published_at, post.id)
    older = next((p for p in found if (p.published_at, p.id) < key), None)
    newer = next((p for p in found if (p.published_at, p.id) > key), None)
    return older, newer


@lru_cache(maxsize=2)
def _adjacent_posts_sql(vendor: str) -> str:
    table, pk, status, at = _name(), _name("id"), _name("status"), _name("published_at")
    columns = ", ".join(_name(f) for f in ("id", "title", "slug", "published_at"))
    # PostQuerySet.published(), then the nearest post on each side.
    published = f"{status} = %s AND {at} <= %s"
    side = (
        f"SELECT {columns} FROM {table} WHERE {pk} = ("  # noqa: S608 (names only)
        f"SELECT {pk} FROM {table} WHERE {published} "
        f"AND ({at} {{op}} %s OR ({at} = %s AND {pk} {{op}} %s)) "
        f"ORDER BY {at} {{direction}}, {pk} {{direction}} LIMIT 1)"
    )
    older = side.format(op="<", direction="DESC")
    newer = side.format(op=">", direction="ASC")
    return f"{older} UNION ALL {newer}"
