"""Placeholder for parallel work: the real identicons replace this module at merge."""

from django.templatetags.static import static


def avatar_url(*, email: str, size: int = 48) -> str:
    return static("img/avatar.svg")
