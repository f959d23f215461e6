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
