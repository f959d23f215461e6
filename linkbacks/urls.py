from django.urls import path

from . import views

app_name = "linkbacks"

urlpatterns = [
    path("webmention/", views.webmention, name="webmention"),
    path("xmlrpc/", views.pingback, name="pingback"),
]
