"""Personal data: the JSON download, and deleting an account without losing replies."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from blog.models import Post
from comments.actions import Action, comment_delete_logged, comment_moderation_apply
from comments.models import Comment, ModerationLog
from comments.services import comment_approve
from tests.comments.helpers import assert_thread, make_comment
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("profile:export")
DELETE_URL = reverse("profile:delete")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def rita(client):
    user = UserFactory(
        username="rita",
        email="rita@example.test",
        display_name="Rita Reader",
        website="https://rita.example/",
    )
    client.force_login(user)
    return user


@pytest.fixture
def post(db):
    return PostFactory(title="Real Relationships")


def approved(comment):
    return comment_approve(comment=comment)


# Download my data


def test_the_export_holds_the_account_and_its_addresses(client, rita):
    EmailAddress.objects.create(
        user=rita, email="rita@example.test", verified=True, primary=True
    )

    response = client.get(EXPORT_URL)

    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "rita"
    assert data["account"]["display_name"] == "Rita Reader"
    assert data["account"]["website"] == "https://rita.example/"
    assert data["email_addresses"] == [
        {"email": "rita@example.test", "verified": True, "primary": True}
    ]
    assert "password" not in data["account"]


def test_the_export_lists_social_accounts_without_tokens(client, rita):
    account = SocialAccount.objects.create(user=rita, provider="github", uid="42")
    app = SocialApp.objects.create(
        provider="github", name="GH", client_id="c", secret="s"
    )
    SocialToken.objects.create(app=app, account=account, token="SECRET-TOKEN")

    response = client.get(EXPORT_URL)

    assert json.loads(response.content)["social_accounts"] == [
        {"provider": "github", "uid": "42"}
    ]
    assert b"SECRET-TOKEN" not in response.content
    assert b'"secret"' not in response.content


def test_the_export_holds_every_comment_with_its_post_status_and_ip(client, rita, post):
    mine = make_comment(
        post, user=rita, name="Rita", body="My words.", ip_address="192.0.2.7"
    )
    make_comment(post, name="Tom", body="Not mine.")

    data = json.loads(client.get(EXPORT_URL).content)

    (comment,) = data["comments"]
    assert comment["id"] == mine.pk
    assert comment["post"] == "Real Relationships"
    assert comment["post_url"].endswith(post.get_absolute_url())
    assert comment["body"] == "My words."
    assert comment["status"] == "pending"
    assert comment["ip_address"] == "192.0.2.7"
    assert comment["created_at"] == mine.created_at.isoformat()


def test_the_export_needs_a_signed_in_reader(client):
    assert client.get(EXPORT_URL).status_code == 302


# Delete my account


def delete(client, *, comments="keep", **extra):
    data = {"comments": comments, "password": PASSWORD, "confirm": "on", **extra}
    return client.post(DELETE_URL, data)


def test_deleting_needs_the_password(client, rita):
    response = delete(client, password="wrong")

    assert response.status_code == 400
    assert User.objects.filter(pk=rita.pk).exists()


def test_deleting_needs_the_confirmation(client, rita):
    response = delete(client, confirm="")

    assert response.status_code == 400
    assert User.objects.filter(pk=rita.pk).exists()


def test_an_account_without_a_password_is_deleted_with_the_confirmation(client):
    user = UserFactory(password=None)
    user.set_unusable_password()
    user.save()
    client.force_login(user)

    response = client.post(DELETE_URL, {"comments": "keep", "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_deleting_signs_out_and_removes_social_accounts_and_addresses(client, rita):
    SocialAccount.objects.create(user=rita, provider="github", uid="42")
    EmailAddress.objects.create(user=rita, email="rita@example.test", verified=True)

    response = delete(client)

    assert response.status_code == 302
    assert not User.objects.filter(pk=rita.pk).exists()
    assert not SocialAccount.objects.exists()
    assert not EmailAddress.objects.exists()
    assert "_auth_user_id" not in client.session


def thread_with_replies(post, rita):
    """Rita's comment with Tom's reply, Rita's answer, and Ann's reply to that."""
    top = approved(make_comment(post, user=rita, name="Rita"))
    tom = approved(make_comment(post, parent=top, name="Tom"))
    answer = approved(make_comment(post, parent=tom, user=rita, name="Rita"))
    approved(make_comment(post, parent=answer, name="Ann"))
    alone = approved(
        make_comment(post, user=rita, name="Rita", body="Nobody answered.")
    )
    return top, alone


def test_kept_comments_stay_as_from_a_deleted_user_with_no_personal_data(
    client, rita, post
):
    top, _alone = thread_with_replies(post, rita)
    Comment.objects.filter(user=rita).update(ip_address="192.0.2.7", user_agent="UA")

    delete(client, comments="keep")

    assert_thread(
        post,
        """
        A deleted user
          Tom
            A deleted user
              Ann
        A deleted user
        """,
    )
    top.refresh_from_db()
    assert (top.user, top.author_email, top.author_url) == (None, "", "")
    assert (top.ip_address, top.user_agent) == (None, "")
    assert "A deleted user" in top.html
    assert "Rita Reader" not in top.html
    assert Post.objects.get(pk=post.pk).comment_count == 5


def test_erased_comments_leave_placeholders_above_replies_by_others(client, rita, post):
    top, alone = thread_with_replies(post, rita)

    delete(client, comments="remove")

    assert not Comment.objects.filter(pk=alone.pk).exists()
    top.refresh_from_db()
    assert top.status == Comment.Status.REMOVED
    assert (top.user, top.author_email, top.ip_address) == (None, "", None)
    assert set(
        Comment.objects.exclude(status=Comment.Status.REMOVED).values_list(
            "author_name", flat=True
        )
    ) == {"Tom", "Ann"}
    assert Comment.objects.filter(status=Comment.Status.REMOVED).count() == 2
    assert Post.objects.get(pk=post.pk).comment_count == 2


def test_erased_comments_keep_no_text_and_nothing_to_restore(client, rita, post):
    top, _alone = thread_with_replies(post, rita)

    delete(client, comments="remove")

    top.refresh_from_db()
    assert (top.body, top.body_html, top.author_name, top.user_agent) == ("",) * 4
    assert not top.is_restorable
    assert "Rita" not in top.html


def test_erasure_wipes_the_logs_excerpts_and_copies(client, rita, post):
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    top, _alone = thread_with_replies(post, rita)
    comment_moderation_apply(comment=top, action=Action.SPAM, moderator=moderator)
    gone = approved(make_comment(post, user=rita, name="Rita", body="Gone words."))
    comment_delete_logged(comment=gone, moderator=moderator)

    delete(client, comments="remove")

    personal = ["author_name", "author_email", "author_url", "ip_address", "body"]
    for entry in ModerationLog.objects.all():
        assert entry.comment_excerpt == ""
        copy = entry.deleted_copy or {}
        assert [copy.get(key) for key in personal] == [None] * len(personal)


def test_removing_comments_no_one_answered_leaves_nothing(client, rita, post):
    top = approved(make_comment(post, user=rita, name="Rita"))
    approved(make_comment(post, parent=top, user=rita, name="Rita"))

    delete(client, comments="remove")

    assert not Comment.objects.exists()
    assert Post.objects.get(pk=post.pk).comment_count == 0


def test_an_author_of_posts_is_told_to_ask_an_administrator(client, rita):
    PostFactory(author=rita)

    response = delete(client)

    assert response.status_code == 400
    assert "Ask an administrator" in response.content.decode()
    assert User.objects.filter(pk=rita.pk).exists()
