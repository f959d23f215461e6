"""An import while readers comment, each on its own connection, on PostgreSQL:
comment ids kept from WordPress never meet the ones the database gives."""

import pytest

from blog.importers.wxr import import_wxr
from comments.models import Comment
from tests.blog.helpers import ONE, hello, wxr
from tests.comments.test_concurrency import run_together
from tests.factories import PostFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_comments_written_during_an_import_take_none_of_its_ids():
    post = PostFactory()
    thread = hello(ONE, *[f"Reader{n}" for n in range(200)], post_id=10)
    writers = [
        lambda n=n: Comment.objects.create(post=post, body=f"{n}") for n in range(20)
    ]
    run_together([lambda: import_wxr(wxr(thread)), *writers])
    imported = Comment.objects.exclude(post=post)
    assert imported.count() == 200
    assert all(c.author_name == f"Reader{c.pk - 1}" for c in imported if c.pk <= 200)
