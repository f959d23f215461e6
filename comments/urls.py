from django.urls import path

from . import drafts, feeds, views

app_name = "comments"

urlpatterns = [
    path("post/", views.comment_post, name="post"),
    path("sign-in/", drafts.comment_sign_in, name="sign_in"),
    path("<int:pk>/", views.comment_permalink, name="permalink"),
    path("feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("feed/<int:post_id>/", feeds.PostCommentsFeed(), name="post_feed"),
]
