"""axe-core (bundled by axe-playwright-python) finds no violation at all on the
reader's, the signed-in reader's, the moderator's and the author's pages, colour
contrast included, in light and dark mode, and in the states a page reaches (after a
moderation action, a comment held or sent back with its errors)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page, expect

from comments.models import Comment
from tests.comments.helpers import add_comment
from tests.e2e.helpers import ConsoleErrors, demo_load, log_in, shot
from tests.factories import PostFactory

pytestmark = pytest.mark.e2e

SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def demo(transactional_db, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    return demo_load()


def violations(axe: Axe, page: Page, excluded=frozenset()) -> list[str]:
    """axe's violations on the page, but for `excluded`: (rule, element) pairs of
    markup that is Django's own, each listed with its reason."""
    found = []
    for violation in axe.run(page).response["violations"]:
        targets = [
            node["target"][0]
            for node in violation["nodes"]
            if (violation["id"], node["target"][0]) not in excluded
        ]
        if targets:
            found.append(
                f"{violation['id']} ({violation['impact']}): " + "; ".join(targets)
            )
    return found


def check(axe, page, live_server, path, scheme, screenshot_dir, name):
    page.goto(live_server.url + path)
    check_here(axe, page, scheme, screenshot_dir, name)


def check_here(axe, page, scheme, screenshot_dir, name):
    """The page as it is now, in `scheme`."""
    page.emulate_media(color_scheme=scheme)
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


def moderate_first(page: Page, status_class: str, action: str) -> None:
    """Press `action` on the first comment of the page with `status_class`, and
    wait for the message at it."""
    item = page.locator(f"#comments li.{status_class}").first
    item.locator(f"button.moderation-{action}").first.click()
    expect(page.locator(".comment-moderation-message")).to_be_focused()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(
    "status_class, action",
    [("comment-pending", "approve"), ("comment-pending", "spam")],
)
def test_the_thread_after_a_moderation_action_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir, status_class, action
):
    log_in(page, live_server, "mod", demo.get_absolute_url())
    moderate_first(page, status_class, action)
    check_here(axe, page, scheme, screenshot_dir, f"post-after-{action}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_thread_after_remove_with_its_restore_message_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    log_in(page, live_server, "mod", demo.get_absolute_url())
    approved = page.locator("#comments li.comment:not(.comment-pending)").first
    approved.locator("button.moderation-remove").first.click()
    expect(page.locator(".comment-moderation-message")).to_contain_text("Restore")
    check_here(axe, page, scheme, screenshot_dir, "post-after-remove")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_thread_after_remove_without_javascript_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    # The buttons' script is left out: the form posts, the server redirects back
    # to the comment and shows the message there.
    page.route(
        "**/js/comment-moderation.js",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )
    log_in(page, live_server, "mod", demo.get_absolute_url())
    approved = page.locator("#comments li.comment:not(.comment-pending)").first
    with page.expect_navigation():
        approved.locator("button.moderation-remove").first.click()
    expect(page.locator(".comment-moderation-message")).to_contain_text("Restore")
    check_here(axe, page, scheme, screenshot_dir, "post-after-remove-without-js")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_guests_page_with_their_held_comment_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    page.goto(live_server.url + demo.get_absolute_url())
    page.fill("#id_body", "A first comment, held for a moderator.")
    page.fill("#id_author_name", "Quinn Reader")
    page.fill("#id_author_email", "quinn@example.test")
    page.click("#commentform button[type=submit]")
    expect(page.locator(".comment-awaiting-moderation")).to_be_visible()
    check_here(axe, page, scheme, screenshot_dir, "post-held")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_comment_form_sent_back_with_errors_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    page.goto(live_server.url + demo.get_absolute_url())
    # The browser's own checks stopped; the server's answer is what is checked.
    page.evaluate("document.getElementById('commentform').noValidate = true")
    page.fill("#id_body", "Written without a name.")
    with page.expect_navigation():
        page.click("#commentform button[type=submit]")
    expect(page.locator("#commentform .field-error").first).to_be_visible()
    check_here(axe, page, scheme, screenshot_dir, "post-form-errors")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_edit_page_of_ones_own_comment_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    dana = get_user_model().objects.get(username="dana")
    comment = add_comment(demo, "Dana", user=dana)
    log_in(page, live_server, "dana", "/profile/")
    path = reverse("comments:edit", args=[comment.pk])
    check(axe, page, live_server, path, scheme, screenshot_dir, "comment-edit")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("words, name", [("relationships", "found"), ("zqxv", "none")])
def test_the_search_page_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir, words, name
):
    path = f"/search/?q={words}"
    check(axe, page, live_server, path, scheme, screenshot_dir, f"search-{name}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_archive_page_has_no_violation(
    live_server, page: Page, demo, axe, scheme, screenshot_dir
):
    path = reverse("blog:archive_year", args=[demo.published_at.year])
    check(axe, page, live_server, path, scheme, screenshot_dir, "archive-year")


# Django's own markup, which no template or stylesheet of ours makes:
ADMIN_EXCLUDED = frozenset(
    {
        # SelectFilter2.js (the tags' two-list picker) builds a <span> with an
        # aria-label and no role beside each filter box; the box itself is labelled.
        (
            "aria-prohibited-attr",
            'label[for="id_tags_input"] > .help-tooltip.search-label-icon',
        ),
        (
            "aria-prohibited-attr",
            'label[for="id_tags_selected_input"] > .help-tooltip.search-label-icon',
        ),
    }
)

ADMIN_PAGES = {
    "mod": [
        ("/admin/comments/comment/", "comments"),
        ("/admin/comments/comment/{comment}/change/", "comment-change"),
    ],
    "dana": [
        ("/admin/comments/comment/", "comments"),
        ("/admin/blog/post/{post}/change/", "post-change"),
    ],
    "admin": [
        ("/admin/comments/moderationsettings/", "moderation-settings"),
    ],
}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("username", ADMIN_PAGES)
def test_the_admin_pages_of_moderators_and_authors_have_no_violation(
    live_server, browser, demo, axe, scheme, screenshot_dir, username
):
    comment = Comment.objects.filter(post=demo).order_by("pk").first()
    # axe reads the stylesheets a sheet @imports (Django's forms.css imports
    # widgets.css) by adding them to the page as <style>, which the site's CSP
    # refuses: only axe's own additions get past it here.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    try:
        page = context.new_page()
        page.set_default_timeout(5_000)
        errors = ConsoleErrors(page)
        log_in(page, live_server, username, "/admin/")
        found = {}
        for path, name in ADMIN_PAGES[username]:
            page.goto(live_server.url + path.format(comment=comment.pk, post=demo.pk))
            shot(page, screenshot_dir, f"a11y-admin-{username}-{name}-{scheme}")
            found[name] = violations(axe, page, ADMIN_EXCLUDED)
        assert found == {name: [] for _, name in ADMIN_PAGES[username]}
        assert errors.messages == []
    finally:
        context.close()
