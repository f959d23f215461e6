"""accounts.queries states rules of the ORM again in SQL: each must give the same
answers as the QuerySet it mirrors."""

import pytest
from allauth.account.models import EmailAddress
from django.db.models import Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact

from accounts import queries
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ASKED = [
    "rita@example.test",
    "RITA@Example.TEST",
    "sam@example.test",
    "Sam@example.test",
    "rit_@example.test",
    "r%@example.test",
    "%",
    "_",
    "nobody@example.test",
    "rita@example.test ",
    "",
]


def orm_email_is_registered(email: str) -> bool:
    same = Exact(Upper("email"), Upper(Value(email)))
    users = User.objects.filter(same).values("pk")
    addresses = EmailAddress.objects.filter(same).values("user_id")
    return users.union(addresses, all=True).exists()


@pytest.fixture
def accounts():
    """An account with its own address, another with a secondary allauth address,
    and one with none."""
    UserFactory(email="rita@example.test")
    EmailAddress.objects.create(
        user=UserFactory(email="sami@example.test"),
        email="Sam@Example.test",
        verified=False,
        primary=False,
    )
    UserFactory(email="")


@pytest.mark.parametrize("email", ASKED)
def test_email_is_registered_answers_as_the_orm_union(accounts, email):
    expected = bool(email) and orm_email_is_registered(email)

    assert queries.email_is_registered(email) is expected


def test_both_kinds_of_registered_address_are_among_the_cases(accounts):
    answers = {email: queries.email_is_registered(email) for email in ASKED}

    assert answers["RITA@Example.TEST"] and answers["sam@example.test"]
    assert not answers["r%@example.test"] and not answers[""]
