from django.urls import path

from . import drafts, feeds, mail_views, views, writer_views

app_name = "comments"

urlpatterns = [
    path("post/", views.comment_post, name="post"),
    path("sign-in/", drafts.comment_sign_in, name="sign_in"),
    path("<int:pk>/", views.comment_permalink, name="permalink"),
    path("<int:pk>/edit/", writer_views.comment_edit_view, name="edit"),
    path("<int:pk>/delete/", writer_views.comment_delete_view, name="delete"),
    path(
        "<int:pk>/moderate/", mail_views.comment_moderate_view, name="moderate_confirm"
    ),
    path("unsubscribe/<str:token>/", mail_views.unsubscribe_view, name="unsubscribe"),
    path("moderate/", views.comment_moderate, name="moderate"),
    path("feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("feed/<int:post_id>/", feeds.PostCommentsFeed(), name="post_feed"),
]
