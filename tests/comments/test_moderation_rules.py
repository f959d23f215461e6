"""The moderation rules: which new comments are held, spammed or approved, and why."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from comments.models import Comment, ModerationSettings
from comments.moderation_settings import forget_moderation_settings, moderation_settings
from comments.services import comment_create
from tests.comments.helpers import make_comment, set_rules
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_first_time_commenter_is_held_with_the_reason(post):
    comment = make_comment(post, name="Ann")
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reason == "First comment from this commenter."


def test_a_returning_commenter_with_the_same_email_is_approved(post):
    CommentFactory(post=post, author_email="ann@example.test")
    comment = make_comment(post, name="Ann")
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderation_reason == ""


def test_the_email_of_a_returning_commenter_matches_whatever_its_case(post):
    CommentFactory(post=post, author_email="ANN@Example.test")
    assert make_comment(post, name="Ann").status == Comment.Status.APPROVED


def test_a_commenter_whose_only_comment_is_held_is_still_held(post):
    CommentFactory(
        post=post, author_email="ann@example.test", status=Comment.Status.PENDING
    )
    assert make_comment(post, name="Ann").status == Comment.Status.PENDING


def test_a_signed_in_user_with_an_approved_comment_is_approved(post):
    user = UserFactory()
    CommentFactory(post=post, user=user, author_email="other@example.test")
    assert make_comment(post, user=user).status == Comment.Status.APPROVED


def test_a_signed_in_user_is_not_approved_for_guest_comments_with_their_email(post):
    CommentFactory(post=post, author_email="ann@example.test")
    user = UserFactory(email="ann@example.test")
    assert make_comment(post, user=user).status == Comment.Status.PENDING


def test_a_guest_without_an_email_is_held_whatever_was_approved_without_one(post):
    CommentFactory(post=post, author_email="")
    comment = comment_create(
        post=post,
        parent=None,
        user=AnonymousUser(),
        author_name="Ann",
        author_email="",
        author_url="",
        body="A thought.",
        ip_address=None,
        user_agent="pytest",
    )
    assert comment.status == Comment.Status.PENDING


def test_holding_every_comment_holds_a_returning_commenter(post):
    set_rules(hold=ModerationSettings.Hold.EVERYONE)
    CommentFactory(post=post, author_email="ann@example.test")
    comment = make_comment(post, name="Ann")
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reason == "Every comment is held for approval."


def test_staff_are_approved_even_when_every_comment_is_held(post, staff):
    set_rules(hold=ModerationSettings.Hold.EVERYONE)
    assert make_comment(post, user=staff).status == Comment.Status.APPROVED


def test_the_posts_author_is_approved_on_their_own_post(post):
    set_rules(hold=ModerationSettings.Hold.EVERYONE)
    assert make_comment(post, user=post.author).status == Comment.Status.APPROVED


def test_a_comment_with_more_links_than_allowed_is_held(post):
    CommentFactory(post=post, author_email="ann@example.test")
    body = "See https://a.example, https://b.example and https://c.example."
    comment = make_comment(post, name="Ann", body=body)
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reason == "More than 2 links (3)."


def test_a_comment_with_as_many_links_as_allowed_is_approved(post):
    CommentFactory(post=post, author_email="ann@example.test")
    body = "See https://a.example and https://b.example."
    assert make_comment(post, name="Ann", body=body).status == Comment.Status.APPROVED


def test_a_moderation_word_in_the_text_holds_the_comment(post):
    set_rules(moderation_words="casino\n\n  Pharmacy  \n")
    CommentFactory(post=post, author_email="ann@example.test")
    comment = make_comment(post, name="Ann", body="Cheap PHARMACY here")
    assert comment.status == Comment.Status.PENDING
    assert "pharmacy" in comment.moderation_reason


@pytest.mark.parametrize(
    "field",
    [
        {"name": "CasinoAnn"},
        {"author_url": "https://casino.example"},
        {"ip_address": "203.0.113.9"},
    ],
)
def test_a_moderation_word_in_name_website_or_ip_holds_the_comment(post, field):
    set_rules(moderation_words="casino\n203.0.113.")
    name = field.pop("name", "Ann")
    CommentFactory(post=post, author_email=f"{name.lower()}@example.test")
    comment = make_comment(post, name=name, **field)
    assert comment.status == Comment.Status.PENDING


def test_a_moderation_word_in_the_email_holds_the_comment(post):
    set_rules(moderation_words="ann@")
    CommentFactory(post=post, author_email="ann@example.test")
    assert make_comment(post, name="Ann").status == Comment.Status.PENDING


def test_a_block_word_marks_the_comment_as_spam_with_the_reason(post):
    set_rules(block_words="viagra")
    comment = make_comment(post, name="Ann", body="Buy Viagra now")
    assert comment.status == Comment.Status.SPAM
    assert comment.moderation_reason == ("Contains “viagra” from the block word list.")


def test_a_spam_comment_does_not_count_on_the_post(post):
    set_rules(block_words="viagra")
    make_comment(post, name="Ann", body="Buy Viagra now")
    post.refresh_from_db()
    assert post.comment_count == 0


def test_the_spam_backend_is_chosen_by_setting(post, settings):
    settings.COMMENTS_SPAM_BACKEND = "tests.comments.test_moderation_rules.all_spam"
    comment = make_comment(post, name="Ann")
    assert (comment.status, comment.moderation_reason) == ("spam", "Said the service.")


def all_spam(comment):
    from comments.spam import SpamVerdict

    return SpamVerdict(True, "Said the service.")


def test_the_rules_record_starts_as_wordpress_does():
    record = moderation_settings()
    assert (record.max_depth, record.per_page, record.close_after_days) == (5, 0, 0)


def test_the_rules_record_is_read_once_until_forgotten(django_assert_num_queries):
    moderation_settings()
    with django_assert_num_queries(0):
        moderation_settings()


def test_saving_the_rules_record_is_seen_at_once():
    ModerationSettings().save()
    moderation_settings()
    record = ModerationSettings.objects.get(pk=1)
    record.max_links = 5
    record.save()
    assert moderation_settings().max_links == 5


def test_every_rule_saved_is_read_back():
    saved = ModerationSettings(
        hold=ModerationSettings.Hold.EVERYONE,
        max_links=7,
        moderation_words="casino",
        block_words="pills",
        close_after_days=30,
        max_depth=3,
        per_page=25,
    )
    saved.save()
    forget_moderation_settings()
    fields = [field.attname for field in ModerationSettings._meta.concrete_fields]
    read = moderation_settings()
    assert [getattr(read, name) for name in fields] == [
        getattr(saved, name) for name in fields
    ]


def test_reading_the_rules_writes_nothing():
    moderation_settings()
    assert not ModerationSettings.objects.exists()


def test_there_is_only_one_rules_record():
    ModerationSettings().save()
    ModerationSettings(max_links=4).save()
    forget_moderation_settings()
    assert ModerationSettings.objects.count() == 1


def test_the_moderators_group_exists_with_the_moderation_permission():
    group = Group.objects.get(name="Moderators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {
        "view_comment",
        "change_comment",
        "delete_comment",
        "moderate_comment",
    }


def test_the_thread_depth_comes_from_the_rules_record(post):
    from django.core.exceptions import ValidationError

    from comments.rules import check_parent

    set_rules(max_depth=2)
    top = CommentFactory(post=post)
    child = CommentFactory(post=post, parent=top)
    with pytest.raises(ValidationError, match="cannot be nested deeper"):
        check_parent(post=post, parent_id=child.pk)


def test_comments_close_after_the_days_in_the_rules_record(post):
    from comments.rules import comments_open

    post.published_at = post.published_at - timezone.timedelta(days=40)
    set_rules(close_after_days=30)
    assert not comments_open(post)


def test_the_comments_per_page_come_from_the_rules_record(post):
    from comments.paging import comment_page

    set_rules(per_page=1)
    CommentFactory(post=post)
    CommentFactory(post=post)
    assert comment_page(lambda: Comment.objects.filter(post=post), "1").count == 2
