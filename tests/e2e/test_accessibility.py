"""axe-core (bundled by axe-playwright-python) finds no violation at all on the
reader's, the signed-in reader's and the moderator's pages, colour contrast
included, in light and dark mode."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.e2e.helpers import demo_load, log_in, shot
from tests.factories import PostFactory

pytestmark = pytest.mark.e2e

SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def demo(transactional_db):
    return demo_load()


def violations(axe: Axe, page: Page) -> list[str]:
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def check(axe, page, live_server, path, scheme, screenshot_dir, name):
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + path)
    shot(page, screenshot_dir, f"a11y-{name}-{scheme}")
    assert violations(axe, page) == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_home_page_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    check(axe, page, live_server, "/", scheme, screenshot_dir, "home")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_post_with_its_thread_and_form_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    path = demo.get_absolute_url()
    check(axe, page, live_server, path, scheme, screenshot_dir, "post")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_login_page_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    check(axe, page, live_server, "/accounts/login/", scheme, screenshot_dir, "login")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_profile_page_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    log_in(page, live_server, "dana", "/profile/")
    check(axe, page, live_server, "/profile/", scheme, screenshot_dir, "profile")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_moderators_view_of_the_thread_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    log_in(page, live_server, "mod", demo.get_absolute_url())
    path = demo.get_absolute_url()
    check(axe, page, live_server, path, scheme, screenshot_dir, "post-moderator")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_signup_page_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    check(axe, page, live_server, "/accounts/signup/", scheme, screenshot_dir, "signup")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_post_with_heading_anchors_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    post = PostFactory(
        title="Headings",
        body="Some words.\n\n## A heading\n\nMore words.\n\n### A smaller one\n\nEnd.",
    )
    path = post.get_absolute_url()
    check(axe, page, live_server, path, scheme, screenshot_dir, "post-headings")
