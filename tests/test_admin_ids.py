"""Ids the admin takes from the request, in every admin: whatever is sent, a
message or a 404, never a 500.

A bulk action's `_selected_action` values went to the database as they came: not a
number, or beyond the column's range (20 digits: SQLite's OverflowError), they
answered 500. Now the admin site (config.admin) gives every model admin, ours and
the libraries', a check: a selection holding anything that is not an id changes
nothing and says so.
"""

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from blog.models import Post, Tag
from comments.models import Comment
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

NOT_IDS = ["abc", "1\x00", "-1", "0", "1.5", "", "99999999999999999999"]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def held_comment():
    return CommentFactory(status=Comment.Status.PENDING)


def comment_unchanged(comment) -> bool:
    comment.refresh_from_db()
    return comment.status == Comment.Status.PENDING


# (list, action, what it acts on, whether that is as it was)
BULK_ACTIONS = {
    "approve comments": (
        "admin:comments_comment_changelist",
        "action_approve",
        held_comment,
        comment_unchanged,
    ),
    "delete posts": (
        "admin:blog_post_changelist",
        "delete_selected",
        PostFactory,
        lambda post: Post.objects.filter(pk=post.pk).exists(),
    ),
    "delete tags": (
        "admin:blog_tag_changelist",
        "delete_selected",
        TagFactory,
        lambda tag: Tag.objects.filter(pk=tag.pk).exists(),
    ),
    "make authors": (
        "admin:accounts_user_changelist",
        "grant_authors",
        UserFactory,
        lambda user: not Group.objects.get(name="Authors").user_set.contains(user),
    ),
}


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize("case", BULK_ACTIONS)
def test_a_bulk_action_on_something_that_is_no_id_changes_nothing_and_says_so(
    superuser_client, case, value
):
    changelist, action, make, unchanged = BULK_ACTIONS[case]
    item = make()
    selected = [str(item.pk), value]
    response = superuser_client.post(
        reverse(changelist),
        {"action": action, helpers.ACTION_CHECKBOX_NAME: selected, "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    assert "No items have been changed." in response.content.decode()
    assert unchanged(item)


def admin_actions() -> list[tuple[str, str]]:
    """(changelist URL, action) for every bulk action of every registered admin."""
    request = RequestFactory().get("/admin/")
    request.user = User(is_staff=True, is_superuser=True, is_active=True)
    found = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        found += [(changelist, name) for name in model_admin.get_actions(request)]
    return found


def test_every_admin_checks_the_ids_of_its_bulk_actions(superuser_client):
    """The libraries' admins too (groups, sites, email addresses, social accounts):
    the admin site adds the check to every admin registered with it."""
    answers = {}
    for changelist, action in admin_actions():
        response = superuser_client.post(
            changelist,
            {"action": action, helpers.ACTION_CHECKBOX_NAME: ["abc"], "index": 0},
        )
        answers[changelist, action] = response.status_code
    assert len(answers) > 10
    assert set(answers.values()) == {302}


def test_a_confirmed_deletion_of_something_that_is_no_id_changes_nothing(
    superuser_client,
):
    post = PostFactory()
    response = superuser_client.post(
        reverse("admin:blog_post_changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            helpers.ACTION_CHECKBOX_NAME: [str(post.pk), "99999999999999999999"],
        },
        follow=True,
    )
    assert "No items have been changed." in response.content.decode()
    assert Post.objects.filter(pk=post.pk).exists()


def test_a_bulk_action_on_real_ids_still_runs(superuser_client):
    held = held_comment()
    superuser_client.post(
        reverse("admin:comments_comment_changelist"),
        {
            "action": "action_approve",
            helpers.ACTION_CHECKBOX_NAME: [str(held.pk)],
            "index": 0,
        },
    )
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED


def object_urls(object_id: str) -> list[str]:
    """Every page of every registered model's admin that names one object."""
    urls = []
    for model in admin.site._registry:
        opts = model._meta
        for view in ("change", "delete", "history", "preview"):
            name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
            try:
                urls.append(reverse(name, args=[object_id]))
            except NoReverseMatch:
                continue  # this admin has no such page
    return urls


@pytest.mark.parametrize("object_id", ["abc", "-1", "99999999999999999999"])
def test_no_admin_page_for_an_id_that_is_no_id_is_an_error(superuser_client, object_id):
    """Not found, sent back to the index with a message, or not allowed."""
    answers = {
        url: superuser_client.get(url).status_code for url in object_urls(object_id)
    }
    assert {url: status for url, status in answers.items() if status >= 500} == {}
    assert set(answers.values()) <= {302, 403, 404}


@pytest.mark.parametrize("object_id", ["abc", "-1", "99999999999999999999"])
def test_the_preview_of_a_post_that_is_no_id_is_not_found(superuser_client, object_id):
    url = reverse("admin:blog_post_preview", args=[object_id])
    assert superuser_client.get(url).status_code == 404
