from django.urls import path, register_converter

from . import feeds, views


class FourDigitYearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class TwoDigitMonthConverter:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):02d}"


register_converter(FourDigitYearConverter, "yyyy")
register_converter(TwoDigitMonthConverter, "mm")

app_name = "blog"

urlpatterns = [
    # First: the address most read, and no other pattern here can match it.
    path("<yyyy:year>/<mm:month>/<slug:slug>/", views.post_detail, name="post_detail"),
    path("", views.post_list, name="post_list"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    path("search/", views.search, name="search"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tag/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("author/<str:username>/", views.author_detail, name="author_detail"),
    path("<yyyy:year>/", views.PostYearArchiveView.as_view(), name="archive_year"),
    path(
        "<yyyy:year>/<mm:month>/",
        views.PostMonthArchiveView.as_view(),
        name="archive_month",
    ),
    path("<slug:slug>/", views.page_detail, name="page_detail"),
]
