"""The admin's comment list in a real browser: what waits first, and it fits."""

import os

import pytest
from playwright.sync_api import Page, expect

from comments.models import Comment
from tests.comments.helpers import add_comment
from tests.e2e.helpers import roles_restore
from tests.e2e.test_moderation import sign_in_as
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def moderator(transactional_db):
    from django.contrib.auth.models import Group

    roles_restore()
    user = UserFactory(username="mod", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_a_300_character_word_wraps_inside_the_list_at_1280_px(
    live_server, page: Page, moderator, screenshot_dir
):
    post = PostFactory()
    add_comment(post, "Spammer", body="x" * 300, status=Comment.Status.PENDING)
    add_comment(post, "Ann", body="A short, kind comment.")
    sign_in_as(moderator, page, live_server)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(live_server.url + "/admin/comments/comment/")

    expect(page.locator("#result_list")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    results = page.locator("#changelist .results")
    assert results.evaluate("box => box.scrollWidth <= box.clientWidth")
    first_status = page.locator("#result_list tbody tr td.field-status").first
    expect(first_status).to_have_text("Pending")
    page.screenshot(
        path=os.path.join(screenshot_dir, "admin-comment-list-1280.png"),
        full_page=True,
    )
