"""Indexes that keep a big site's pages as fast as a small one's."""

import pytest
from django.db import connection
from django.test import RequestFactory

from blog.middleware import legacy_redirect_url
from blog.models import WordPressRecord
from comments.feeds import PostCommentsFeed
from comments.models import Comment
from tests.comments.helpers import add_comment
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    """PostgreSQL's plan for `queryset` when every table is too big to read whole."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def index_definition(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        return cursor.fetchone()[0]


def test_a_posts_comment_feed_takes_as_many_queries_for_many_comments_as_for_one(
    client, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    post = PostFactory()
    add_comment(post, "Ann", status=Comment.Status.APPROVED)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/comments/feed/{post.pk}/")
    for name in ("Bob", "Cid", "Dan", "Eve"):
        add_comment(post, name, status=Comment.Status.APPROVED)

    with django_assert_max_num_queries(len(one)):
        client.get(f"/comments/feed/{post.pk}/")


@pytest.mark.postgres
class TestIndexesOnPostgreSQL:
    def test_a_posts_comment_feed_is_read_from_its_index(self):
        post = PostFactory()
        add_comment(post, "Ann", status=Comment.Status.APPROVED)

        feed = PostCommentsFeed().items(post)

        assert "comments_post_feed_idx" in plan(feed)

    def test_the_page_discussion_index_leaves_out_comments_on_posts(self):
        definition = index_definition("comments_page_thread_idx")

        assert "WHERE (page_id IS NOT NULL)" in definition

    def test_old_permalinks_are_found_through_an_index_without_comment_records(self):
        WordPressRecord.objects.create(
            kind=WordPressRecord.Kind.POST, wp_id=7, object_id=1, old_path="/old/"
        )
        queries = []

        def capture(execute, sql, params, many, context):
            queries.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            legacy_redirect_url(RequestFactory().get("/old/"))
        sql, params = queries[0]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            found = "\n".join(row[0] for row in cursor.fetchall())

        assert "wp_record_old_path_idx" in found
        assert "kind" in index_definition("wp_record_old_path_idx")
