"""Every refusal: a clear message, the reader's text kept, and nothing stored."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.forms import sign_form_timestamp
from comments.markup import CommentMarkupError
from comments.models import Comment
from tests.comments.helpers import form_data, old_timestamp, set_rules
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

POST_URL = reverse("comments:post")


def refused(client, post, message: str, **overrides):
    """Post the form; assert it is sent back with `message` and nothing is stored."""
    before = set(Comment.objects.values_list("pk", flat=True))
    response = client.post(POST_URL, form_data(post, **overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert set(Comment.objects.values_list("pk", flat=True)) == before
    return html


@pytest.mark.parametrize(
    ("field", "message"),
    [("author_name", "This field is required."), ("author_email", "This field")],
)
def test_guests_must_give_name_and_email(client, post, field, message):
    refused(client, post, message, **{field: ""})


def test_a_refused_comment_comes_back_on_the_whole_post_page(client):
    post = PostFactory(status="published", body="The article, *in full*.")

    html = refused(client, post, "This field is required.", body="")

    assert "The article, <em>in full</em>." in html
    assert post.author.get_display_name() in html


def test_a_refused_comment_comes_back_with_the_neighbouring_posts(client):
    older = PostFactory(status="published", title="The post before")
    post = PostFactory(
        status="published", published_at=older.published_at + timezone.timedelta(1)
    )

    html = refused(client, post, "This field is required.", body="")

    assert f'href="{older.get_absolute_url()}" rel="prev"' in html


def test_an_invalid_email_is_refused(client, post):
    refused(client, post, "Enter a valid email address.", author_email="ann@")


def test_an_invalid_website_is_refused(client, post):
    refused(client, post, "Enter a valid URL.", author_url="http://exa mple")


def test_an_empty_comment_is_refused(client, post):
    refused(client, post, "This field is required.", body="   ")


def test_an_over_long_comment_is_refused(client, post, settings):
    settings.COMMENTS_MAX_LENGTH = 50
    refused(client, post, "at most 50 characters", body="x" * 51)


@pytest.mark.parametrize("field", ["author_name", "author_email", "author_url", "body"])
def test_nul_bytes_are_refused_in_every_field(client, post, field):
    value = {"author_url": "https://a\x00.example/", "author_email": "a\x00@b.test"}
    refused(
        client,
        post,
        "Null characters are not allowed.",
        **{field: value.get(field, "Ann\x00")},
    )


def test_a_refused_form_keeps_everything_the_reader_typed(client, post):
    html = refused(
        client, post, "Enter a valid URL.", author_url="nope nope", body="My words."
    )
    assert 'value="Ann Example"' in html
    assert 'value="ann@example.test"' in html
    assert "My words.</textarea>" in html


def test_a_reply_to_another_posts_comment_is_refused(client, post):
    elsewhere = CommentFactory(post=PostFactory())
    refused(client, post, "not available", parent_id=elsewhere.pk)


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED]
)
def test_a_reply_to_a_comment_not_approved_is_refused(client, post, status):
    parent = CommentFactory(post=post, status=status)
    refused(client, post, "not available", parent_id=parent.pk)


def test_a_reply_to_a_missing_comment_is_refused(client, post):
    refused(client, post, "not available", parent_id=999_999)


def test_a_reply_at_the_depth_limit_is_refused(client, post):
    set_rules(max_depth=2)
    top = CommentFactory(post=post)
    deepest = CommentFactory(post=post, parent=top)
    refused(client, post, "cannot be nested deeper", parent_id=deepest.pk)


def test_a_draft_post_takes_no_comments(client):
    draft = PostFactory(status="draft")
    response = client.post(POST_URL, form_data(draft))
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_a_scheduled_post_takes_no_comments_before_its_time(client):
    scheduled = PostFactory(published_at=timezone.now() + timezone.timedelta(hours=1))
    response = client.post(POST_URL, form_data(scheduled))
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_a_post_takes_comments_from_the_moment_it_is_published(client):
    now = timezone.now().replace(microsecond=0)
    post = PostFactory(published_at=now)
    with time_machine.travel(now, tick=False):
        response = client.post(POST_URL, form_data(post))
    assert response.status_code == 302


@pytest.mark.parametrize("post_id", ["2" * 30, "-" + "2" * 30, "two"])
def test_a_post_id_no_post_can_have_is_not_found(client, post, post_id):
    response = client.post(POST_URL, form_data(post, post_id=post_id))
    assert response.status_code == 404


def test_the_author_previewing_a_draft_cannot_comment_on_it(client):
    draft = PostFactory(status="draft")
    client.force_login(draft.author)
    refused(client, draft, "Comments are closed on this post.")


def test_a_post_closed_to_comments_refuses_them(client, post):
    post.allow_comments = False
    post.save()
    refused(client, post, "Comments are closed on this post.")


def test_comments_close_after_the_configured_days(client):
    set_rules(close_after_days=30)
    old = PostFactory(published_at=timezone.now() - timezone.timedelta(days=31))
    refused(client, old, "Comments are closed on this post.")


def test_the_honeypot_filled_is_refused(client, post):
    refused(client, post, "looks automated", url_confirm="http://spam.example/")


def test_a_form_sent_faster_than_a_person_writes_is_refused(client, post):
    just_shown = sign_form_timestamp(post.pk)
    refused(client, post, "faster than a person", timestamp=just_shown)


def test_a_forged_timestamp_is_refused(client, post):
    refused(client, post, "This form has expired", timestamp="123:forged")


def test_a_timestamp_for_another_post_is_refused(client, post):
    other = PostFactory()
    refused(client, post, "not for this post", timestamp=old_timestamp(other))


def test_the_same_text_twice_on_a_post_is_refused(client, post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    client.post(POST_URL, form_data(post))
    refused(client, post, "Duplicate comment detected")


def test_the_same_text_again_with_the_email_in_capitals_is_refused(
    client, post, settings
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    email = form_data(post)["author_email"]
    client.post(POST_URL, form_data(post))
    refused(client, post, "Duplicate comment detected", author_email=email.upper())


def test_a_body_the_renderer_cannot_handle_is_a_form_error(client, post, monkeypatch):
    def fail(text):
        raise CommentMarkupError("This comment is nested too deeply to display.")

    monkeypatch.setattr("comments.services.clean_comment_html", fail)
    html = refused(client, post, "This comment is nested too deeply to display.")
    assert "A thoughtful comment.</textarea>" in html


def test_the_form_is_csrf_protected(post):
    client = Client(enforce_csrf_checks=True)
    response = client.post(POST_URL, form_data(post))
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_reply_links_on_a_refused_page_lead_back_to_the_post(client, post):
    comment = CommentFactory(post=post)
    html = refused(client, post, "Enter a valid URL.", author_url="nope nope")
    assert f'href="{post.get_absolute_url()}?replytocom={comment.pk}#respond"' in html


def test_invalid_account_details_are_a_form_error_not_a_crash(client, post):
    reader = UserFactory(website="not a web address")
    client.force_login(reader)
    refused(client, post, "Enter a valid URL.")


def test_a_refused_form_page_logs_in_back_to_the_post(client, post):
    response = client.post(POST_URL, form_data(post, body=""))
    assert f'?next={post.get_absolute_url()}">Log in</a>' in response.text.replace(
        "%2F", "/"
    )
