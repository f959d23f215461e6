from django.urls import path, register_converter

from . import views


class HexDigestConverter:
    """The 32 hex digits of an avatar URL (lower case, as avatar_url writes them)."""

    regex = "[0-9a-f]{32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(HexDigestConverter, "digest")

app_name = "accounts"

urlpatterns = [
    path("<digest:digest>/<int:size>.png", views.avatar, name="avatar"),
]
