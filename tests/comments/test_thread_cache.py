"""The cached thread: every kind of comment change shows on the next page view."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Post
from comments.assembly import RenderedThread
from comments.models import Comment
from comments.services import (
    comment_approve,
    comment_create,
    comment_edit,
    comment_mark_spam,
    comment_remove,
)
from comments.thread_cache import thread_cache_key
from comments.writer_cookies import WRITTEN_COOKIE, written_cookie
from tests.comments.helpers import make_comment

pytestmark = pytest.mark.django_db


def approved_comment(post, **fields) -> Comment:
    return comment_approve(comment=make_comment(post, **fields))


def page(client, post) -> str:
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def version(post) -> int:
    post.refresh_from_db(fields=["thread_version"])
    return post.thread_version


def test_a_second_view_reads_the_thread_from_the_cache_without_comment_queries(
    client, post
):
    approved_comment(post, name="Ann")
    page(client, post)

    with CaptureQueriesContext(connection) as queries:
        html = page(client, post)

    assert "A thought from Ann." in html
    assert not [q for q in queries if "comments_comment" in q["sql"]]


def test_a_new_approved_comment_shows_on_the_cached_page(client, post):
    approved_comment(post, name="Ann")
    page(client, post)
    before = version(post)

    approved_comment(post, name="Bob")

    assert version(post) > before
    assert "A thought from Bob." in page(client, post)


def test_a_reply_shows_on_the_cached_page(client, post):
    ann = approved_comment(post, name="Ann")
    page(client, post)

    approved_comment(post, parent=ann, name="Bob")

    assert "A thought from Bob." in page(client, post)


def test_approving_a_held_comment_shows_it_on_the_cached_page(client, post):
    held = approved_comment(post, name="Ann")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    assert "A thought from Ann." not in page(client, post)
    before = version(post)

    comment_approve(comment=held)

    assert version(post) == before + 1
    assert "A thought from Ann." in page(client, post)


def test_an_edit_shows_on_the_cached_page(client, post):
    ann = approved_comment(post, name="Ann")
    page(client, post)
    before = version(post)

    comment_edit(comment=ann, body="Second thoughts.", editor=AnonymousUser())

    assert version(post) == before + 1
    html = page(client, post)
    assert "Second thoughts." in html
    assert "A thought from Ann." not in html


def test_removing_a_comment_takes_it_off_the_cached_page(client, post):
    ann = approved_comment(post, name="Ann")
    page(client, post)
    before = version(post)

    comment_remove(comment=ann)

    assert version(post) == before + 1
    assert "A thought from Ann." not in page(client, post)


def test_removing_a_comment_with_replies_leaves_a_tombstone_on_the_cached_page(
    client, post
):
    ann = approved_comment(post, name="Ann")
    approved_comment(post, parent=ann, name="Bob")
    page(client, post)

    comment_remove(comment=ann)

    html = page(client, post)
    assert "A thought from Ann." not in html
    assert "comment-removed" in html


def test_marking_spam_takes_it_off_the_cached_page(client, post):
    ann = approved_comment(post, name="Ann")
    page(client, post)
    before = version(post)

    comment_mark_spam(comment=ann)

    assert version(post) == before + 1
    assert "A thought from Ann." not in page(client, post)


def test_restoring_a_comment_marked_as_spam_shows_it_again(client, post):
    ann = approved_comment(post, name="Ann")
    comment_mark_spam(comment=ann)
    page(client, post)

    comment_approve(comment=ann)

    assert "A thought from Ann." in page(client, post)


def test_a_change_on_one_post_leaves_other_posts_versions_alone(post):
    from tests.factories import PostFactory

    other = PostFactory()
    before = version(other)

    approved_comment(post, name="Ann")

    assert version(other) == before


def test_a_failed_comment_leaves_the_version_alone(post):
    before = version(post)

    with pytest.raises(Exception):  # noqa: B017 (a validation error)
        comment_create(
            post=post,
            parent=None,
            user=AnonymousUser(),
            author_name="Ann",
            author_email="not an email",
            author_url="",
            body="Hello.",
            ip_address=None,
            user_agent="",
        )

    assert version(post) == before


def public_key(post) -> str:
    post.refresh_from_db()
    return thread_cache_key(post, 1, True)


def test_a_staff_view_is_not_served_from_the_public_cache(client, post, staff):
    approved_comment(post, name="Ann")
    cache.set(public_key(post), (RenderedThread(b"<p>the public thread</p>"), []))
    assert "the public thread" in page(client, post)

    client.force_login(staff)

    assert "the public thread" not in page(client, post)


def test_a_staff_view_does_not_fill_the_public_cache(client, post, staff):
    approved_comment(post, name="Ann")
    client.force_login(staff)

    page(client, post)

    assert cache.get(public_key(post)) is None


def test_a_writer_with_a_held_comment_is_not_served_from_the_public_cache(client, post):
    held = approved_comment(post, name="Ann")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    client.cookies[WRITTEN_COOKIE] = written_cookie([held.pk])
    cache.set(public_key(post), (RenderedThread(b"<p>the public thread</p>"), []))

    html = page(client, post)

    assert "the public thread" not in html
    assert "A thought from Ann." in html


def test_a_deleted_account_is_gone_from_the_cached_page(client, post):
    from accounts.services import account_delete
    from tests.factories import UserFactory

    writer = UserFactory(display_name="Zelda Zimmer")
    comment_create(
        post=post,
        parent=None,
        user=writer,
        author_name="",
        author_email="",
        author_url="",
        body="Signed words.",
        ip_address=None,
        user_agent="pytest",
    )
    comment_approve(comment=Comment.objects.get(body="Signed words."))
    assert "Zelda Zimmer" in page(client, post)

    account_delete(user=writer, keep_comments=True)

    html = page(client, post)
    assert "Zelda Zimmer" not in html
    assert "A deleted user" in html


def test_a_repaired_thread_is_not_served_from_the_cache_in_its_old_order(post):
    from django.core.management import call_command

    approved_comment(post, name="Ann")
    before = version(post)
    Comment.objects.filter(post=post).update(rght=99)

    call_command("check_comment_trees", "--repair", stdout=None)

    assert version(post) > before


def test_a_new_version_of_a_thread_replaces_the_one_kept_before(client, post):
    approved_comment(post, name="Ann")
    page(client, post)
    first = public_key(post)
    assert cache.get(first) is not None

    approved_comment(post, name="Bob")
    page(client, post)

    assert public_key(post) != first
    assert cache.get(first) is None
    assert cache.get(public_key(post)) is not None


def test_a_reader_holding_an_older_version_never_gets_the_newer_thread(post):
    from comments.thread_cache import kept_thread, thread_keep

    approved_comment(post, name="Ann")
    post.refresh_from_db()
    thread_keep(post, 1, True, "thread at the first version")
    older = Post.objects.get(pk=post.pk)

    approved_comment(post, name="Bob")
    post.refresh_from_db()
    thread_keep(post, 1, True, "thread at the second version")

    assert kept_thread(older, 1, True) is None
    assert kept_thread(post, 1, True) == "thread at the second version"
