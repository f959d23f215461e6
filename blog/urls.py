from django.urls import path

from . import views

app_name = "blog"

urlpatterns = [
    path("", views.post_list, name="post_list"),
    path("<int:year>/<str:month>/<slug:slug>/", views.post_detail, name="post_detail"),
    path("<slug:slug>/", views.page_detail, name="page_detail"),
]
