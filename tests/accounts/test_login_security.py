"""Trust: social logins and existing accounts, redirects, failed-login limits."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import User
from accounts.providers import social_providers_from_env
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
EVIL_TARGETS = ["https://evil.example/", "//evil.example", "/\\evil.example"]


@pytest.fixture
def ada():
    """A local account holding the email the provider will present."""
    user = UserFactory(username="ada-local", email="ada@example.test")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def assert_on_this_site(location):
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"})
    assert "evil.example" not in location


# A social login and an existing account with the same email


def test_an_unverified_email_never_signs_in_to_the_account_holding_it(
    ada, configure_oidc, oidc_provider, sign_in_with_oidc, client
):
    configure_oidc(email_authentication=True)
    oidc_provider.claims["email_verified"] = False

    sign_in_with_oidc()

    assert signed_in_user_id(client) != str(ada.pk)
    assert not SocialAccount.objects.filter(user=ada).exists()


def test_an_unverified_email_leaves_the_account_holding_it_unchanged(
    ada, configure_oidc, oidc_provider, sign_in_with_oidc
):
    configure_oidc(email_authentication=True)
    oidc_provider.claims["email_verified"] = False

    sign_in_with_oidc()

    ada.refresh_from_db()
    assert ada.check_password(PASSWORD)
    assert ada.socialaccount_set.count() == 0


def test_an_unverified_email_creates_no_second_account_and_warns_its_owner(
    ada, configure_oidc, oidc_provider, sign_in_with_oidc, mailoutbox
):
    configure_oidc(email_authentication=True)
    oidc_provider.claims["email_verified"] = False

    response = sign_in_with_oidc()

    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert [message.to for message in mailoutbox] == [["ada@example.test"]]


def test_a_verified_email_from_a_trusted_provider_connects_to_the_account(
    ada, configure_oidc, sign_in_with_oidc, client
):
    configure_oidc(email_authentication=True)

    response = sign_in_with_oidc(next_url="/some/post/")

    assert response["Location"] == "/some/post/"
    assert signed_in_user_id(client) == str(ada.pk)
    assert SocialAccount.objects.get().user == ada


def test_once_connected_the_social_account_signs_in_after_an_email_change(
    ada, configure_oidc, oidc_provider, sign_in_with_oidc, client
):
    configure_oidc(email_authentication=True)
    sign_in_with_oidc()
    client.logout()
    oidc_provider.claims["email"] = "ada@new.example.test"

    sign_in_with_oidc()

    assert signed_in_user_id(client) == str(ada.pk)


def test_a_verified_email_from_an_untrusted_provider_does_not_sign_in_to_the_account(
    ada, configure_oidc, sign_in_with_oidc, client
):
    configure_oidc(email_authentication=False)

    sign_in_with_oidc()

    assert signed_in_user_id(client) != str(ada.pk)
    assert not SocialAccount.objects.filter(user=ada).exists()


def test_an_account_whose_email_was_never_verified_loses_its_password_on_takeover(
    configure_oidc, sign_in_with_oidc
):
    """Someone who signed up with another person's address, never verifying it,
    must not keep a way in once its real owner signs in."""
    squatter = UserFactory(username="squatter", email="ada@example.test")
    EmailAddress.objects.create(user=squatter, email=squatter.email, verified=False)
    configure_oidc(email_authentication=True)

    sign_in_with_oidc()

    squatter.refresh_from_db()
    assert not squatter.has_usable_password()


# Only a real boolean true from the provider counts as a verified email

MISSING = object()
# What a provider may send for `email_verified` other than true, or no claim at all.
NOT_TRUE_CLAIMS = [
    *(
        pytest.param(value, id=repr(value))
        for value in ["false", "true", "False", "0", "1", 1, 0, None, False]
    ),
    pytest.param(MISSING, id="missing"),
]


@pytest.fixture
def claim_email_verified(oidc_provider):
    """Make the provider send `email_verified` as given, or leave it out."""

    def claim(value):
        if value is MISSING:
            del oidc_provider.claims["email_verified"]
        else:
            oidc_provider.claims["email_verified"] = value

    return claim


@pytest.mark.parametrize("claimed", NOT_TRUE_CLAIMS)
def test_an_email_verified_claim_other_than_true_never_signs_in_to_the_account(
    claimed, ada, configure_oidc, claim_email_verified, sign_in_with_oidc, client
):
    configure_oidc(email_authentication=True)
    claim_email_verified(claimed)

    sign_in_with_oidc()

    assert signed_in_user_id(client) != str(ada.pk)
    assert not SocialAccount.objects.filter(user=ada).exists()


@pytest.mark.parametrize("claimed", NOT_TRUE_CLAIMS)
def test_an_email_verified_claim_other_than_true_signs_up_an_unverified_email(
    claimed, configure_oidc, claim_email_verified, sign_in_with_oidc
):
    configure_oidc(email_authentication=True)
    claim_email_verified(claimed)

    response = sign_in_with_oidc()

    assert response["Location"] == reverse("account_email_verification_sent")
    assert not EmailAddress.objects.get(email="ada@example.test").verified


def test_an_email_verified_claim_of_true_signs_up_a_verified_email(
    configure_oidc, claim_email_verified, sign_in_with_oidc
):
    configure_oidc(email_authentication=True)
    claim_email_verified(True)

    response = sign_in_with_oidc(next_url="/some/post/")

    assert response["Location"] == "/some/post/"
    assert EmailAddress.objects.get(email="ada@example.test").verified


# Every next/redirect target stays on this site


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_signing_in_never_redirects_off_site(target, client):
    user = UserFactory()
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )

    response = client.post(
        reverse("account_login"),
        {"login": user.username, "password": PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)
    assert_on_this_site(response["Location"])


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_signing_in_through_the_query_string_never_redirects_off_site(target, client):
    user = UserFactory()
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )

    response = client.post(
        f"{reverse('account_login')}?next={target}",
        {"login": user.username, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert_on_this_site(response["Location"])


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_signing_out_never_redirects_off_site(target, client):
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"), {"next": target})

    assert response.status_code == 302
    assert signed_in_user_id(client) is None
    assert_on_this_site(response["Location"])


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_signing_up_never_redirects_off_site(target, client):
    response = client.post(
        reverse("account_signup"),
        {
            "username": "newcomer",
            "email": "newcomer@example.test",
            "password1": "a long unusual passphrase",
            "password2": "a long unusual passphrase",
            "next": target,
        },
    )

    assert response.status_code == 302
    assert_on_this_site(response["Location"])


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_a_social_sign_in_never_redirects_off_site(target, sign_in_with_oidc, client):
    response = sign_in_with_oidc(next_url=target)

    assert response.status_code == 302
    assert signed_in_user_id(client) is not None
    assert_on_this_site(response["Location"])


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_the_provider_links_on_the_sign_in_page_never_carry_an_off_site_next(
    target, client, settings
):
    settings.SOCIALACCOUNT_PROVIDERS = social_providers_from_env(
        {"GITHUB_CLIENT_ID": "id", "GITHUB_CLIENT_SECRET": "s"}
    )

    response = client.get(reverse("account_login"), {"next": target})

    html = response.content.decode()
    assert 'href="/accounts/github/login/?process=login"' in html
    assert "evil.example" not in html.partition('class="social-login"')[2]


# Failed logins are rate-limited


def failed_login(client, login):
    return client.post(
        reverse("account_login"), {"login": login, "password": "wrong guess"}
    )


def test_after_five_failed_logins_even_the_right_password_is_refused(client):
    user = UserFactory()
    for _attempt in range(5):
        failed_login(client, user.username)

    response = client.post(
        reverse("account_login"), {"login": user.username, "password": PASSWORD}
    )

    assert "Too many failed login attempts. Try again later." in (
        response.content.decode()
    )
    assert signed_in_user_id(client) is None


def test_four_failed_logins_still_let_the_right_password_in(client):
    user = UserFactory()
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    for _attempt in range(4):
        failed_login(client, user.username)

    client.post(
        reverse("account_login"), {"login": user.username, "password": PASSWORD}
    )

    assert signed_in_user_id(client) == str(user.pk)


def test_one_address_is_refused_after_ten_failed_logins_a_minute(client):
    user = UserFactory()
    for attempt in range(10):
        failed_login(client, f"someone{attempt}")

    response = client.post(
        reverse("account_login"), {"login": user.username, "password": PASSWORD}
    )

    assert "Too many failed login attempts" in response.content.decode()
    assert signed_in_user_id(client) is None
