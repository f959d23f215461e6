"""Many writers at once, each on its own database connection, as under gunicorn.

On PostgreSQL the tree stays sound only thanks to comments.tree's locks (without
them these tests fail: shared tree ids, interleaved lft/rght shifts). On SQLite,
immediate transactions make writers take turns: fewer writers, on a database
file (the last test).
"""

import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections, transaction

from comments.locks import comment_rows_lock, comment_tree_lock, tree_id_lock
from comments.models import Comment
from comments.rendering import fragment_version, refresh_stale_fragments
from comments.services import comment_create
from tests.comments.helpers import (
    add_comment,
    assert_tree_matches_rebuild,
    reply,
    run_together,
)
from tests.factories import PostFactory


def replies_into_one_thread(writers: int) -> None:
    post = PostFactory()
    root = add_comment(post, "Ann")
    # Parents at several depths, held in memory before the replies shift them.
    parents = [root, reply(root, "Bob"), reply(root, "Cid")]
    parents.append(reply(parents[1], "Dee"))

    run_together(
        [
            lambda i=i: reply(parents[i % len(parents)], f"Writer{i}")
            for i in range(writers)
        ]
    )

    thread = Comment.objects.filter(tree_id=root.tree_id)
    assert thread.count() == len(parents) + writers
    for parent in parents:
        children = parent.get_children()
        # Inserts took turns, so ids (drawn while holding the lock) follow lft.
        ids = [child.pk for child in children]
        assert ids == sorted(ids)
    assert_tree_matches_rebuild()


def new_threads_on_different_posts(writers: int) -> None:
    posts = PostFactory.create_batch(writers)

    run_together([lambda post=post: add_comment(post, "Ann") for post in posts])

    roots = Comment.objects.filter(parent__isnull=True, post__in=posts)
    assert roots.count() == writers
    assert len(set(roots.values_list("tree_id", flat=True))) == writers
    assert set(roots.values_list("post_id", flat=True)) == {p.pk for p in posts}
    assert_tree_matches_rebuild()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_replies_into_one_thread_keep_it_sound():
    replies_into_one_thread(20)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_new_threads_on_twenty_posts_at_once_get_distinct_tree_ids():
    new_threads_on_different_posts(20)


