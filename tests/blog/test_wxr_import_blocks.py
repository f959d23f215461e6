"""An import renders each comment's block, so no reader's first view has to."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.importers.wxr import import_wxr
from blog.models import Post
from comments.models import Comment
from comments.rendering import fragment_version, render_comment_fragment
from tests.blog.helpers import big_thread, wxr

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    import_wxr(wxr(big_thread(10, "a-long-talk", 120, seed=3)))
    return Post.objects.get(slug="a-long-talk")


def test_every_imported_comment_has_its_block_rendered(imported):
    comments = Comment.objects.filter(post=imported)

    assert comments.count() == 120
    assert not comments.exclude(html_version=fragment_version()).exists()
    comment = comments.select_related("user").order_by("pk").last()
    assert comment.html == render_comment_fragment(comment)


def test_the_first_view_of_an_imported_post_renders_no_comment(client, imported):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(imported.get_absolute_url())

    assert response.status_code == 200
    table = Comment._meta.db_table
    updates = [q["sql"] for q in queries.captured_queries if "UPDATE" in q["sql"]]
    assert not [sql for sql in updates if table in sql]
