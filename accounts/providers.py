"""The social sign-in providers this site offers, and where their credentials live.

A provider is offered only when it has credentials, from either source:

- a Social application in the admin (Social accounts > Social applications), or
- environment variables, read once at start-up by `social_providers_from_env()`:

  ============================  ==========================================
  GOOGLE_CLIENT_ID / _SECRET    Google (OAuth client ID, "Web application")
  FACEBOOK_CLIENT_ID / _SECRET  Facebook (App ID and App secret)
  GITHUB_CLIENT_ID / _SECRET    GitHub (OAuth app)
  WORDPRESS_CLIENT_ID / _SECRET WordPress.com (developer.wordpress.com/apps)
  TWITTER_CLIENT_ID / _SECRET   X/Twitter (OAuth 2.0 client ID and secret)
  OIDC_PROVIDERS                any number of OpenID Connect providers
  ============================  ==========================================

  (the full names are GOOGLE_CLIENT_SECRET and so on). OIDC_PROVIDERS is a JSON
  list with one object per provider::

    [{"id": "example-id", "name": "Example ID",
      "server_url": "https://id.example.org",
      "client_id": "colloquy", "secret": "s3cret",
      "email_authentication": false}]

  `id` goes into the URLs (letters, digits, "-" and "_"), `name` is the button's
  label, `server_url` is the issuer (its /.well-known/openid-configuration is
  read). `email_authentication` (optional, default false) lets a login whose
  email this provider reports as verified (`"email_verified": true`, a JSON
  boolean: the strings "true" or "1" do not count, see accounts.adapters) sign
  in to the local account with that email: set it only for a provider that truly
  verifies addresses and whose users cannot claim any address they like.

Configure each provider in one place only: the same provider in both the
environment and the admin is an error when someone signs in with it.

The callback URL to register with a provider is
https://YOUR-SITE/accounts/<provider>/login/callback/ (provider: google,
facebook, github, wordpress, twitter_oauth2), and for an OpenID Connect provider
https://YOUR-SITE/accounts/oidc/<id>/login/callback/.
"""

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Provider id (allauth's) -> environment variable prefix.
ENV_PREFIXES = {
    "google": "GOOGLE",
    "facebook": "FACEBOOK",
    "github": "GITHUB",
    "wordpress": "WORDPRESS",
    "twitter_oauth2": "TWITTER",
}

# Providers that verify email ownership themselves and say so per address: a login
# through them with a verified email may sign in to the local account holding that
# email. Facebook and X give no verified email, so the question never arises. These
# three say "verified" with a JSON boolean from their own servers, and only a real
# true counts (accounts.adapters).
EMAIL_AUTHENTICATION_PROVIDERS = {"google", "github", "wordpress"}

OIDC_KEYS = {"id", "name", "server_url", "client_id", "secret", "email_authentication"}
OIDC_REQUIRED_KEYS = OIDC_KEYS - {"email_authentication"}
OIDC_ID = re.compile(r"^[A-Za-z0-9_-]+$")

# Button label and icon per provider: a letter on the provider's colour.
ICONS = {
    "google": ("G", "#4285f4"),
    "facebook": ("f", "#1877f2"),
    "github": ("GH", "#24292f"),
    "wordpress": ("W", "#21759b"),
    "twitter_oauth2": ("X", "#000000"),
}
OIDC_ICON_COLOUR = "#b5520f"
# The origin of each provider's authorization page (allauth's authorize_url).
ORIGINS = {
    "google": "https://accounts.google.com",
    "facebook": "https://www.facebook.com",
    "github": "https://github.com",
    "wordpress": "https://public-api.wordpress.com",
    "twitter_oauth2": "https://x.com",
}
# A safety net only: saving or deleting a Social application clears the cache.
PROVIDERS_CACHE_SECONDS = 10 * 60
LABELS = {"twitter_oauth2": "X (Twitter)"}


def social_providers_from_env(environ: Mapping[str, str]) -> dict:
    """Build `SOCIALACCOUNT_PROVIDERS` from environment variables (see above)."""
    providers: dict = {}
    for provider, prefix in ENV_PREFIXES.items():
        config: dict = {}
        if provider in EMAIL_AUTHENTICATION_PROVIDERS:
            config["EMAIL_AUTHENTICATION"] = True
        client_id = environ.get(f"{prefix}_CLIENT_ID", "").strip()
        secret = environ.get(f"{prefix}_CLIENT_SECRET", "").strip()
        if client_id and secret:
            config["APP"] = {"client_id": client_id, "secret": secret}
        elif client_id or secret:
            raise ImproperlyConfigured(
                f"Set both {prefix}_CLIENT_ID and {prefix}_CLIENT_SECRET, or neither."
            )
        if config:
            providers[provider] = config
    oidc_apps = _oidc_apps(environ.get("OIDC_PROVIDERS", ""))
    if oidc_apps:
        providers["openid_connect"] = {"APPS": oidc_apps}
    return providers


def _oidc_apps(raw: str) -> list[dict]:
    if not raw.strip():
        return []
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(
            f"OIDC_PROVIDERS is not valid JSON: {error}"
        ) from None
    if not isinstance(entries, list):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of objects.")
    apps = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of objects.")
        unknown = set(entry) - OIDC_KEYS
        missing = OIDC_REQUIRED_KEYS - set(entry)
        if unknown or missing:
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS entry {entry.get('id', '?')!r}: "
                f"missing {sorted(missing)}, unknown {sorted(unknown)}."
            )
        if not OIDC_ID.match(str(entry["id"])):
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS id {entry['id']!r} may hold only letters, digits, "
                '"-" and "_".'
            )
        apps.append(
            {
                "provider_id": entry["id"],
                "name": entry["name"],
                "client_id": entry["client_id"],
                "secret": entry["secret"],
                "settings": {
                    "server_url": entry["server_url"],
                    "email_authentication": bool(
                        entry.get("email_authentication", False)
                    ),
                },
            }
        )
    return apps


