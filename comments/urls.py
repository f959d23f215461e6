from django.urls import path

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("post/", views.comment_post, name="post"),
    path("<int:pk>/", views.comment_permalink, name="permalink"),
    path("moderate/", views.comment_moderate, name="moderate"),
    path("feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("feed/<int:post_id>/", feeds.PostCommentsFeed(), name="post_feed"),
]
