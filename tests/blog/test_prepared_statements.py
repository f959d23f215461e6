"""On PostgreSQL, a statement a connection runs again and again is prepared once."""

import pytest
from django.db import connection
from django.test import Client

from tests.factories import PostFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_a_post_page_seen_again_and_again_runs_prepared_statements():
    url = PostFactory(status="published").get_absolute_url()
    client = Client()

    for _ in range(7):  # psycopg prepares a statement on its fifth run
        assert client.get(url).status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("blog_post" in statement for statement in prepared)
