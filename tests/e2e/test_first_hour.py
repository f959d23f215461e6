"""A moderator's and an author's first hour, in a real browser: in through the
site's own Log in, out through the header, a preview that is the post."""

import os

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import PASSWORD, roles_restore
from tests.factories import PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def staff(transactional_db):
    """A moderator and an author whose email nobody ever verified."""
    from django.contrib.auth.models import Group

    roles_restore()
    people = {}
    for username, group in (("mod", "Moderators"), ("dana", "Authors")):
        user = UserFactory(username=username, is_staff=True)
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=group))
        people[username] = user
    return people


def site_log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Site").get_by_role(
        "link", name="Log in"
    ).click()
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator('form[action^="/accounts/login/"] button[type=submit]').click()


def test_a_moderator_logs_in_through_the_site_and_out_through_the_header(
    live_server, page: Page, staff, screenshot_dir
):
    site_log_in(page, live_server, "mod")

    nav = page.get_by_role("navigation", name="Site")
    expect(nav.get_by_role("link", name="Admin")).to_be_visible()
    expect(page.get_by_text("Verify your email address")).to_have_count(0)
    page.screenshot(path=os.path.join(screenshot_dir, "staff-signed-in.png"))
    nav.get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Site").get_by_role(
        "button", name="Log out"
    ).click()

    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(nav.get_by_role("link", name="Sign up")).to_be_visible()


def test_the_header_fits_a_phone_for_a_signed_in_moderator(
    live_server, page: Page, staff, screenshot_dir
):
    page.set_viewport_size({"width": 390, "height": 800})
    site_log_in(page, live_server, "mod")

    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(screenshot_dir, "staff-header-390.png"))


def test_an_authors_preview_is_the_post_in_the_sites_page(
    live_server, page: Page, staff, screenshot_dir
):
    post = PostFactory(
        author=staff["dana"], title="Notes", body="```python\nx = 1\n```"
    )
    site_log_in(page, live_server, "dana")
    page.goto(f"{live_server.url}/admin/blog/post/{post.pk}/change/")
    page.fill("#id_body", "Typed, not saved.\n\n```python\ny = 2\n```")

    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview (opens a new tab)").click()
    preview = opened.value
    preview.wait_for_load_state()

    expect(preview.locator(".site-header")).to_be_visible()
    expect(preview.locator("article.post h1")).to_have_text("Notes")
    expect(preview.locator(".entry-content")).to_contain_text("Typed, not saved.")
    colour = preview.locator(".entry-content .highlight .mi").first.evaluate(
        "span => getComputedStyle(span).color"
    )
    plain = preview.locator(".entry-content p").first.evaluate(
        "p => getComputedStyle(p).color"
    )
    assert colour != plain  # highlighted as the post page highlights it
    preview.screenshot(path=os.path.join(screenshot_dir, "author-preview.png"))


def test_a_page_is_previewed_in_the_sites_page_too(
    live_server, page: Page, transactional_db, screenshot_dir
):
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    boss.set_password(PASSWORD)
    boss.save()
    about = PageFactory(title="About", body="Saved text.")
    site_log_in(page, live_server, "boss")
    page.goto(f"{live_server.url}/admin/blog/page/{about.pk}/change/")
    page.fill("#id_body", "Typed, **not** saved.")

    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview (opens a new tab)").click()
    preview = opened.value
    preview.wait_for_load_state()

    expect(preview.locator(".site-header")).to_be_visible()
    expect(preview.locator(".preview-banner")).to_contain_text("not saved yet")
    expect(preview.locator("article.page h1")).to_have_text("About")
    expect(preview.locator(".entry-content strong")).to_have_text("not")
    preview.screenshot(path=os.path.join(screenshot_dir, "page-preview.png"))