@dataclass(frozen=True)
class SocialProvider:
    """One sign-in choice as templates show it.

    `login_url` is a path without query string: add `?process=login&next=...`.
    """

    id: str
    name: str
    login_url: str
    icon_text: str
    icon_colour: str
    # Where its sign-in page is (scheme://host), for the CSP's form-action: the
    # sign-in form posts here and is redirected there (config/csp.py).
    origin: str = ""


# Worked out once: every guest's post page asks for the providers.
@lru_cache(maxsize=1)
def _providers_cache_key() -> str:
    from django.conf import settings

    config = json.dumps(settings.SOCIALACCOUNT_PROVIDERS, sort_keys=True, default=str)
    digest = hashlib.sha256(config.encode()).hexdigest()[:16]
    return f"social-providers:{settings.SITE_ID}:{digest}"


def providers_settings_changed(**kwargs) -> None:
    """The settings the cache key is made of may have changed (signal receiver)."""
    _providers_cache_key.cache_clear()


def providers_cache_clear(**kwargs) -> None:
    """Forget the offered providers: a Social application changed (signal receiver)."""
    from django.core.cache import cache

    cache.delete(_providers_cache_key())


def configured_providers(request) -> list[SocialProvider]:
    """The providers to offer, from the environment and the admin's Social apps.

    Cached, so that every guest's post page does not query the Social apps: a
    change to them in the admin clears it (accounts.apps).
    """
    from django.core.cache import cache

    if hasattr(request, "social_providers_offered"):
        return request.social_providers_offered  # asked before in this request
    key = _providers_cache_key()
    offered = cache.get(key)
    if offered is None:
        offered = _configured_providers(request)
        cache.set(key, offered, timeout=PROVIDERS_CACHE_SECONDS)
    if request is not None:
        request.social_providers_offered = offered  # for the CSP (config/csp.py)
    return offered


def _configured_providers(request) -> list[SocialProvider]:
    from allauth.socialaccount.adapter import get_adapter

    offered = []
    for provider in get_adapter().list_providers(request):
        if provider.id == "openid_connect":
            icon_text, colour = provider.name[:1].upper() or "?", OIDC_ICON_COLOUR
            server = urlsplit(provider.app.settings.get("server_url", ""))
            origin = f"{server.scheme}://{server.netloc}" if server.netloc else ""
        else:
            icon_text, colour = ICONS.get(provider.id, (provider.name[:1], "#555555"))
            origin = ORIGINS.get(provider.id, "")
        offered.append(
            SocialProvider(
                id=provider.sub_id,
                name=LABELS.get(provider.id, provider.name),
                login_url=provider.get_login_url(request),
                icon_text=icon_text,
                icon_colour=colour,
                origin=origin,
            )
        )
    return offered


def signed_in_with(request) -> str | None:
    """The name of the provider the reader signed in with in this session
    ("Google", "X (Twitter)", an OpenID Connect provider's name), or None when
    they signed in with a password, are not signed in, or the provider is no
    longer configured. For "You are commenting using your Google account"."""
    from allauth.account.authentication import get_authentication_records
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.models import SocialApp

    records = get_authentication_records(request, request.user)
    social = [r for r in records if r.get("method") == "socialaccount"]
    if not request.user.is_authenticated or not social:
        return None
    try:
        provider = get_adapter().get_provider(request, social[-1]["provider"])
    except SocialApp.DoesNotExist:
        return None
    return LABELS.get(provider.id, provider.name)
