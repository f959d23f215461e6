"""sitemap.xml: published posts, the tags they carry and published pages."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

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


class TagSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return public_tags().order_by("slug")


class PageSitemap(SiteUrlSitemap):
    def items(self):
        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, page):
        return page.updated_at


sitemaps = {"posts": PostSitemap, "tags": TagSitemap, "pages": PageSitemap}
