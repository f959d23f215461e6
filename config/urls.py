from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path

from blog.sitemaps import sitemaps
from blog.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("comments/", include("comments.urls")),
    path("linkbacks/", include("linkbacks.urls")),
    path("avatars/", include("accounts.urls")),
    path("profile/", include("accounts.profile_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's).
    path("favicon.ico", lambda request: redirect(static_url("favicon.svg"))),
    path("", include("blog.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
