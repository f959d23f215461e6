"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the main thread; Django's ORM in the
# test itself would otherwise refuse to run (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: install Debian's chromium "
        "(.ci/run does) or set CHROMIUM_PATH"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def page(page):
    """The test's page; any console error or uncaught exception on it (a CSP
    violation included) fails the test."""
    from tests.e2e.helpers import ConsoleErrors

    page.set_default_timeout(5_000)
    errors = ConsoleErrors(page)
    yield page
    assert errors.messages == []


@pytest.fixture
def screenshot_dir():
    """Screenshots of every page a browser test visits, kept after the run."""
    path = os.path.join(
        os.path.dirname(__file__), "..", "..", "test-artifacts", "screens"
    )
    os.makedirs(path, exist_ok=True)
    return path
