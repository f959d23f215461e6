"""sitemap.xml: an index of sections (published posts, the tags they carry,
published pages), each in pages of up to 50,000 addresses (`Sitemap.limit`), as
search engines read them. The index costs a few queries whatever the size of the
site: each section's page count and its latest change, as aggregates. A page of
posts or pages is kept in the cache under its section's state (how many items,
the latest change), so it is rendered again only once something in it changed:
every save of a post or page changes its `updated_at`, so the latest change.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap
from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.functions import Greatest
from django.template.response import TemplateResponse
from django.urls import reverse

from .models import Page, Post
from .views import public_tags


class SiteUrlSitemap(Sitemap):
    """Locations on SITE_URL, whatever the Sites framework's domain says."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PostSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Post.objects.published().only("slug", "published_at", "updated_at")

    def lastmod(self, post):
        return max(post.updated_at, post.published_at)

    def get_latest_lastmod(self):
        return self.state()["latest"]

    def state(self) -> dict:
        """How many posts the section lists, and their latest change."""
        latest = Max(Greatest("updated_at", "published_at"))
        return self.items().aggregate(count=Count("pk"), latest=latest)


class TagSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return public_tags().order_by("slug")


class PageSitemap(SiteUrlSitemap):
    def items(self):
        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, page):
        return page.updated_at

    def get_latest_lastmod(self):
        return self.state()["latest"]

    def state(self) -> dict:
        """How many pages the section lists, and their latest change."""
        return self.items().aggregate(count=Count("pk"), latest=Max("updated_at"))


sitemaps = {"posts": PostSitemap, "tags": TagSitemap, "pages": PageSitemap}


def sitemap_index(request):
    """sitemap.xml: where each page of each section is, on SITE_URL."""
    parts = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        location = settings.SITE_URL + reverse(
            "sitemap_section", kwargs={"section": section}
        )
        latest = sitemap.get_latest_lastmod()
        parts.append(SitemapIndexItem(location, latest))
        for page in range(2, sitemap.paginator.num_pages + 1):
            parts.append(SitemapIndexItem(f"{location}?p={page}", latest))
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": parts},
        content_type="application/xml",
    )


def sitemap_section(request, section: str):
    """One page of a section of the sitemap; pages of posts and pages kept in the
    cache until their section changes (tags are few, and a renamed tag would not
    show in any state)."""
    sitemap_class = sitemaps.get(section)
    if not hasattr(sitemap_class, "state"):
        return sitemap(request, sitemaps, section=section)
    state = sitemap_class().state()
    key = ":".join(
        str(part)
        for part in (
            "blog:sitemap",
            section,
            request.GET.get("p", "1")[:10],
            state["count"],
            state["latest"] and state["latest"].timestamp(),
            settings.SITE_URL,
        )
    )
    response = cache.get(key)
    if response is None:
        response = sitemap(request, sitemaps, section=section)
        response.render()
        if response.status_code == 200:
            cache.set(key, response, settings.THREAD_CACHE_SECONDS)
    return response
