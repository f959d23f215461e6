"""Posting through the form: what is stored, where the writer lands, what is kept."""

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.views import _post_from
from comments.writer_cookies import WRITTEN_COOKIE, written_cookie, written_ids
from tests.comments.helpers import POST_URL, form_data
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_guest_comment_is_stored_held_and_shown_to_its_writer(client, post):
    response = client.post(POST_URL, form_data(post), follow=True)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response.redirect_chain[-1][0].endswith(f"#comment-{comment.pk}")
    html = response.content.decode()
    assert f'id="comment-{comment.pk}"' in html
    assert "Your comment is awaiting moderation." in html


def test_a_held_comment_is_hidden_from_other_readers(client, post):
    client.post(POST_URL, form_data(post))
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "A thoughtful comment." not in html
    assert "awaiting moderation" not in html


def written_by(client) -> tuple[int, ...]:
    request = RequestFactory().get("/")
    request.COOKIES[WRITTEN_COOKIE] = client.cookies[WRITTEN_COOKIE].value
    return written_ids(request)


def test_the_writers_browser_remembers_the_held_comment(client, post):
    client.post(POST_URL, form_data(post))
    assert written_by(client) == (Comment.objects.get().pk,)


def test_a_guest_comment_starts_no_session(client, post, settings):
    client.post(POST_URL, form_data(post))
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_the_browser_remembers_the_last_fifty_comments_it_wrote(client, post):
    client.cookies[WRITTEN_COOKIE] = written_cookie(range(1, 51))
    client.post(POST_URL, form_data(post))
    assert written_by(client) == (*range(2, 51), Comment.objects.get().pk)


def test_an_altered_cookie_names_no_comment(client, post):
    client.post(POST_URL, form_data(post))
    request = RequestFactory().get("/")
    request.COOKIES[WRITTEN_COOKIE] = "1" + client.cookies[WRITTEN_COOKIE].value
    assert written_ids(request) == ()


def test_a_signed_in_writer_sees_their_held_comment_from_any_browser(post):
    ann = UserFactory(username="ann")
    writer, elsewhere = Client(), Client()
    writer.force_login(ann)
    elsewhere.force_login(ann)
    writer.post(POST_URL, form_data(post))
    assert Comment.objects.get().status == Comment.Status.PENDING
    html = elsewhere.get(post.get_absolute_url()).content.decode()
    assert "Your comment is awaiting moderation." in html


def test_a_staff_comment_goes_straight_to_its_permalink(client, post, staff):
    client.force_login(staff)
    data = form_data(post)
    response = client.post(POST_URL, data)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert comment.author_name == "Eda Editor"
    assert response["Location"] == comment.get_absolute_url()
    post.refresh_from_db()
    assert post.comment_count == 1


def test_a_reply_is_stored_under_its_parent(client, post):
    parent = CommentFactory(post=post)
    client.post(POST_URL, form_data(post, parent_id=parent.pk))
    assert Comment.objects.get(body="A thoughtful comment.").parent == parent


def test_details_are_kept_in_cookies_only_with_consent(client, post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    response = client.post(POST_URL, form_data(post))
    assert response.cookies["comment_author"].value == ""
    response = client.post(
        POST_URL, form_data(post, save_details="on", body="Again, with consent.")
    )
    assert response.cookies["comment_author"].value == "Ann%20Example"
    assert response.cookies["comment_author_email"].value == "ann%40example.test"


def test_a_flood_interval_of_zero_refuses_nothing(client, post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    first, second = form_data(post), form_data(post, body="And one more thing.")
    # The same instant, as for two requests from one address served at once.
    with time_machine.travel(timezone.now(), tick=False):
        answers = [client.post(POST_URL, data).status_code for data in (first, second)]
    assert answers == [302, 302]


def test_saved_details_fill_the_form(client, post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    client.post(POST_URL, form_data(post, save_details="on"))
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'value="Ann Example"' in html
    assert 'value="ann@example.test"' in html


def test_a_signed_in_reader_sees_who_they_are_and_a_log_out_form(client, post):
    client.force_login(UserFactory(display_name="Rita Reader"))
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Rita Reader" in html
    assert "You are commenting using your account." in html
    assert f'<form method="post" action="{reverse("account_logout")}"' in html
    assert 'name="author_email"' not in html


def test_without_javascript_replytocom_renders_the_reply_form(client, post):
    parent = CommentFactory(post=post, author_name="Tom")
    html = client.get(f"{post.get_absolute_url()}?replytocom={parent.pk}").content
    html = html.decode()
    assert "Leave a Reply to <bdi>Tom</bdi>" in html
    cancel = f'id="cancel-comment-reply-link" href="{post.get_absolute_url()}#respond">'
    assert cancel in html
    assert f'name="parent_id" value="{parent.pk}"' in html


def test_the_plain_form_hides_the_cancel_link(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Leave a Reply<" in html
    assert '#respond" hidden>' in html


def test_a_closed_post_says_so_instead_of_a_form(client, post):
    post.allow_comments = False
    post.save()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Comments are closed." in html
    assert 'id="commentform"' not in html
    assert "replytocom=" not in html


def test_posting_a_comment_takes_a_bounded_number_of_queries(
    client,
    post,
    task_queue,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    """The session, the post, the rules' checks, the insert and its block, the
    thread's version and the emails' task (queued, as in production); none for
    each comment already in the thread, nor any that the database checks itself
    at the insert. (13 on SQLite; PostgreSQL takes its advisory locks besides.)"""
    CommentFactory.create_batch(20, post=post)
    # An email none of those twenty can have: the flood limit counts by email too.
    data = form_data(post, author_email="first.visit@example.test")
    with (
        django_assert_max_num_queries(15),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(POST_URL, data)
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_comment_reads_its_post_once(client, post):
    """Read with only the columns posting needs, and none of the others later."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(POST_URL, form_data(post))

    assert response.status_code == 302
    reads = [q["sql"] for q in queries if 'FROM "blog_post"' in q["sql"]]
    assert len(reads) == 1
    assert '"body_html"' not in reads[0]


def test_a_guests_post_is_read_as_a_signed_in_writers_is(rf, post):
    """The same columns, the others deferred, the same values of the same types."""
    request = rf.post(POST_URL, {"post_id": post.pk})
    request.user = AnonymousUser()
    for_guest = _post_from(request)
    request.user = UserFactory()
    for_member = _post_from(request)

    assert for_guest.get_deferred_fields() == for_member.get_deferred_fields()
    loaded = for_member.__dict__.keys() - {"_state"}
    assert {name: repr(getattr(for_guest, name)) for name in loaded} == {
        name: repr(getattr(for_member, name)) for name in loaded
    }


def test_a_guest_comment_posted_outside_a_transaction_takes_13_queries_at_most(
    client, post, settings, django_assert_max_num_queries
):
    """As the view runs in production (autocommit): the post, the rules' four
    reads, BEGIN, the writer's locks (one statement, on PostgreSQL), the tree id,
    the insert, its block, the thread version, COMMIT, and the moderators'
    addresses; no session is read or written, and the comment is not read again for
    the emails."""
    settings.COMMENTS_FLOOD_SECONDS = 0  # the bench's setting: its query is not here
    client.post(POST_URL, form_data(post))  # the browser's cookies exist from now on
    with django_assert_max_num_queries(13):
        response = client.post(POST_URL, form_data(post, body="And another."))
    assert response.status_code == 302
