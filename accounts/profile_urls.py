from django.urls import path

from . import profile

app_name = "profile"

urlpatterns = [
    path("", profile.profile, name="profile"),
    path("my-data.json", profile.profile_export, name="export"),
    path("delete/", profile.profile_delete, name="delete"),
]
