"""Drafts and scheduled posts: previews for their author, editors and superusers,
404 for everyone else (other authors too), absent from every list until their time
comes."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.providers import social_providers_from_env
from accounts.roles import AUTHORS, EDITORS, role_grant
from blog.models import Post
from comments.models import Comment
from tests.comments.helpers import POST_URL, form_data
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

PREVIEW = "Preview: this post is not public."
NOW = timezone.make_aware(datetime.datetime(2026, 3, 10, 12, 0))
TOMORROW = NOW + datetime.timedelta(days=1)


@pytest.fixture
def author():
    return UserFactory(username="ann")


@pytest.fixture
def draft(author):
    return PostFactory(
        title="Secret draft",
        author=author,
        status=Post.Status.DRAFT,
        tags=[TagFactory(name="life")],
        published_at=NOW - datetime.timedelta(days=1),
    )


@pytest.fixture
def scheduled(author):
    return PostFactory(
        title="Scheduled post",
        author=author,
        tags=[TagFactory(name="life")],
        published_at=TOMORROW,
    )


@pytest.fixture
def another_author():
    """An author as the role makes one (staff, may change posts), not the post's."""
    user = UserFactory(username="bob")
    role_grant(user=user, role=AUTHORS)
    return user


@pytest.fixture
def editor():
    user = UserFactory(username="editor")
    role_grant(user=user, role=EDITORS)
    return user


@pytest.fixture
def superuser():
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def published(author):
    """A public post, so that lists, feeds and archives exist."""
    return PostFactory(
        title="Public post",
        author=author,
        tags=[TagFactory(name="life")],
        published_at=NOW - datetime.timedelta(days=2),
    )


@pytest.mark.parametrize("post_fixture", ["draft", "scheduled"])
def test_hidden_posts_are_not_found_for_anonymous_readers(
    client, request, post_fixture
):
    post = request.getfixturevalue(post_fixture)
    assert client.get(post.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("post_fixture", ["draft", "scheduled"])
def test_hidden_posts_are_not_found_for_other_signed_in_readers(
    client, request, post_fixture
):
    post = request.getfixturevalue(post_fixture)
    client.force_login(UserFactory(username="bob"))
    assert client.get(post.get_absolute_url()).status_code == 404


def test_staff_without_a_role_cannot_preview(client, draft):
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("post_fixture", ["draft", "scheduled"])
def test_another_author_does_not_find_a_hidden_post(
    client, request, another_author, post_fixture
):
    post = request.getfixturevalue(post_fixture)
    client.force_login(another_author)
    assert client.get(post.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("viewer", ["author", "editor", "superuser"])
@pytest.mark.parametrize("post_fixture", ["draft", "scheduled"])
def test_a_hidden_post_is_previewed_under_a_banner_by(
    client, request, viewer, post_fixture
):
    post = request.getfixturevalue(post_fixture)
    client.force_login(request.getfixturevalue(viewer))
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert PREVIEW in response.content.decode()


def test_a_preview_is_not_cached_and_not_indexed(client, author, draft):
    client.force_login(author)
    response = client.get(draft.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_a_public_post_has_no_preview_banner(client, author, published):
    client.force_login(author)
    assert PREVIEW not in client.get(published.get_absolute_url()).content.decode()


def test_a_scheduled_post_appears_by_itself_when_its_time_comes(client, scheduled):
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert "Scheduled post" not in client.get("/").content.decode()
    with time_machine.travel(TOMORROW + datetime.timedelta(minutes=1), tick=False):
        assert client.get(scheduled.get_absolute_url()).status_code == 200
        assert "Scheduled post" in client.get("/").content.decode()
        assert "Scheduled post" in client.get("/feed/").content.decode()
        assert "Scheduled post" in client.get("/2026/03/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/tag/life/",
        "/author/ann/",
        "/2026/",
        "/2026/03/",
        "/search/?q=post",
        "/feed/",
        "/feed/atom/",
        "/tag/life/feed/",
        "/tag/life/feed/atom/",
        "/sitemap-posts.xml",
    ],
)
@pytest.mark.parametrize("viewer", ["author", "another_author", "editor"])
def test_drafts_and_scheduled_posts_are_in_no_list(
    client, request, viewer, published, draft, scheduled, url
):
    # Even those who may preview them find them only at their own address.
    client.force_login(request.getfixturevalue(viewer))
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Public post" in content or published.slug in content
    assert "Secret draft" not in content
    assert draft.slug not in content
    assert "Scheduled post" not in content
    assert scheduled.slug not in content


def test_a_drafts_neighbours_are_public_posts_only(client, author, published, draft):
    other_draft = PostFactory(
        title="Other draft",
        author=author,
        status=Post.Status.DRAFT,
        published_at=NOW - datetime.timedelta(hours=1),
    )
    client.force_login(author)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert f'href="{published.get_absolute_url()}" rel="prev"' in html
    assert other_draft.get_absolute_url() not in html


def test_a_tag_used_only_by_drafts_has_no_page(client, draft):
    draft.tags.set([TagFactory(name="unannounced")])
    assert client.get("/tag/unannounced/").status_code == 404
    assert client.get("/tag/unannounced/feed/").status_code == 404


def test_an_author_with_only_drafts_has_no_author_page(client, draft):
    assert client.get("/author/ann/").status_code == 404


# Comments on a hidden post


def test_another_author_cannot_comment_on_a_hidden_post(client, another_author, draft):
    client.force_login(another_author)

    response = client.post(POST_URL, form_data(draft))

    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()
    assert not Comment.objects.exists()


def test_another_author_cannot_sign_in_to_comment_on_a_hidden_post(
    client, settings, another_author, draft
):
    settings.SOCIALACCOUNT_PROVIDERS = social_providers_from_env(
        {"GITHUB_CLIENT_ID": "id", "GITHUB_CLIENT_SECRET": "s"}
    )
    client.force_login(another_author)

    response = client.post(
        reverse("comments:sign_in"), {"post_id": draft.pk, "provider": "github"}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("viewer", ["another_author", "editor"])
def test_a_comment_on_a_hidden_post_has_no_address(client, request, viewer, draft):
    comment = CommentFactory(post=draft)
    client.force_login(request.getfixturevalue(viewer))

    response = client.get(reverse("comments:permalink", args=[comment.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("viewer", ["another_author", "editor"])
def test_a_hidden_post_has_no_comment_feed(client, request, viewer, draft):
    CommentFactory(post=draft)
    client.force_login(request.getfixturevalue(viewer))

    response = client.get(reverse("comments:post_feed", args=[draft.pk]))

    assert response.status_code == 404