def while_locked(take_locks, attempt) -> Exception | None:
    """Run `attempt` on a second connection while a first transaction holds what
    `take_locks` locked; return what `attempt` raised, None if it went through.

    The attempt gives up on any lock it waits for (lock_timeout) instead of
    waiting for the first transaction, which only ends once the attempt has.
    """
    locked, attempted = threading.Event(), threading.Event()
    outcome = []

    def holder():
        try:
            with transaction.atomic():
                take_locks()
                locked.set()
                attempted.wait(timeout=60)
        finally:
            connections.close_all()

    def contender():
        try:
            locked.wait(timeout=60)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                attempt()
            outcome.append(None)
        except Exception as error:
            outcome.append(error)
        finally:
            attempted.set()
            connections.close_all()

    threads = [threading.Thread(target=holder), threading.Thread(target=contender)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome[0]


@pytest.fixture
def two_threads():
    post = PostFactory()
    return add_comment(post, "Ann"), add_comment(post, "Eve")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_thread_locked_by_one_transaction_makes_others_wait(two_threads):
    ann, _eve = two_threads
    bob = reply(ann, "Bob")

    error = while_locked(lambda: comment_tree_lock(ann), lambda: reply(bob, "Cid"))

    assert "lock timeout" in str(error)
    assert not Comment.objects.filter(author_name="Cid").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_locking_a_thread_waits_for_the_transaction_holding_it(two_threads):
    ann, _eve = two_threads
    bob = reply(ann, "Bob")

    error = while_locked(lambda: comment_tree_lock(ann), lambda: comment_tree_lock(bob))

    assert "lock timeout" in str(error)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_locked_thread_blocks_neither_other_threads_nor_new_ones(two_threads):
    ann, eve = two_threads

    def reply_elsewhere_and_start_a_thread():
        reply(eve, "Fay")
        add_comment(PostFactory(), "Gus")

    assert (
        while_locked(lambda: comment_tree_lock(ann), reply_elsewhere_and_start_a_thread)
        is None
    )
    assert Comment.objects.filter(author_name__in=["Fay", "Gus"]).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_thread_waits_while_tree_ids_are_being_allocated(two_threads):
    error = while_locked(tree_id_lock, lambda: add_comment(PostFactory(), "Gus"))

    assert "lock timeout" in str(error)
    assert not Comment.objects.filter(author_name="Gus").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_reader_storing_blocks_skips_the_rows_a_writer_holds(two_threads):
    ann, _eve = two_threads
    Comment.objects.update(html_version="stale")
    stale = list(Comment.objects.select_related("user").order_by("pk"))

    error = while_locked(
        lambda: comment_rows_lock(ann), lambda: refresh_stale_fragments(stale)
    )

    assert error is None  # it waited for nothing
    versions = dict(Comment.objects.values_list("author_name", "html_version"))
    assert versions == {"Ann": "stale", "Eve": fragment_version()}


SQLITE_SCENARIOS = """
import django
django.setup()
from django.core.management import call_command
from django.db import connection
assert connection.vendor == "sqlite"
call_command("migrate", verbosity=0)
from tests.comments import test_concurrency as scenarios
scenarios.replies_into_one_thread(8)
scenarios.new_threads_on_different_posts(8)
print("both scenarios passed")
"""


def test_concurrent_writers_on_a_sqlite_file_take_turns_and_keep_the_tree_sound(
    tmp_path,
):
    # The SQLite test database lives in shared-cache memory, where a second writer
    # fails at once ("database table is locked") instead of waiting its turn; so
    # this runs against a database file, as the site does, in a fresh process.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
    result = subprocess.run(  # noqa: S603 (runs our own script above)
        [sys.executable, "-c", SQLITE_SCENARIOS],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "both scenarios passed\n"


def service_reply(parent: Comment, name: str) -> Comment:
    """A reply written through the service the comment form uses."""
    return comment_create(
        post=parent.post,
        parent=parent,
        user=AnonymousUser(),
        author_name=name,
        author_email=f"{name.lower()}@example.test",
        author_url="",
        body=f"A reply by {name}.",
        ip_address="203.0.113.9",
        user_agent="pytest",
    )


def service_replies_into_one_thread(writers: int) -> None:
    post = PostFactory()
    root = add_comment(post, "Ann")
    parents = [root, reply(root, "Bob"), reply(root, "Cid")]

    run_together(
        [
            lambda i=i: service_reply(parents[i % len(parents)], f"Writer{i}")
            for i in range(writers)
        ]
    )

    assert Comment.objects.filter(tree_id=root.tree_id).count() == 3 + writers
    names = set(Comment.objects.values_list("author_name", flat=True))
    assert {f"Writer{i}" for i in range(writers)} <= names
    assert_tree_matches_rebuild()


def service_replies_into_different_threads(writers: int) -> None:
    posts = PostFactory.create_batch(5)
    roots = [add_comment(posts[i % 5], f"Root{i}") for i in range(writers)]

    run_together(
        [
            lambda root=root: service_reply(root, f"{root.author_name}Re")
            for root in roots
        ]
    )

    for root in roots:
        children = list(root.get_children().values_list("author_name", flat=True))
        assert children == [f"{root.author_name}Re"]
    assert_tree_matches_rebuild()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_writers_replying_into_one_thread_through_the_service_keep_it_sound():
    service_replies_into_one_thread(50)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_writers_replying_into_fifty_threads_through_the_service():
    service_replies_into_different_threads(50)


SQLITE_READERS_AND_WRITERS = """
import django
django.setup()
from django.conf import settings
# Notification emails would otherwise be printed among the script's own output.
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
assert connection.vendor == "sqlite"
call_command("migrate", verbosity=0)
from comments.services import comment_approve
from tests.comments import test_concurrency as scenarios
from tests.comments.helpers import add_comment
from tests.factories import PostFactory

post = PostFactory()
roots = [add_comment(post, f"Root{i}") for i in range(5)]
url = post.get_absolute_url()
statuses = []

def read():
    statuses.append(Client().get(url).status_code)

def write(i):
    comment_approve(comment=scenarios.service_reply(roots[i % 5], f"Writer{i}"))

tasks = []
for i in range(WRITERS):
    tasks.append(lambda i=i: write(i))
    tasks.append(read)
    tasks.append(read)
scenarios.run_together(tasks)
assert statuses == [200] * (2 * WRITERS), statuses
assert post.comments.count() == 5 + WRITERS
scenarios.assert_tree_matches_rebuild()
print("readers and writers passed")
"""


def test_readers_never_see_database_is_locked_while_writers_post_on_a_sqlite_file(
    tmp_path,
):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
    env["ALLOWED_HOSTS"] = "testserver"
    env["DEBUG"] = "1"  # static files without a collectstatic manifest
    result = subprocess.run(  # noqa: S603 (runs our own script above)
        [sys.executable, "-c", SQLITE_READERS_AND_WRITERS.replace("WRITERS", "30")],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "database is locked" not in result.stderr
    assert result.stdout == "readers and writers passed\n"
