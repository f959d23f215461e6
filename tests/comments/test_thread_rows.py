"""`thread_rows` is one SQL statement: it must give each viewer exactly the
comments `shown_comments` gives them, in `thread_order`."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from comments.models import Comment
from comments.paging import newest_first, thread_order
from comments.queries import shown_comments, thread_rows
from comments.writer_cookies import WRITTEN_COOKIE, written_cookie
from tests.comments.helpers import add_comment, reply
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status


@pytest.fixture
def comments(post):
    """Every status, nested, with a registered writer and a comment elsewhere."""
    member = UserFactory(username="mo", display_name="", first_name="Mo", last_name="")
    first = add_comment(post, "Ann")
    made = {
        "first": first,
        "reply": reply(first, "Bob", user=member),
        "held": reply(first, "Cy", status=Status.PENDING),
        "removed": add_comment(post, "Dee", status=Status.REMOVED),
        "spam": add_comment(post, "Eve", status=Status.SPAM),
        "other held": add_comment(post, "Fay", status=Status.PENDING),
        "last": add_comment(post, "Gus"),
        "spam parent": add_comment(post, "Ivy", status=Status.SPAM),
        "removed parent": add_comment(post, "Kim", status=Status.REMOVED),
    }
    made["under spam"] = reply(made["spam parent"], "Jo")
    made["held under removed"] = reply(
        made["removed parent"], "Lu", status=Status.PENDING
    )
    made["elsewhere"] = add_comment(PostFactory(), "Hal", status=Status.PENDING)
    return made


def viewer(user=None, written=()):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request.COOKIES[WRITTEN_COOKIE] = written_cookie(written)
    return request


def expected(request, post, tree_ids=None) -> list[tuple[int, str]]:
    shown = shown_comments(request, post).order_by(*thread_order())
    if tree_ids is not None:
        shown = shown.filter(tree_id__in=tree_ids)
    return [(c.pk, c.get_author_name()) for c in shown.select_related("user")]


def rows(request, post, tree_ids=None) -> list[tuple[int, str]]:
    return [
        (row.pk, row.name)
        for row in thread_rows(request, post, tree_ids, newest_first=newest_first())
    ]


def test_a_reader_gets_the_visible_comments_in_thread_order(post, comments):
    request = viewer()
    assert rows(request, post) == expected(request, post)
    assert comments["held"].pk not in dict(rows(request, post))


def test_a_writer_also_gets_their_own_held_comment_and_no_other(post, comments):
    mine = [comments["held"].pk, comments["elsewhere"].pk, comments["first"].pk]
    request = viewer(written=mine)
    found = dict(rows(request, post))
    assert rows(request, post) == expected(request, post)
    assert comments["held"].pk in found
    assert comments["other held"].pk not in found
    assert comments["elsewhere"].pk not in found


def test_a_signed_in_writer_gets_their_accounts_held_comments_too(post, comments):
    member = comments["reply"].user
    theirs = reply(comments["first"], "Mo", user=member, status=Status.PENDING)
    request = viewer(user=member, written=[comments["held"].pk])
    found = dict(rows(request, post))
    assert rows(request, post) == expected(request, post)
    assert theirs.pk in found
    assert comments["held"].pk in found
    assert comments["other held"].pk not in found


def test_the_posts_author_gets_every_held_comment(post, comments):
    request = viewer(user=post.author)
    assert rows(request, post) == expected(request, post)
    assert comments["other held"].pk in dict(rows(request, post))
    assert comments["spam"].pk not in dict(rows(request, post))


def test_a_reader_gets_the_hidden_parents_of_approved_replies(post, comments):
    request = viewer()
    found = dict(rows(request, post))
    assert rows(request, post) == expected(request, post)
    assert {comments["spam parent"].pk, comments["under spam"].pk} <= set(found)
    assert comments["removed parent"].pk not in found


def test_a_writer_gets_the_removed_parent_of_their_held_reply(post, comments):
    request = viewer(written=[comments["held under removed"].pk])
    found = dict(rows(request, post))
    assert rows(request, post) == expected(request, post)
    assert comments["removed parent"].pk in found


def test_a_registered_writer_is_named_as_their_account_says(post, comments):
    assert dict(rows(viewer(), post))[comments["reply"].pk] == "Mo"


def test_the_threads_of_one_page_newest_first(post, comments, settings):
    settings.COMMENTS_PAGE_ORDER = "newest"
    tree_ids = [comments["first"].tree_id, comments["last"].tree_id]
    request = viewer()
    assert rows(request, post, tree_ids) == expected(request, post, tree_ids)
    assert rows(request, post, tree_ids)[0][0] == comments["last"].pk


def test_a_page_without_threads_has_no_rows(post, comments):
    assert thread_rows(viewer(), post, [], newest_first=False) == []
