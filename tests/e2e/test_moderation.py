"""Moderating in a real browser: the buttons act in place, without a reload."""

import os
import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from comments.models import Comment
from tests.comments.helpers import add_comment, build_thread
from tests.factories import PostFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def held(transactional_db):
    post = PostFactory(title="Real Relationships")
    build_thread(post, "Tom")
    comment = add_comment(
        post,
        "Bea",
        status=Comment.Status.PENDING,
        moderation_reason="First comment from this commenter.",
    )
    return post, comment


def sign_in_as(user, page: Page, live_server) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies(
        [{"name": "sessionid", "value": session, "url": live_server.url}]
    )


def test_approve_acts_in_place_without_reloading_the_page(
    live_server, page: Page, held, screenshot_dir
):
    post, comment = held
    # The post's author moderates it (the Moderators group, made by a migration,
    # does not survive the flush of an earlier transactional test).
    sign_in_as(post.author, page, live_server)
    page.goto(live_server.url + post.get_absolute_url())
    item = page.locator(f"#comment-{comment.pk}")
    expect(item.locator(".comment-moderation-status")).to_contain_text("Pending")
    page.evaluate("window.notReloaded = true")

    item.locator("button.moderation-approve").click()

    expect(page.locator(".comment-moderation-message")).to_have_text(
        "Comment approved."
    )
    expect(page.locator(f"#comment-{comment.pk}")).not_to_have_class(
        re.compile(r"\bcomment-pending\b")
    )
    assert page.evaluate("window.notReloaded") is True
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    page.screenshot(
        path=os.path.join(screenshot_dir, "moderation-approved-in-place.png"),
        full_page=True,
    )


def test_after_approve_the_message_and_focus_stay_at_the_comment(
    live_server, page: Page, held
):
    post, comment = held
    sign_in_as(post.author, page, live_server)
    page.goto(live_server.url + post.get_absolute_url())
    item = page.locator(f"#comment-{comment.pk}")

    item.locator("button.moderation-approve").focus()
    page.keyboard.press("Enter")

    message = item.locator(".comment-moderation-message")
    expect(message).to_have_text("Comment approved.")
    expect(message).to_be_focused()
    page.keyboard.press("Tab")
    expect(item.locator("button.moderation-spam")).to_be_focused()


def test_remove_in_place_can_be_undone_from_the_keyboard(
    live_server, page: Page, held, screenshot_dir
):
    post, comment = held
    sign_in_as(post.author, page, live_server)
    page.goto(live_server.url + post.get_absolute_url())
    item = page.locator(f"#comment-{comment.pk}")

    item.locator("button.moderation-remove").click()

    expect(item.locator(".comment-moderation-message")).to_have_text(
        "Comment removed. Restore brings it back."
    )
    page.keyboard.press("Tab")
    restore = item.locator("button.moderation-restore")
    expect(restore).to_be_focused()
    page.screenshot(
        path=os.path.join(screenshot_dir, "moderation-removed-in-place.png"),
        full_page=True,
    )
    page.keyboard.press("Enter")

    expect(item.locator(".comment-moderation-message")).to_have_text(
        "Comment restored."
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_comment_marked_as_spam_leaves_the_message_where_it_was(
    live_server, page: Page, held
):
    post, comment = held
    sign_in_as(post.author, page, live_server)
    page.goto(live_server.url + post.get_absolute_url())

    page.locator(f"#comment-{comment.pk} button.moderation-spam").click()

    expect(page.locator(f"#comment-{comment.pk}")).to_have_count(0)
    message = page.locator(".comment-moderation-note .comment-moderation-message")
    expect(message).to_have_text("Comment marked as spam.")
    expect(message).to_be_focused()
    tom = Comment.objects.get(author_name="Tom")
    assert (
        page.evaluate(
            f"document.getElementById('comment-{tom.pk}').nextElementSibling.className"
        )
        == "comment-moderation-note"
    )


def test_without_javascript_the_message_is_shown_at_the_comment(
    live_server, browser, held, screenshot_dir
):
    post, comment = held
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(5_000)
        sign_in_as(post.author, page, live_server)
        page.goto(live_server.url + post.get_absolute_url())
        item = page.locator(f"#comment-{comment.pk}")

        with page.expect_navigation():
            item.locator("button.moderation-approve").click()

        assert page.url.endswith(f"#comment-{comment.pk}")
        expect(item.locator(".comment-moderation-message")).to_have_text(
            "Comment approved."
        )
        expect(page.locator(".messages")).to_have_count(0)
        message = item.locator(".comment-moderation-message")
        box, viewport = message.bounding_box(), page.viewport_size
        assert box is not None and 0 <= box["y"] < viewport["height"]
        page.screenshot(
            path=os.path.join(screenshot_dir, "moderation-approved-without-js.png")
        )
    finally:
        context.close()
