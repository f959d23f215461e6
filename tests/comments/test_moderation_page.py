"""Moderation on the post page: pending comments in place, buttons, the boundary."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blog.views import post_detail
from comments.models import Comment, ModerationLog
from comments.page_messages import message_at_comment
from tests.comments.helpers import add_comment, build_thread, reply
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

MODERATE = "comments:moderate"


def page(client, post) -> str:
    return client.get(post.get_absolute_url()).content.decode()


def act(client, comment, action, **headers):
    return client.post(
        reverse(MODERATE), {"comment": comment.pk, "action": action}, **headers
    )


def test_a_moderator_sees_pending_comments_in_place_marked_with_the_reason(
    client, moderator, post
):
    add_comment(
        post,
        "Ann",
        status=Comment.Status.PENDING,
        moderation_reason="First comment from this commenter.",
    )
    client.force_login(moderator)
    html = page(client, post)
    assert "<strong>Pending</strong> — First comment from this commenter." in html


def test_a_reader_does_not_see_pending_comments(client, post):
    add_comment(post, "Ann", status=Comment.Status.PENDING, body="Secret held")
    client.force_login(UserFactory())
    assert "Secret held" not in page(client, post)


def test_the_author_of_the_post_sees_the_buttons(client, post):
    add_comment(post, "Ann", status=Comment.Status.PENDING)
    client.force_login(post.author)
    assert 'value="approve"' in page(client, post)


def test_a_reader_sees_no_moderation_buttons(client, post):
    build_thread(post, "Ann")
    client.force_login(UserFactory())
    assert "comment-moderation" not in page(client, post)


def test_the_stored_block_holds_no_moderation_buttons(client, moderator, post):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    client.force_login(moderator)
    page(client, post)
    comment.refresh_from_db()
    assert "csrfmiddlewaretoken" not in comment.html


def test_the_thread_for_a_moderator_is_still_one_comment_query(client, moderator, post):
    build_thread(post, "Ann\n  Bob\nCid")
    add_comment(post, "Dee", status=Comment.Status.PENDING)
    client.force_login(moderator)
    page(client, post)  # renders any stale blocks once
    with CaptureQueriesContext(connection) as queries:
        page(client, post)
    reads = re.compile(r'FROM "?comments_comment"?\b')
    assert len([q for q in queries if reads.search(q["sql"])]) == 1


def test_approve_without_javascript_redirects_back_to_the_comment(
    client, moderator, post
):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = act(client, comment, "approve")
    assert response.url == f"{post.get_absolute_url()}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def comment_block(html: str, comment) -> str:
    """The comment's own article, up to its buttons' form's end."""
    start = html.index(f'id="div-comment-{comment.pk}"')
    return html[start : html.index("</form>", start)]


def test_without_javascript_the_message_is_shown_at_the_comment_not_at_the_top(
    client, moderator, post
):
    build_thread(post, "Ann")
    comment = add_comment(post, "Bea", status=Comment.Status.PENDING)
    client.force_login(moderator)
    html = act(client, comment, "approve", follow=True).content.decode()
    block = comment_block(html, comment)
    assert "Comment approved." in block
    assert block.index("Comment approved.") < block.index('value="spam"')
    assert html.count("Comment approved.") == 1
    assert 'class="messages"' not in html


def test_without_javascript_the_remove_message_stands_above_restore(
    client, moderator, post
):
    comment = build_thread(post, "Ann\n  Bob")["Ann"]
    client.force_login(moderator)
    html = act(client, comment, "remove", follow=True).content.decode()
    block = comment_block(html, comment)
    message = block.index("Comment removed. Restore brings it back.")
    assert message < block.index('value="restore"')


