"""The comment form and identity: sign in from the form and keep the draft, comment
as the account, and the guest-email rule."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.avatars import avatar_url
from accounts.queries import email_is_registered
from comments.drafts import DRAFT_SESSION_KEY
from comments.models import Comment
from tests.accounts.oidc_provider import OIDC_ID
from tests.comments.helpers import make_comment, old_timestamp
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN_URL = reverse("comments:sign_in")
POST_URL = reverse("comments:post")


@pytest.fixture
def post(db):
    return PostFactory(title="Real Relationships")


def draft(post, **overrides) -> dict:
    data = {
        "author_name": "Ann Example",
        "author_email": "ann@example.test",
        "author_url": "https://ann.example/",
        "body": "Half a thought, typed before signing in.",
        "post_id": post.pk,
        "parent_id": "",
        "timestamp": old_timestamp(post),
        "url_confirm": "",
        "provider": OIDC_ID,
    }
    data.update(overrides)
    return data


def follow_provider(client, location: str):
    """From allauth's sign-in page (where comments:sign_in sent us), through the
    loopback provider, to allauth's callback; returns the callback's response."""
    confirmation = client.get(location)
    assert confirmation.status_code == 200
    to_provider = client.post(location)
    assert to_provider.status_code == 302
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=5)
    callback = urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def field_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return unescape(match.group(1)) if match else ""


def textarea(html: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    return unescape(match.group(1)).strip() if match else ""


# The guest form offers the providers


def test_the_guest_form_offers_each_provider_as_a_submit_button(
    client, post, configure_oidc
):
    html = client.get(post.get_absolute_url()).content.decode()

    button = re.search(r'<button type="submit" name="provider"[^>]*>', html).group(0)
    assert f'value="{OIDC_ID}"' in button
    assert f'formaction="{SIGN_IN_URL}"' in button
    assert "formnovalidate" in button
    assert "Loopback ID" in html


def test_without_providers_the_form_offers_no_sign_in_buttons(client, post, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}

    html = client.get(post.get_absolute_url()).content.decode()

    assert 'name="provider"' not in html


def test_enter_in_a_field_posts_the_comment_not_a_sign_in(client, post, configure_oidc):
    html = client.get(post.get_absolute_url()).content.decode()
    form = html[html.index('id="commentform"') :]

    first_submit = re.search(r'<(?:button|input)[^>]*type="submit"[^>]*>', form)
    assert "formaction" not in first_submit.group(0)


# Signing in keeps the draft


def test_a_provider_button_keeps_the_draft_and_goes_to_the_provider(
    client, post, configure_oidc
):
    response = client.post(SIGN_IN_URL, draft(post))

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == f"/accounts/oidc/{OIDC_ID}/login/"
    assert parse_qs(location.query)["next"] == [f"{post.get_absolute_url()}#respond"]
    assert client.session[DRAFT_SESSION_KEY]["body"] == draft(post)["body"]


def test_a_reply_draft_comes_back_to_the_reply_form(client, post, configure_oidc):
    parent = make_comment(post, name="Tom")
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.APPROVED)

    response = client.post(SIGN_IN_URL, draft(post, parent_id=parent.pk))

    next_url = parse_qs(urlsplit(response["Location"]).query)["next"][0]
    assert next_url == f"{post.get_absolute_url()}?replytocom={parent.pk}#respond"


def test_an_unknown_provider_is_not_found(client, post, configure_oidc):
    response = client.post(SIGN_IN_URL, draft(post, provider="nowhere"))

    assert response.status_code == 404
    assert DRAFT_SESSION_KEY not in client.session


def test_the_draft_fills_the_form_once(client, post, configure_oidc):
    client.post(SIGN_IN_URL, draft(post))

    first = client.get(post.get_absolute_url()).content.decode()
    second = client.get(post.get_absolute_url()).content.decode()

    assert textarea(first, "body") == "Half a thought, typed before signing in."
    assert field_value(first, "author_name") == "Ann Example"
    assert textarea(second, "body") == ""


def test_a_draft_for_another_post_stays_out_of_this_form(client, post, configure_oidc):
    client.post(SIGN_IN_URL, draft(post))
    other = PostFactory(title="Another post")

    html = client.get(other.get_absolute_url()).content.decode()

    assert textarea(html, "body") == ""


def test_the_whole_way_through_the_provider_and_back_to_a_stored_comment(
    client, post, configure_oidc
):
    client.get(post.get_absolute_url())
    to_login = client.post(SIGN_IN_URL, draft(post))

    callback = follow_provider(client, to_login["Location"])

    assert callback.status_code == 302
    assert callback["Location"] == f"{post.get_absolute_url()}#respond"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "You are commenting using your Loopback ID account." in page
    assert 'name="author_email"' not in page
    body = textarea(page, "body")
    assert body == "Half a thought, typed before signing in."

    client.post(
        POST_URL,
        {
            "body": body + " Now finished.",
            "post_id": post.pk,
            "parent_id": "",
            "timestamp": old_timestamp(post),
            "url_confirm": "",
        },
    )

    comment = Comment.objects.get()
    assert comment.user.email == "ada@example.test"
    assert comment.body == "Half a thought, typed before signing in. Now finished."
    assert "Ada Lovelace" in comment.html


# Signed in


def test_a_password_account_comments_using_your_account(client, post):
    client.force_login(UserFactory(display_name="Rita Reader"))

    html = client.get(post.get_absolute_url()).content.decode()

    assert "You are commenting using your account." in html
    assert "Rita Reader" in html
    assert 'name="author_email"' not in html


def test_log_out_and_change_are_post_forms_back_to_the_post(client, post):
    client.force_login(UserFactory())

    html = client.get(post.get_absolute_url()).content.decode()

    logout = reverse("account_logout")
    forms = re.findall(
        rf'<form method="post" action="{logout}"[^>]*>.*?</form>', html, re.S
    )
    nexts = [
        unescape(re.search(r'name="next" value="([^"]*)"', f).group(1)) for f in forms
    ]
    back = f"{post.get_absolute_url()}#respond"
    assert back in nexts
    login = reverse("account_login")
    assert (
        f"{login}?next={post.get_absolute_url().replace('/', '%2F')}%23respond" in nexts
    )


def test_a_signed_in_comment_shows_the_account_name_website_and_avatar(client, post):
    user = UserFactory(display_name="Rita Reader", website="https://rita.example/")
    client.force_login(user)

    client.post(
        POST_URL,
        {
            "body": "Signed in.",
            "post_id": post.pk,
            "parent_id": "",
            "timestamp": old_timestamp(post),
            "url_confirm": "",
        },
    )

    comment = Comment.objects.get()
    assert comment.user == user
    assert "Rita Reader" in comment.html
    assert 'href="https://rita.example/"' in comment.html
    assert avatar_url(email=user.email) in comment.html


# Trust: a guest may not use an account's email


def guest_post(client, post, **overrides):
    data = draft(post, **overrides)
    del data["provider"]
    return client.post(POST_URL, data)


@pytest.mark.parametrize("email", ["rita@example.test", "RITA@Example.TEST"])
def test_a_guest_with_an_account_email_is_asked_to_log_in(client, post, email):
    UserFactory(email="rita@example.test")

    response = guest_post(client, post, author_email=email, body="Who am I?")

    assert response.status_code == 400
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert "This email address belongs to an account." in html
    assert "please log in to comment with it" in html
    login = reverse("account_login")
    assert (
        f'href="{login}?next={post.get_absolute_url().replace("/", "%2F")}%23respond"'
        in html
    )
    assert textarea(html, "body") == "Who am I?"
    assert field_value(html, "author_name") == "Ann Example"


def test_a_guest_with_a_secondary_address_of_an_account_is_refused(client, post):
    EmailAddress.objects.create(
        user=UserFactory(), email="other@example.test", verified=True, primary=False
    )

    response = guest_post(client, post, author_email="other@example.test")

    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_guest_with_an_unregistered_email_may_comment(client, post):
    UserFactory(email="rita@example.test")

    response = guest_post(client, post, author_email="ann@example.test")

    assert response.status_code == 302
    assert Comment.objects.get().author_email == "ann@example.test"


def test_a_secondary_address_is_registered_whatever_its_case():
    EmailAddress.objects.create(
        user=UserFactory(), email="Other@Example.test", verified=False, primary=False
    )

    assert email_is_registered("OTHER@example.TEST")


@pytest.mark.parametrize(
    "email", ["rit_@example.test", "r%@example.test", "sa_@example.test", "%"]
)
def test_percent_and_underscore_in_an_email_are_not_wildcards(email):
    rita = UserFactory(email="rita@example.test")
    EmailAddress.objects.create(
        user=rita, email="sam@example.test", verified=True, primary=False
    )

    assert not email_is_registered(email)


def test_an_email_with_an_underscore_is_registered_as_it_is():
    UserFactory(email="rita_b@example.test")

    assert email_is_registered("Rita_B@example.test")


def test_no_email_is_registered_even_where_accounts_have_none():
    UserFactory(email="")

    assert not email_is_registered("")


def test_the_providers_are_read_once_then_cached(client, post, configure_oidc):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(post.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        html = client.get(post.get_absolute_url()).content.decode()

    assert "Loopback ID" in html
    assert not [q for q in queries if "socialaccount_socialapp" in q["sql"]]


def test_a_social_application_added_in_the_admin_is_offered_at_once(client, post):
    from allauth.socialaccount.models import SocialApp
    from django.contrib.sites.models import Site

    client.get(post.get_absolute_url())
    app = SocialApp.objects.create(
        provider="github", name="GitHub", client_id="id", secret="s"
    )
    app.sites.add(Site.objects.get_current())

    html = client.get(post.get_absolute_url()).content.decode()

    assert 'value="github"' in html


def test_change_signs_out_then_offers_the_sign_in_page_back_to_the_form(client, post):
    client.force_login(UserFactory())
    back_to_login = (
        f"{reverse('account_login')}?next="
        f"{post.get_absolute_url().replace('/', '%2F')}%23respond"
    )

    response = client.post(reverse("account_logout"), {"next": back_to_login})

    assert response.status_code == 302
    assert response["Location"] == back_to_login
    assert "_auth_user_id" not in client.session
    login_page = client.get(back_to_login)
    assert login_page.status_code == 200
