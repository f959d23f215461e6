"""Social sign-in: which providers are offered, and the real flow end to end."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.contrib.sites.models import Site
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from accounts.models import User
from accounts.providers import (
    configured_providers,
    signed_in_with,
    social_providers_from_env,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# provider id -> (environment variable prefix, host of its authorize endpoint)
PROVIDERS = {
    "google": ("GOOGLE", "accounts.google.com"),
    "facebook": ("FACEBOOK", "www.facebook.com"),
    "github": ("GITHUB", "github.com"),
    "wordpress": ("WORDPRESS", "public-api.wordpress.com"),
    "twitter_oauth2": ("TWITTER", "x.com"),
}


def offered(rf_request):
    return {provider.id: provider for provider in configured_providers(rf_request)}


@pytest.fixture
def rf_request():
    return RequestFactory().get("/")


@pytest.fixture
def env_configured(settings):
    def configure(environ):
        settings.SOCIALACCOUNT_PROVIDERS = social_providers_from_env(environ)

    configure({})
    return configure


# Which providers are offered


@pytest.mark.parametrize("provider_id", PROVIDERS)
def test_a_provider_with_credentials_in_the_environment_is_offered(
    provider_id, env_configured, rf_request
):
    prefix, _host = PROVIDERS[provider_id]
    env_configured({f"{prefix}_CLIENT_ID": "id", f"{prefix}_CLIENT_SECRET": "s"})

    provider = offered(rf_request)[provider_id]

    assert provider.login_url == reverse(f"{provider_id}_login")


@pytest.mark.parametrize("provider_id", PROVIDERS)
def test_a_provider_without_credentials_is_not_offered(
    provider_id, env_configured, rf_request
):
    others = {
        f"{prefix}_CLIENT_{part}": "x"
        for other, (prefix, _host) in PROVIDERS.items()
        if other != provider_id
        for part in ("ID", "SECRET")
    }
    env_configured(others)

    assert provider_id not in offered(rf_request)
    assert len(offered(rf_request)) == len(PROVIDERS) - 1


@pytest.mark.parametrize("provider_id", PROVIDERS)
def test_signing_in_with_a_configured_provider_sends_the_reader_to_that_provider(
    provider_id, env_configured, client
):
    prefix, host = PROVIDERS[provider_id]
    env_configured({f"{prefix}_CLIENT_ID": "the-id", f"{prefix}_CLIENT_SECRET": "s"})

    response = client.post(reverse(f"{provider_id}_login") + "?process=login")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc == host
    assert parse_qs(location.query)["client_id"] == ["the-id"]


def test_half_a_credential_pair_is_a_clear_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="GITHUB_CLIENT_SECRET"):
        social_providers_from_env({"GITHUB_CLIENT_ID": "id"})


def test_a_social_application_in_the_admin_is_offered(env_configured, rf_request):
    app = SocialApp.objects.create(
        provider="github", name="GitHub", client_id="id", secret="s"
    )
    app.sites.add(Site.objects.get_current())

    assert offered(rf_request)["github"].login_url == reverse("github_login")


def test_every_openid_connect_provider_in_the_environment_is_offered(
    env_configured, rf_request
):
    entries = [
        {
            "id": slug,
            "name": name,
            "server_url": f"https://{slug}.example",
            "client_id": "id",
            "secret": "s",
        }
        for slug, name in [("social-town", "Social Town"), ("our-id", "Our ID")]
    ]
    env_configured({"OIDC_PROVIDERS": json.dumps(entries)})

    providers = offered(rf_request)

    assert providers["social-town"].name == "Social Town"
    assert providers["social-town"].login_url == "/accounts/oidc/social-town/login/"
    assert providers["our-id"].login_url == "/accounts/oidc/our-id/login/"


def test_an_openid_connect_entry_without_a_server_is_a_clear_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    entry = {"id": "x", "name": "X", "client_id": "id", "secret": "s"}
    with pytest.raises(ImproperlyConfigured, match="server_url"):
        social_providers_from_env({"OIDC_PROVIDERS": json.dumps([entry])})


def test_with_no_provider_configured_the_sign_in_page_offers_none(
    env_configured, client
):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert b"social-login" not in response.content


def test_the_sign_in_page_offers_the_providers_and_keeps_next(env_configured, client):
    env_configured({"GOOGLE_CLIENT_ID": "id", "GOOGLE_CLIENT_SECRET": "s"})

    response = client.get(reverse("account_login"), {"next": "/2026/05/a-post/"})

    assert (
        'href="/accounts/google/login/?process=login&amp;next=%2F2026%2F05%2Fa-post%2F"'
    ) in response.content.decode()


def test_the_partial_lists_providers_with_their_names_and_the_given_next(
    env_configured, rf_request
):
    env_configured(
        {
            "GITHUB_CLIENT_ID": "id",
            "GITHUB_CLIENT_SECRET": "s",
            "TWITTER_CLIENT_ID": "id",
            "TWITTER_CLIENT_SECRET": "s",
        }
    )

    html = render_to_string(
        "includes/social_login.html",
        {
            "social_providers": configured_providers(rf_request),
            "next": "/p/#respond",
        },
    )

    assert "GitHub" in html
    assert "X (Twitter)" in html
    assert "/accounts/github/login/?process=login&amp;next=%2Fp%2F%23respond" in html


# The real flow against the loopback OpenID Connect provider


def test_the_loopback_provider_signs_id_tokens_its_jwks_verifies(oidc_provider):
    token = oidc_provider.id_token({"sub": "x"})

    claims = jwtkit.verify_and_decode(
        credential=token,
        keys_url=f"{oidc_provider.issuer}/jwks",
        issuer=oidc_provider.issuer,
        audience=oidc_provider.client_id,
        lookup_kid=jwtkit.lookup_kid_jwk,
    )

    assert claims["sub"] == "x"


def test_a_first_social_sign_in_creates_the_user_and_returns_to_next(
    sign_in_with_oidc, client
):
    response = sign_in_with_oidc(next_url="/some/post/")

    assert response.status_code == 302
    assert response["Location"] == "/some/post/"
    user = User.objects.get()
    assert int(client.session["_auth_user_id"]) == user.pk
    assert user.get_display_name() == "Ada Lovelace"
    assert user.email == "ada@example.test"
    account = SocialAccount.objects.get()
    assert account.user == user
    assert (account.provider, account.uid) == ("loopback", "ada-1815")


def test_the_provider_verified_email_is_recorded_as_verified(sign_in_with_oidc):
    sign_in_with_oidc()

    assert EmailAddress.objects.get(email="ada@example.test").verified


def test_the_code_is_exchanged_for_tokens_with_the_callback_url(
    sign_in_with_oidc, oidc_provider
):
    sign_in_with_oidc()

    (token_request,) = oidc_provider.token_requests
    assert token_request["redirect_uri"] == (
        "http://testserver/accounts/oidc/loopback/login/callback/"
    )


def test_a_second_sign_in_returns_to_the_same_user(sign_in_with_oidc, client):
    sign_in_with_oidc()
    first = User.objects.get()
    client.logout()

    response = sign_in_with_oidc(next_url="/another/post/")

    assert response["Location"] == "/another/post/"
    assert int(client.session["_auth_user_id"]) == first.pk
    assert User.objects.count() == 1
    assert SocialAccount.objects.count() == 1


def test_a_display_name_comes_from_given_and_family_names_without_name(
    sign_in_with_oidc, oidc_provider
):
    del oidc_provider.claims["name"]
    oidc_provider.claims.update(given_name="Grace", family_name="Hopper")

    sign_in_with_oidc()

    assert User.objects.get().display_name == "Grace Hopper"


def test_a_social_sign_in_with_a_taken_username_gets_a_free_one(sign_in_with_oidc):
    UserFactory(username="ada", email="someone.else@example.test")

    sign_in_with_oidc()

    assert SocialAccount.objects.get().user.username != "ada"


# allauth's pages sit in the site's layout


@pytest.mark.parametrize(
    ("url_name", "signed_in"),
    [
        ("account_login", False),
        ("account_signup", False),
        ("account_reset_password", False),
        ("account_reset_password_done", False),
        ("account_email_verification_sent", False),
        ("account_logout", True),
        ("account_email", True),
        ("socialaccount_connections", True),
    ],
)
def test_account_pages_are_in_the_site_layout(url_name, signed_in, client):
    if signed_in:
        client.force_login(UserFactory())

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assertTemplateUsed(response, "base.html")
    assert '<main id="main-content"' in response.content.decode()


def test_the_provider_confirmation_page_is_in_the_site_layout(env_configured, client):
    env_configured({"GOOGLE_CLIENT_ID": "id", "GOOGLE_CLIENT_SECRET": "s"})

    response = client.get(reverse("google_login"), {"process": "login"})

    assertTemplateUsed(response, "base.html")
    assert "Google" in response.content.decode()


def test_the_connections_page_lists_the_connected_account(sign_in_with_oidc, client):
    sign_in_with_oidc()

    response = client.get(reverse("socialaccount_connections"))

    account = SocialAccount.objects.get()
    assert f'id="id_account_{account.pk}"' in response.content.decode()


# Which account the reader signed in with


def test_after_a_social_sign_in_the_provider_signed_in_with_is_known(
    sign_in_with_oidc, client
):
    sign_in_with_oidc()
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = User.objects.get()

    assert signed_in_with(request) == "Loopback ID"


def test_after_a_password_sign_in_no_provider_is_named(client):
    user = UserFactory()
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    client.post(
        reverse("account_login"),
        {"login": user.username, "password": "correct horse battery staple"},
    )
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user

    assert request.session["_auth_user_id"] == str(user.pk)
    assert signed_in_with(request) is None


# What is taken from each provider


def test_a_wordpress_com_profile_becomes_a_social_login(env_configured, rf_request):
    env_configured({"WORDPRESS_CLIENT_ID": "id", "WORDPRESS_CLIENT_SECRET": "s"})
    provider = get_adapter().get_provider(rf_request, "wordpress")
    me = {
        "ID": 4242,
        "display_name": "Wanda Press",
        "username": "wanda",
        "email": "wanda@example.test",
        "email_verified": True,
        "avatar_URL": "https://gravatar.example/wanda.png",
    }

    login = provider.sociallogin_from_response(rf_request, me)

    assert login.account.uid == "4242"
    assert login.user.display_name == "Wanda Press"
    assert [(e.email, e.verified) for e in login.email_addresses] == [
        ("wanda@example.test", True)
    ]


# A profile from each provider whose email is claimed verified as the string "false".
PROFILES_CLAIMING_FALSE = {
    "github": {
        "id": 4242,
        "login": "octo",
        "emails": [{"email": "o@example.test", "primary": True, "verified": "false"}],
    },
    "wordpress": {"ID": 4242, "email": "o@example.test", "email_verified": "false"},
}


@pytest.mark.parametrize("provider_id", PROFILES_CLAIMING_FALSE)
def test_a_string_claim_of_verified_is_not_taken_for_true_from_any_provider(
    provider_id, env_configured, rf_request
):
    prefix, _host = PROVIDERS[provider_id]
    env_configured({f"{prefix}_CLIENT_ID": "id", f"{prefix}_CLIENT_SECRET": "s"})
    provider = get_adapter().get_provider(rf_request, provider_id)

    login = provider.sociallogin_from_response(
        rf_request, PROFILES_CLAIMING_FALSE[provider_id]
    )

    assert [(e.email, e.verified) for e in login.email_addresses] == [
        ("o@example.test", False)
    ]


@pytest.mark.parametrize(
    ("provider_id", "trusted"),
    [
        ("google", True),
        ("github", True),
        ("wordpress", True),
        ("facebook", False),
        ("twitter_oauth2", False),
    ],
)
def test_only_providers_that_verify_emails_may_sign_in_to_an_account_by_email(
    provider_id, trusted, env_configured, rf_request
):
    prefix, _host = PROVIDERS[provider_id]
    env_configured({f"{prefix}_CLIENT_ID": "id", f"{prefix}_CLIENT_SECRET": "s"})
    provider = get_adapter().get_provider(rf_request, provider_id)
    account = SocialAccount(provider=provider_id, uid="1")
    login = SocialLogin(account=account, user=User(), provider=provider)

    allowed = get_adapter().can_authenticate_by_email(login, "a@example.test")

    assert allowed is trusted


def test_a_provider_that_gives_no_email_asks_for_one_before_signing_up(
    sign_in_with_oidc, oidc_provider, client
):
    del oidc_provider.claims["email"]
    del oidc_provider.claims["email_verified"]

    response = sign_in_with_oidc()

    assert response["Location"] == reverse("socialaccount_signup")
    assert not User.objects.exists()
    page = client.get(response["Location"])
    assert 'name="email"' in page.content.decode()


def test_a_display_name_from_a_provider_is_made_one_line(
    sign_in_with_oidc, oidc_provider
):
    oidc_provider.claims["name"] = "Ada\r\n\u202eLovelace\x1b"

    sign_in_with_oidc()

    assert User.objects.get().display_name == "Ada Lovelace"