def test_without_javascript_a_spam_comments_message_is_where_the_redirect_lands(
    client, moderator, post
):
    build_thread(post, "Ann")
    comment = add_comment(post, "Bea", status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = act(client, comment, "spam", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"#comment-{comment.pk}")
    assert re.search(
        rf'<p id="comment-{comment.pk}" class="comment-moderation-message[^"]*" '
        r'role="status">Comment marked as spam.</p>',
        html,
    )
    assert html.count("Comment marked as spam.") == 1


def test_a_moderators_other_messages_stay_at_the_top_of_the_page(rf, moderator, post):
    comment = add_comment(post, "Bea", status=Comment.Status.PENDING)
    request = rf.get(post.get_absolute_url())
    request.user = moderator
    SessionMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    messages.info(request, "Something about the site.")
    message_at_comment(request, comment.pk, "Comment approved.", ok=True)
    local = timezone.localtime(post.published_at)
    html = post_detail(
        request, f"{local:%Y}", f"{local:%m}", post.slug
    ).content.decode()
    top = html[html.index('<div class="messages"') : html.index("<main")]
    assert "Something about the site." in top
    assert "Comment approved." not in top
    assert "Comment approved." in comment_block(html, comment)


def test_the_message_at_a_comment_is_shown_once(client, moderator, post):
    comment = add_comment(post, "Bea", status=Comment.Status.PENDING)
    client.force_login(moderator)
    act(client, comment, "approve", follow=True)
    assert "Comment approved." not in page(client, post)


def test_an_action_asked_for_as_json_answers_json(client, moderator, post):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = act(client, comment, "spam", HTTP_ACCEPT="application/json")
    assert response.json() == {"ok": True, "message": "Comment marked as spam."}


def test_removing_says_how_to_undo_it(client, moderator, post):
    comment = build_thread(post, "Ann")["Ann"]
    client.force_login(moderator)
    response = act(client, comment, "remove", HTTP_ACCEPT="application/json")
    assert response.json()["message"] == "Comment removed. Restore brings it back."


def test_each_comments_moderation_form_is_not_a_landmark_of_its_own(
    client, moderator, post
):
    build_thread(post, "Ann\nBob")
    client.force_login(moderator)
    forms = re.findall(r'<form[^>]*class="comment-moderation[^>]*>', page(client, post))
    assert len(forms) == 2
    assert not any("aria-label" in form for form in forms)


def test_remove_on_the_page_leaves_a_tombstone_that_can_be_restored(
    client, moderator, post
):
    made = build_thread(post, "Ann\n  Bob")
    client.force_login(moderator)
    act(client, made["Ann"], "remove")
    assert 'value="restore"' in page(client, post)
    act(client, made["Ann"], "restore")
    made["Ann"].refresh_from_db()
    assert made["Ann"].status == Comment.Status.APPROVED


def test_approving_a_reply_to_a_pending_comment_is_refused_with_a_message(
    client, moderator, post
):
    parent = add_comment(post, "Ann", status=Comment.Status.PENDING)
    child = reply(parent, "Bob", status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = act(client, child, "approve", follow=True)
    assert "Approve the comment it replies to first." in response.content.decode()
    child.refresh_from_db()
    assert child.status == Comment.Status.PENDING


def test_a_refused_approval_asked_as_json_is_a_conflict(client, moderator, post):
    parent = add_comment(post, "Ann", status=Comment.Status.PENDING)
    child = reply(parent, "Bob", status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = act(client, child, "approve", HTTP_ACCEPT="application/json")
    assert (response.status_code, response.json()["ok"]) == (409, False)


def test_a_forged_post_from_a_reader_is_not_found_and_changes_nothing(client, post):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    client.force_login(UserFactory())
    assert act(client, comment, "approve").status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_forged_post_from_another_author_is_not_found(client, post):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    client.force_login(PostFactory().author)
    assert act(client, comment, "spam").status_code == 404
    assert not ModerationLog.objects.exists()


def test_a_forged_post_from_a_visitor_is_not_found(client, post):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    assert act(client, comment, "approve").status_code == 404


def test_an_action_not_offered_on_the_page_is_not_found(client, moderator, post):
    comment = build_thread(post, "Ann")["Ann"]
    client.force_login(moderator)
    assert act(client, comment, "delete_thread").status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_moderation_post_without_the_csrf_token_is_refused(moderator, post):
    from django.test import Client

    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert act(client, comment, "approve").status_code == 403


def test_a_moderator_can_open_a_pending_comments_permalink(client, moderator, post):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = client.get(comment.get_absolute_url())
    assert response.url.endswith(f"#comment-{comment.pk}")
