"""Roles in one place: staff make users authors, editors or moderators from the user
admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import AUTHORS, EDITORS, MODERATORS, role_grant, role_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


def run_action(client, action: str, *users):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [u.pk for u in users]},
        follow=True,
    )


@pytest.mark.parametrize(
    ("action", "group"),
    [
        ("grant_authors", AUTHORS),
        ("grant_editors", EDITORS),
        ("grant_moderators", MODERATORS),
    ],
)
def test_an_admin_action_gives_the_role_and_the_admin(admin_client, action, group):
    reader = UserFactory(username="rita")

    response = run_action(admin_client, action, reader)

    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.groups.filter(name=group).exists()
    assert reader.is_staff
    assert "1 user changed" in response.content.decode()


def test_the_moderators_group_is_made_when_missing():
    Group.objects.filter(name=MODERATORS).delete()
    reader = UserFactory()

    role_grant(user=reader, role=MODERATORS)

    assert list(reader.groups.values_list("name", flat=True)) == [MODERATORS]


def test_the_existing_authors_group_is_reused():
    group = Group.objects.get(name=AUTHORS)

    role_grant(user=UserFactory(), role=AUTHORS)

    assert Group.objects.filter(name=AUTHORS).count() == 1
    assert group.user_set.count() == 1


def test_taking_the_last_role_away_leaves_the_admin(admin_client):
    reader = UserFactory(username="rita")
    role_grant(user=reader, role=AUTHORS)

    run_action(admin_client, "revoke_authors", reader)

    reader.refresh_from_db()
    assert not reader.groups.exists()
    assert not reader.is_staff


def test_taking_the_editor_role_away_leaves_the_admin(admin_client):
    reader = UserFactory(username="rita")
    role_grant(user=reader, role=EDITORS)

    run_action(admin_client, "revoke_editors", reader)

    reader.refresh_from_db()
    assert not reader.groups.exists()
    assert not reader.is_staff


def test_a_user_with_another_role_stays_in_the_admin():
    reader = UserFactory()
    role_grant(user=reader, role=AUTHORS)
    role_grant(user=reader, role=MODERATORS)

    role_revoke(user=reader, role=AUTHORS)

    reader.refresh_from_db()
    assert reader.is_staff
    assert list(reader.groups.values_list("name", flat=True)) == [MODERATORS]


def test_the_user_list_shows_each_users_roles(admin_client):
    reader = UserFactory(username="rita")
    role_grant(user=reader, role=MODERATORS)

    html = admin_client.get(CHANGELIST).content.decode()

    assert "Moderators" in html


def test_an_unknown_role_is_a_programming_error():
    with pytest.raises(ValueError):
        role_grant(user=UserFactory(), role="Wizards")
