"""What an author writes, as readers see it in a real browser."""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File
from django.utils import timezone
from PIL import Image as PILImage
from playwright.sync_api import Page, Route, expect

from blog.images import renditions_make
from tests.factories import PostFactory

pytestmark = pytest.mark.e2e


def jpeg(size) -> io.BytesIO:
    out = io.BytesIO()
    PILImage.new("RGB", size, (30, 120, 200)).save(out, format="JPEG")
    out.seek(0)
    return out


def serve_media(page: Page) -> None:
    """Media files from MEDIA_ROOT, as the production web server serves them (the
    test server serves static files only)."""

    def answer(route: Route) -> None:
        name = route.request.url.split(settings.MEDIA_URL, 1)[1]
        route.fulfill(path=str(Path(settings.MEDIA_ROOT) / name))

    page.route(f"**{settings.MEDIA_URL}**", answer)


def test_a_portrait_cover_stays_within_most_of_the_screen(
    live_server, page: Page, transactional_db, screenshot_dir
):
    post = PostFactory(published_at=timezone.now(), cover_alt="A tall tower")
    post.cover_image.save("tower.jpg", File(jpeg((800, 1600))), save=False)
    post.cover_renditions = renditions_make(post.cover_image)
    post.save()
    serve_media(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(live_server.url + post.get_absolute_url())

    cover = page.locator(".post-cover img")
    expect(cover).to_have_js_property("complete", True)
    box = cover.bounding_box()
    assert box["height"] <= 0.7 * 900
    assert abs(box["width"] / box["height"] - 0.5) < 0.01  # not stretched
    page.screenshot(path=os.path.join(screenshot_dir, "post-portrait-cover.png"))


def test_a_right_aligned_table_column_is_shown_right_aligned(
    live_server, page: Page, transactional_db
):
    post = PostFactory(
        published_at=timezone.now(),
        body="| Item | Price |\n|:-----|------:|\n| Tea | 3.50 |\n| Cake | 12.00 |",
    )

    page.goto(live_server.url + post.get_absolute_url())

    price = page.locator(".entry-content td").nth(1)
    assert price.evaluate("cell => getComputedStyle(cell).textAlign") == "right"
    item = page.locator(".entry-content td").nth(0)
    assert item.evaluate("cell => getComputedStyle(cell).textAlign") == "left"
