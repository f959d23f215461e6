"""Replying in a real browser: the form moves under the comment and back."""

import os

import pytest
from playwright.sync_api import Page, expect

from comments.models import Comment
from tests.comments.helpers import build_thread
from tests.factories import PostFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def discussion(transactional_db, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    post = PostFactory(title="Real Relationships")
    made = build_thread(post, "Tom\n  David\n    Tom#2\nSheema")
    return post, made


def test_reply_moves_the_form_under_the_comment_and_back(
    live_server, page: Page, discussion, screenshot_dir
):
    post, made = discussion
    nested = made["David"]
    page.goto(live_server.url + post.get_absolute_url())
    page.click(f"#div-comment-{nested.pk} a.comment-reply-link")

    moved = page.locator(f"#comment-{nested.pk} > #respond")
    expect(moved).to_be_visible()
    expect(page.locator("#reply-title")).to_contain_text("Leave a Reply to David")
    expect(page.locator("#reply-title bdi")).to_have_text("David")
    expect(page.locator("#id_body")).to_be_focused()
    expect(page.locator("#id_parent_id")).to_have_value(str(nested.pk))

    page.click("#cancel-comment-reply-link")
    expect(moved).to_have_count(0)
    expect(page.locator("#comments > #respond")).to_be_visible()
    expect(page.locator("#id_parent_id")).to_have_value("")
    expect(page.locator("#cancel-comment-reply-link")).to_be_hidden()

    page.click(f"#div-comment-{nested.pk} a.comment-reply-link")
    page.fill("#id_author_name", "Bea")
    page.fill("#id_author_email", "bea@example.test")
    page.fill("#id_body", "Replying from a real browser.")
    page.click("#commentform button[type=submit]")

    reply = Comment.objects.get(body="Replying from a real browser.")
    notice = page.locator(f"#comment-{reply.pk} .comment-awaiting-moderation")
    expect(notice).to_have_text("Your comment is awaiting moderation.")
    assert reply.parent_id == nested.pk
    nested_reply = f"#comment-{nested.pk} > ol.children > #comment-{reply.pk}"
    expect(page.locator(nested_reply)).to_have_count(1)
    page.screenshot(
        path=os.path.join(screenshot_dir, "comment-reply-awaiting.png"), full_page=True
    )


def test_a_guest_replies_from_the_keyboard_in_the_order_the_form_shows(
    live_server, page: Page, discussion
):
    post, made = discussion
    reply_link = page.locator(f"#div-comment-{made['Sheema'].pk} a.comment-reply-link")
    page.goto(live_server.url + post.get_absolute_url())

    reply_link.focus()
    page.keyboard.press("Enter")

    expect(page.locator("#id_body")).to_be_focused()
    for field in ("#id_author_name", "#id_author_email", "#id_author_url"):
        page.keyboard.press("Tab")
        expect(page.locator(field)).to_be_focused()
    boxes = page.locator("#id_body, #id_author_name, #id_author_email, #id_author_url")
    tops = [
        box["y"]
        for box in boxes.evaluate_all("all => all.map(e => e.getBoundingClientRect())")
    ]
    assert tops == sorted(tops)


def test_cancel_reply_gives_the_focus_back_to_the_reply_link(
    live_server, page: Page, discussion
):
    post, made = discussion
    reply_link = page.locator(f"#div-comment-{made['Tom'].pk} a.comment-reply-link")
    page.goto(live_server.url + post.get_absolute_url())
    reply_link.focus()
    page.keyboard.press("Enter")

    page.locator("#cancel-comment-reply-link").focus()
    page.keyboard.press("Enter")

    expect(reply_link).to_be_focused()
