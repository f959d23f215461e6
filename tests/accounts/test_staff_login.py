"""Staff sign in through the site's Log in; accounts staff make count as verified."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factory's


def site_login(client, user):
    return client.post(
        reverse("account_login") + "?next=/profile/",
        {"login": user.username, "password": PASSWORD},
    )


def test_staff_with_an_unverified_email_sign_in_through_the_site(client):
    moderator = UserFactory(is_staff=True, email="mod@example.test")

    response = site_login(client, moderator)

    assert response.status_code == 302
    assert response["Location"] == "/profile/"
    assert client.session["_auth_user_id"] == str(moderator.pk)


def test_a_superuser_without_an_email_signs_in_through_the_site(client):
    admin = UserFactory(is_staff=True, is_superuser=True, email="")

    site_login(client, admin)

    assert client.session["_auth_user_id"] == str(admin.pk)


def test_a_reader_with_an_unverified_email_is_still_asked_to_verify_it(client):
    reader = UserFactory(email="reader@example.test")

    response = site_login(client, reader)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_the_demo_accounts_have_verified_primary_emails():
    call_command("load_demo", stdout=io.StringIO())

    for username in ("admin", "dana", "mod"):
        user = User.objects.get(username=username)
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists()


def test_an_email_staff_give_an_account_in_the_admin_counts_as_verified(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    reader = UserFactory(email="")
    change_url = reverse("admin:accounts_user_change", args=[reader.pk])
    form = client.get(change_url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("groups", "user_permissions")
    }
    data.update(
        email="given@example.test",
        date_joined_0="2026-01-01",
        date_joined_1="00:00:00",
        last_login_0="",
        last_login_1="",
    )

    response = client.post(change_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert EmailAddress.objects.filter(
        user=reader, email="given@example.test", verified=True, primary=True
    ).exists()
