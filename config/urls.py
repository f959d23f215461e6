from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path

from blog.sitemaps import sitemap_index, sitemap_section
from blog.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("comments/", include("comments.urls")),
    path("linkbacks/", include("linkbacks.urls")),
    path("avatars/", include("accounts.urls")),
    path("profile/", include("accounts.profile_urls")),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's).
    path("favicon.ico", lambda request: redirect(static_url("favicon.svg"))),
    path("", include("blog.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
