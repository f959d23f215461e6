"""sitemap.xml and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import PageFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://blog.example.com"


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{SITEMAP}urlset"
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


def test_sitemap_lists_published_posts_tags_and_pages_absolutely(client):
    post = PostFactory(tags=[TagFactory(name="Life")])
    PageFactory(slug="about")
    locations = sitemap_locations(client)
    assert sorted(locations) == sorted(
        [
            f"https://blog.example.com{post.get_absolute_url()}",
            "https://blog.example.com/tag/life/",
            "https://blog.example.com/about/",
        ]
    )


def test_sitemap_leaves_out_drafts_scheduled_posts_and_unpublished_pages(client):
    secret = TagFactory(name="Secret")
    draft = PostFactory(status=Post.Status.DRAFT, tags=[secret])
    scheduled = PostFactory(
        published_at=timezone.now() + datetime.timedelta(days=1), tags=[secret]
    )
    PageFactory(slug="unfinished", is_published=False)
    locations = " ".join(sitemap_locations(client))
    assert draft.slug not in locations
    assert scheduled.slug not in locations
    assert "/tag/secret/" not in locations
    assert "/unfinished/" not in locations


def test_sitemap_gives_each_post_its_last_change(client):
    PostFactory()
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    assert root.findtext(f"{SITEMAP}url/{SITEMAP}lastmod")


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: https://blog.example.com/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
