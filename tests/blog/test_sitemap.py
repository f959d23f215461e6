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


def xml(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (our own output)


def index_locations(client) -> list[str]:
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [part.findtext(f"{SITEMAP}loc") for part in root]


def sitemap_locations(client) -> list[str]:
    """Every address of every part the index lists."""
    locations = []
    for part in index_locations(client):
        root = xml(client, part.removeprefix("https://blog.example.com"))
        assert root.tag == f"{SITEMAP}urlset"
        locations += [url.findtext(f"{SITEMAP}loc") for url in root]
    return locations


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
    root = xml(client, "/sitemap-posts.xml")
    assert root.findtext(f"{SITEMAP}url/{SITEMAP}lastmod")


def test_sitemap_is_an_index_of_its_sections_on_the_site_url(client):
    assert index_locations(client) == [
        "https://blog.example.com/sitemap-posts.xml",
        "https://blog.example.com/sitemap-tags.xml",
        "https://blog.example.com/sitemap-pages.xml",
    ]


def test_the_index_gives_a_section_the_last_change_of_its_newest_post(client):
    now = timezone.now()
    older = PostFactory(published_at=now - datetime.timedelta(days=3))
    newest = PostFactory(published_at=now - datetime.timedelta(days=2))
    Post.objects.filter(pk=older.pk).update(updated_at=now - datetime.timedelta(days=3))
    Post.objects.filter(pk=newest.pk).update(
        updated_at=now - datetime.timedelta(hours=2)
    )
    root = xml(client, "/sitemap.xml")

    lastmod = root.findtext(f"{SITEMAP}sitemap/{SITEMAP}lastmod")

    expected = timezone.now() - datetime.timedelta(hours=2)
    assert abs(datetime.datetime.fromisoformat(lastmod) - expected).seconds < 60


def test_a_section_longer_than_its_limit_is_listed_page_by_page(client, monkeypatch):
    from blog.sitemaps import PostSitemap

    monkeypatch.setattr(PostSitemap, "limit", 2)
    posts = [PostFactory() for _ in range(5)]

    parts = index_locations(client)

    section = "https://blog.example.com/sitemap-posts.xml"
    assert parts[:3] == [section, f"{section}?p=2", f"{section}?p=3"]
    assert len(sitemap_locations(client)) == len(posts)


def test_the_index_takes_as_many_queries_for_many_posts_as_for_one(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PostFactory(tags=[TagFactory(name="Life")])
    PageFactory(slug="about")
    with CaptureQueriesContext(connection) as one:
        client.get("/sitemap.xml")
    for _ in range(10):
        PostFactory(tags=[TagFactory()])

    with django_assert_max_num_queries(len(one)):
        client.get("/sitemap.xml")


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: https://blog.example.com/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_a_kept_section_page_costs_one_query_however_many_posts_it_lists(
    client, django_assert_num_queries
):
    for _ in range(5):
        PostFactory()
    sitemap_locations(client)

    with django_assert_num_queries(1):
        assert client.get("/sitemap-posts.xml").status_code == 200


def test_a_kept_section_shows_an_edited_post_at_once(client):
    post = PostFactory(slug="first-name")
    assert any("first-name" in url for url in sitemap_locations(client))

    post.slug = "second-name"
    post.save()

    locations = " ".join(sitemap_locations(client))
    assert "second-name" in locations
    assert "first-name" not in locations


def test_a_kept_section_loses_an_unpublished_post_at_once(client):
    PostFactory(slug="kept")
    gone = PostFactory(slug="soon-a-draft")
    assert len(sitemap_locations(client)) == 2

    Post.objects.filter(pk=gone.pk).update(status=Post.Status.DRAFT)

    assert "soon-a-draft" not in " ".join(sitemap_locations(client))
