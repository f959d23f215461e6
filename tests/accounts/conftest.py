import json
from urllib.parse import urlencode, urlsplit

import pytest
import requests

from accounts.providers import social_providers_from_env
from tests.accounts.oidc_provider import OIDC_ID, LoopbackOIDCProvider


@pytest.fixture
def oidc_provider():
    """A running loopback OpenID Connect provider (see oidc_provider.py)."""
    with LoopbackOIDCProvider() as provider:
        yield provider


@pytest.fixture
def configure_oidc(settings, oidc_provider):
    """Configure the loopback provider the way an operator would, through
    OIDC_PROVIDERS; call it with email_authentication=True to trust its emails."""

    def configure(*, email_authentication=False):
        entry = {
            "id": OIDC_ID,
            "name": "Loopback ID",
            "server_url": oidc_provider.issuer,
            "client_id": oidc_provider.client_id,
            "secret": oidc_provider.secret,
            "email_authentication": email_authentication,
        }
        settings.SOCIALACCOUNT_PROVIDERS = social_providers_from_env(
            {"OIDC_PROVIDERS": json.dumps([entry])}
        )

    configure()
    return configure


@pytest.fixture
def sign_in_with_oidc(client, configure_oidc):
    """Run the whole sign-in through the real views and the real provider, the
    way a browser does, and return the response of allauth's callback."""

    def sign_in(next_url="/some/post/"):
        login_url = f"/accounts/oidc/{OIDC_ID}/login/"
        query = {"process": "login", "next": next_url}
        confirmation = client.get(login_url, query)
        assert confirmation.status_code == 200
        to_provider = client.post(f"{login_url}?{urlencode(query)}")
        assert to_provider.status_code == 302
        back = requests.get(to_provider["Location"], allow_redirects=False, timeout=5)
        assert back.status_code == 302
        callback = urlsplit(back.headers["Location"])
        assert callback.path == f"/accounts/oidc/{OIDC_ID}/login/callback/"
        return client.get(f"{callback.path}?{callback.query}")

    return sign_in
