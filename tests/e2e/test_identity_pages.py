"""The comment form and the profile in a real browser, guest and signed in."""

import json
import os

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import Page, expect

from accounts.providers import social_providers_from_env
from comments.models import Comment
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def post(transactional_db, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    oidc = {
        "id": "our-id",
        "name": "Our ID",
        "server_url": "https://id.example",
        "client_id": "c",
        "secret": "s",
    }
    settings.SOCIALACCOUNT_PROVIDERS = social_providers_from_env(
        {
            "GOOGLE_CLIENT_ID": "g",
            "GOOGLE_CLIENT_SECRET": "s",
            "GITHUB_CLIENT_ID": "gh",
            "GITHUB_CLIENT_SECRET": "s",
            "OIDC_PROVIDERS": json.dumps([oidc]),
        }
    )
    return PostFactory(title="Real Relationships")


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )


def test_a_guest_sees_the_providers_and_enter_posts_the_comment(
    live_server, page: Page, post, screenshot_dir
):
    page.goto(live_server.url + post.get_absolute_url() + "#respond")
    buttons = page.locator("#commentform button[name=provider]")
    expect(buttons).to_have_count(3)
    page.locator("#respond").screenshot(
        path=os.path.join(screenshot_dir, "comment-form-guest.png")
    )

    page.fill("#id_body", "Typed, then Enter in a field.")
    page.fill("#id_author_email", "ann@example.test")
    page.fill("#id_author_name", "Ann")
    page.press("#id_author_name", "Enter")

    page.wait_for_url("**/#comment-*")
    assert Comment.objects.get().author_name == "Ann"


def test_a_signed_in_reader_sees_who_they_comment_as(
    live_server, page: Page, post, screenshot_dir
):
    sign_in(page, live_server, UserFactory(display_name="Rita Reader"))

    page.goto(live_server.url + post.get_absolute_url() + "#respond")

    respond = page.locator("#respond")
    expect(respond).to_contain_text("You are commenting using your account.")
    expect(respond.get_by_role("button", name="Log out")).to_be_visible()
    expect(respond.get_by_role("button", name="Change")).to_have_count(0)
    expect(page.locator("#id_author_email")).to_have_count(0)
    respond.screenshot(path=os.path.join(screenshot_dir, "comment-form-signed-in.png"))


def test_the_profile_page_shows_its_sections(
    live_server, page: Page, post, screenshot_dir
):
    user = UserFactory(display_name="Rita Reader", website="https://rita.example/")
    sign_in(page, live_server, user)

    page.goto(live_server.url + "/profile/")

    for heading in ("What readers see", "Sign-in", "Your comments", "Your data"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_label("Display name")).to_have_value("Rita Reader")
    page.screenshot(path=os.path.join(screenshot_dir, "profile.png"), full_page=True)


def test_the_delete_page_asks_what_becomes_of_the_comments(
    live_server, page: Page, post, screenshot_dir
):
    sign_in(page, live_server, UserFactory())

    page.goto(live_server.url + "/profile/delete/")

    keep = page.get_by_label("Keep them, shown as from “a deleted user”")
    expect(keep).to_be_checked()
    expect(page.get_by_label("Password")).to_be_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "profile-delete.png"))


def test_a_guest_using_an_account_email_is_asked_to_log_in(
    live_server, page: Page, post, screenshot_dir
):
    UserFactory(email="rita@example.test")
    page.goto(live_server.url + post.get_absolute_url() + "#respond")

    page.fill("#id_author_name", "Not Rita")
    page.fill("#id_author_email", "rita@example.test")
    page.fill("#id_body", "Kept while I log in.")
    page.click("#submit")

    expect(page.locator("#respond").get_by_role("link", name="Log in")).to_be_visible()
    expect(page.locator("#id_body")).to_have_value("Kept while I log in.")
    assert not Comment.objects.exists()
    page.locator("#respond").screenshot(
        path=os.path.join(screenshot_dir, "comment-form-account-email.png")
    )
