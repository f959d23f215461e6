"""Imports at once, and imports while readers comment, each on its own connection,
on PostgreSQL: imports take turns (blog.importers.wxr's import lock), and comment
ids kept from WordPress never meet the ones the database gives."""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction

from blog.importers.wxr import import_wxr
from blog.models import Post, WordPressRecord
from comments.locks import import_lock
from comments.models import Comment
from tests.blog.helpers import ONE, TWO, hello, wxr
from tests.comments.helpers import add_comment, assert_tree_matches_rebuild
from tests.comments.test_concurrency import run_together
from tests.factories import PostFactory

READERS = [f"Reader{n}" for n in range(50)]


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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sites_imported_at_once_with_one_slug_and_one_new_author_both_come_in():
    files = [wxr(hello(site, *READERS), site=site) for site in (ONE, TWO)]

    run_together([lambda file=file: import_wxr(file) for file in files])

    slugs = sorted(Post.objects.values_list("slug", flat=True))
    assert slugs == ["hello", "hello-2"]
    assert get_user_model().objects.filter(username="olga").count() == 1
    for post in Post.objects.all():
        assert post.comments.count() == len(READERS)
    assert_tree_matches_rebuild()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_file_imported_twice_at_once_comes_in_once():
    files = [wxr(hello(ONE, *READERS)) for _ in range(2)]
    summaries = []

    run_together(
        [lambda file=file: summaries.append(import_wxr(file)) for file in files]
    )

    assert Post.objects.count() == 1
    assert Comment.objects.count() == len(READERS)
    assert WordPressRecord.objects.count() == 1 + len(READERS)
    assert sorted(s.posts for s in summaries) == [0, 1]


def _waiting_for_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s",
            [pid],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_import_waiting_for_another_holds_nothing_a_comment_writer_needs():
    post = PostFactory()
    held, release = threading.Event(), threading.Event()
    waiting_pid, done = [], []

    def running_import():  # another import, in the middle of its work
        try:
            with transaction.atomic():
                import_lock()
                held.set()
                release.wait(timeout=60)
        finally:
            connections.close_all()

    def waiting_import():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            waiting_pid.append(cursor.fetchone()[0])
        try:
            done.append(import_wxr(wxr(hello(ONE, *READERS))))
        finally:
            connections.close_all()

    holder = threading.Thread(target=running_import)
    holder.start()
    held.wait(timeout=60)
    importer = threading.Thread(target=waiting_import)
    importer.start()
    try:
        while not (waiting_pid and _waiting_for_a_lock(waiting_pid[0])):
            assert importer.is_alive()
            time.sleep(0.01)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
            written = add_comment(post, "Ann")  # a new thread: the tree id lock
    finally:
        release.set()
        holder.join()
        importer.join()
    assert Comment.objects.filter(pk=written.pk).exists()
    assert done[0].posts == 1
