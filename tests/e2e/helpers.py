"""Shared helpers of the browser tests: screenshots, console errors, roles, sign-in."""

import importlib
import io
import os
import re

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from playwright.sync_api import Page

from blog.models import Post

DEMO_SLUG = "real-relationships"
PASSWORD = "correct horse battery staple 8"


def shot(page: Page, screenshot_dir: str, name: str) -> None:
    page.screenshot(path=os.path.join(screenshot_dir, f"{name}.png"), full_page=True)


class ConsoleErrors:
    """Every console error and uncaught exception of a page (a CSP violation is a
    console error in Chromium).

    The status of the page's own document is left to the test: a refused form is
    answered 400 on purpose, which Chromium logs as a failed load.
    """

    def __init__(self, page: Page):
        self.page = page
        self.messages: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))

    def _console(self, message) -> None:
        if message.type != "error":
            return
        document = message.location.get("url") == self.page.url
        if document and message.text.startswith("Failed to load resource"):
            return
        self.messages.append(f"console: {message.text} at {message.location}")


def roles_restore() -> None:
    """Make the Authors and Moderators groups again, with their permissions.

    They come from data migrations, which the flush after a transactional test
    undoes; the permissions themselves are made again after each flush.
    """
    for module, app in (
        ("blog.migrations.0002_authors_group", "blog"),
        ("comments.migrations.0005_moderators_group", "comments"),
    ):
        migration = importlib.import_module(module)
        if hasattr(migration, "PERMISSIONS"):
            name = migration.AUTHORS
            codenames = [
                f"{action}_{model}"
                for model, actions in migration.PERMISSIONS.items()
                for action in actions
            ]
        else:
            name, codenames = migration.GROUP, migration.CODENAMES
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app, codename__in=codenames
            )
        )


def demo_load() -> Post:
    """The demo site, with the password PASSWORD for admin, dana and mod."""
    roles_restore()
    call_command("load_demo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(username__in=["admin", "dana", "mod"]):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user,
            email=user.email,
            defaults={"verified": True, "primary": True},
        )
    return Post.objects.get(slug=DEMO_SLUG)


def log_in(page: Page, live_server, username: str, next_url: str = "/") -> None:
    """Sign in through the real login page, as a reader would."""
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator('form[action^="/accounts/login/"] button[type=submit]').click()
    page.wait_for_url(re.compile(re.escape(next_url.split("#")[0]) + "$"))
