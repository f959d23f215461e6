"""The Content Security Policy and the other security headers, and templates that
need no inline script or style to live under it."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from tests.factories import PostFactory

TEMPLATES = Path(django_settings.BASE_DIR) / "templates"
# Emails are read in mail programs, not under the site's CSP, and need inline style.
EMAIL_DIRS = ("email",)


def page_templates():
    return [
        path
        for path in TEMPLATES.rglob("*.html")
        if not set(path.relative_to(TEMPLATES).parts) & set(EMAIL_DIRS)
    ]


@pytest.mark.parametrize("path", page_templates(), ids=lambda p: str(p.name))
def test_templates_have_no_inline_script_style_or_event_handler(path):
    text = path.read_text()
    scripts = re.findall(r"<script\b[^>]*>", text, re.IGNORECASE)
    inline = [
        tag for tag in scripts if "src=" not in tag and "application/ld+json" not in tag
    ]
    assert inline == []
    assert not re.search(r"<style\b", text, re.IGNORECASE)
    assert not re.search(r"\sstyle\s*=", text, re.IGNORECASE)
    assert not re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE)


def policy(response) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in response["Content-Security-Policy"].split(";")
    }


@pytest.fixture
def published(db):
    return PostFactory()


def test_a_page_carries_the_content_security_policy(client, published):
    response = client.get(published.get_absolute_url())
    directives = policy(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert "gravatar" not in directives["img-src"]


@override_settings(DEBUG=False, SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=31536000)
def test_a_page_carries_the_deploy_headers(client, published):
    response = client.get(published.get_absolute_url(), secure=True)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@override_settings(DEBUG=False, SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=31536000)
def test_plain_http_gets_no_hsts(client, published):
    response = client.get(published.get_absolute_url())
    assert "Strict-Transport-Security" not in response


def test_a_configured_provider_is_allowed_as_a_form_target(client, published, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {"APP": {"client_id": "id", "secret": "s"}},
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "idp",
                    "name": "IdP",
                    "client_id": "c",
                    "secret": "s",
                    "settings": {"server_url": "https://id.example.org/realm"},
                }
            ]
        },
    }
    response = client.get(published.get_absolute_url())
    assert policy(response)["form-action"].split() == [
        "'self'",
        "https://github.com",
        "https://id.example.org",
    ]


def test_gravatar_is_allowed_as_an_image_source_only_when_avatars_come_from_it():
    script = (
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    env = {**os.environ, "DEBUG": "1", "AVATAR_GRAVATAR": "1"}
    result = subprocess.run(  # noqa: S603 (a fixed command)
        [sys.executable, "manage.py", "shell", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "https://www.gravatar.com" in result.stdout
