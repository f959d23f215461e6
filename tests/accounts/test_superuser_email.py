"""An administrator made with `createsuperuser` signs in with a verified email."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_createsuperuser_records_the_email_as_verified_and_primary(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long enough passphrase 42")
    call_command(
        "createsuperuser",
        interactive=False,
        username="root",
        email="root@example.test",
        verbosity=0,
    )

    address = EmailAddress.objects.get(user=User.objects.get(username="root"))
    assert (address.email, address.verified, address.primary) == (
        "root@example.test",
        True,
        True,
    )


def test_a_reader_s_own_account_is_not_verified_by_being_made():
    User.objects.create_user("reader", "reader@example.test", "a passphrase 42")

    assert not EmailAddress.objects.filter(verified=True).exists()
