"""The comment admin as moderators and authors use it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModerationLog, ModerationSettings
from tests.comments.helpers import add_comment, build_thread, reply
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:comments_comment_changelist"


@pytest.fixture
def author(post):
    post.author.is_staff = True
    post.author.save()
    post.author.groups.add(Group.objects.get_or_create(name="Authors")[0])
    return post.author


def bulk(client, action, *comments):
    return client.post(
        reverse(CHANGELIST),
        {"action": f"action_{action}", "_selected_action": [c.pk for c in comments]},
    )


def test_the_status_filter_lists_pending_first_with_counts(client, moderator, post):
    add_comment(post, "Ann", status=Comment.Status.PENDING)
    build_thread(post, "Bob\nCid")
    client.force_login(moderator)
    html = client.get(reverse(CHANGELIST)).content.decode()
    labels = re.findall(r"(Pending|Approved|Spam|Removed) \((\d+)\)", html)
    assert labels[:2] == [("Pending", "1"), ("Approved", "2")]


def test_the_list_shows_pending_comments_first_then_newest_first(
    client, moderator, post
):
    now = timezone.now()
    held_old = add_comment(
        post, "Ann", status=Comment.Status.PENDING, created_at=now - timedelta(days=3)
    )
    shown_new = add_comment(post, "Bob", created_at=now)
    shown_old = add_comment(post, "Cid", created_at=now - timedelta(days=5))
    held_new = reply(
        shown_old, "Dee", status=Comment.Status.PENDING, created_at=now - timedelta(1)
    )
    client.force_login(moderator)

    response = client.get(reverse(CHANGELIST))

    rows = list(response.context["cl"].result_list)
    assert rows == [held_new, held_old, shown_new, shown_old]


def test_the_list_reads_its_rows_in_queries_that_do_not_grow_with_them(
    client, author, post
):
    def queries_for_the_list():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(CHANGELIST)).status_code == 200
        return len(queries)

    client.force_login(author)
    parent = add_comment(post, "Ann")
    reply(parent, "Bob", status=Comment.Status.PENDING)
    few = queries_for_the_list()
    for n in range(10):
        reply(add_comment(post, f"Guest{n}"), f"Replier{n}")

    assert queries_for_the_list() == few


def test_the_list_searches_by_ip_address(client, moderator, post):
    add_comment(post, "Ann", ip_address="198.51.100.7", body="Needle text")
    add_comment(post, "Bob", body="Other text")
    client.force_login(moderator)
    response = client.get(reverse(CHANGELIST), {"q": "198.51.100.7"})
    assert list(response.context["cl"].result_list) == [
        Comment.objects.get(author_name="Ann")
    ]


def test_the_list_shows_the_parents_first_words_and_a_link_to_the_page(
    client, moderator, post
):
    parent = add_comment(post, "Ann", body="Parents have many words to say here")
    child = reply(parent, "Bob")
    client.force_login(moderator)
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "Parents have many words to say here" in html
    assert f'href="{child.get_absolute_url()}"' in html


def test_bulk_approve_approves_and_counts(client, moderator, post):
    first = add_comment(post, "Ann", status=Comment.Status.PENDING)
    second = add_comment(post, "Bob", status=Comment.Status.PENDING)
    client.force_login(moderator)
    bulk(client, "approve", first, second)
    post.refresh_from_db()
    assert post.comment_count == 2


def test_bulk_approve_approves_a_parent_before_its_selected_reply(
    client, moderator, post
):
    parent = add_comment(post, "Ann", status=Comment.Status.PENDING)
    child = reply(parent, "Bob", status=Comment.Status.PENDING)
    client.force_login(moderator)
    bulk(client, "approve", child, parent)
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved"}


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("unapprove", Comment.Status.APPROVED, Comment.Status.PENDING),
        ("spam", Comment.Status.APPROVED, Comment.Status.SPAM),
        ("not_spam", Comment.Status.SPAM, Comment.Status.APPROVED),
    ],
)
def test_bulk_actions_change_the_status(client, moderator, post, action, start, end):
    comment = add_comment(post, "Ann", status=start)
    post.comment_count = int(start == Comment.Status.APPROVED)
    post.save(update_fields=["comment_count"])
    client.force_login(moderator)
    bulk(client, action, comment)
    comment.refresh_from_db()
    assert comment.status == end


def test_bulk_remove_leaves_a_tombstone_over_replies(client, moderator, post):
    made = build_thread(post, "Ann\n  Bob")
    client.force_login(moderator)
    bulk(client, "remove", made["Ann"])
    made["Ann"].refresh_from_db()
    assert made["Ann"].status == Comment.Status.REMOVED


def delete_permanently(client, *comments, confirmed: bool):
    data = {
        "action": "delete_permanently",
        "_selected_action": [c.pk for c in comments],
    }
    if confirmed:
        data["confirmed"] = "yes"
    return client.post(reverse(CHANGELIST), data)


def test_deleting_for_good_asks_to_confirm_and_deletes_nothing_yet(
    client, moderator, post
):
    made = build_thread(post, "Ann\n  Bob\nCid")
    client.force_login(moderator)
    response = delete_permanently(client, made["Ann"], confirmed=False)
    html = response.content.decode()
    assert "Yes, delete them permanently" in html
    assert "cannot be restored" in html
    assert Comment.objects.count() == 3


def test_deleting_for_good_once_confirmed_deletes_the_replies_too(
    client, moderator, post
):
    made = build_thread(post, "Ann\n  Bob\nCid")
    client.force_login(moderator)
    delete_permanently(client, made["Ann"], made["Bob"], confirmed=True)
    assert list(Comment.objects.values_list("author_name", flat=True)) == ["Cid"]


def test_an_author_is_not_offered_deleting_for_good(client, author, post):
    add_comment(post, "Ann")
    client.force_login(author)
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert 'value="action_remove"' in html
    assert "delete_permanently" not in html


def test_the_log_of_a_comment_deleted_for_good_leads_to_its_copy(
    client, moderator, post
):
    made = build_thread(post, "Ann")
    client.force_login(moderator)
    bulk(client, "spam", made["Ann"])
    delete_permanently(client, made["Ann"], confirmed=True)
    log = reverse("admin:comments_moderationlog_changelist")
    html = client.get(log).content.decode()
    entry = ModerationLog.objects.get(action=ModerationLog.Action.DELETE)
    copy_url = reverse("admin:comments_moderationlog_change", args=[entry.pk])
    gone_url = reverse("admin:comments_comment_change", args=[made["Ann"].pk])
    # Both entries, the spam one and the deletion, lead to the copy.
    assert html.count(f'<a href="{copy_url}">deleted; see the copy kept</a>') == 2
    assert gone_url not in html
    assert "Comment Ann" in client.get(copy_url).content.decode()


def test_the_plain_delete_action_is_not_offered(client, moderator, post):
    client.force_login(moderator)
    response = client.get(reverse(CHANGELIST))
    assert "delete_selected" not in response.content.decode()


def test_an_author_sees_only_the_comments_on_their_posts(client, author, post):
    add_comment(post, "Ann")
    add_comment(PostFactory(), "Bob")
    client.force_login(author)
    response = client.get(reverse(CHANGELIST))
    names = [c.author_name for c in response.context["cl"].result_list]
    assert names == ["Ann"]


def test_an_author_cannot_act_on_another_authors_comment(client, author):
    other = add_comment(PostFactory(), "Bob", status=Comment.Status.PENDING)
    client.force_login(author)
    bulk(client, "approve", other)
    other.refresh_from_db()
    assert other.status == Comment.Status.PENDING


def test_an_author_cannot_open_another_authors_comment(client, author):
    other = add_comment(PostFactory(), "Bob")
    client.force_login(author)
    url = reverse("admin:comments_comment_change", args=[other.pk])
    assert client.get(url).status_code == 302  # "not found": back to the index


def test_staff_without_the_permission_do_not_see_comments(client, staff, post):
    add_comment(post, "Ann")
    client.force_login(staff)
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_editing_a_body_sanitizes_it_and_renders_the_block(client, moderator, post):
    comment = add_comment(post, "Ann")
    client.force_login(moderator)
    client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {"body": "Now *better* <script>x</script>"},
    )
    comment.refresh_from_db()
    assert "<em>better</em>" in comment.body_html
    assert "<script>" not in comment.body_html
    assert "<em>better</em>" in comment.html


def test_editing_a_body_is_recorded(client, moderator, post):
    comment = add_comment(post, "Ann")
    client.force_login(moderator)
    client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {"body": "Edited"},
    )
    assert ModerationLog.objects.get().action == ModerationLog.Action.EDIT


def test_the_change_page_shows_the_moderation_history(client, moderator, post):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    client.force_login(moderator)
    bulk(client, "approve", comment)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    html = client.get(url).content.decode()
    assert re.search(r"<li>Approved — Mo Derator \(", html)


def test_the_log_is_read_only(client, moderator, post):
    comment = add_comment(post, "Ann", status=Comment.Status.PENDING)
    client.force_login(moderator)
    bulk(client, "spam", comment)
    entry = ModerationLog.objects.get()
    url = reverse("admin:comments_moderationlog_change", args=[entry.pk])
    html = client.get(url).content.decode()
    assert 'name="_save"' not in html


def test_the_admin_index_names_the_pending_comments(client, moderator, post):
    add_comment(post, "Ann", status=Comment.Status.PENDING)
    add_comment(post, "Bob", status=Comment.Status.PENDING)
    client.force_login(moderator)
    assert "Comments (2 pending)" in client.get(reverse("admin:index")).content.decode()


def test_the_rules_list_opens_the_one_record(admin_client):
    response = admin_client.get(reverse("admin:comments_moderationsettings_changelist"))
    assert response.url == reverse("admin:comments_moderationsettings_change", args=[1])


def test_a_moderator_opening_the_rules_gets_a_styled_page_naming_who_can(
    client, moderator
):
    UserFactory(
        username="root", display_name="Ros Root", is_staff=True, is_superuser=True
    )
    client.force_login(moderator)

    response = client.get(reverse("admin:comments_moderationsettings_change", args=[1]))

    assert response.status_code == 403
    html = response.text
    assert 'id="content-main"' in html  # the admin's own layout
    assert "Ros Root" in html
    assert "Mo Derator" not in html.split('id="content-main"')[1]


def test_trying_word_lists_shows_what_they_would_catch_without_saving(
    admin_client, post
):
    admin_client.get(reverse("admin:comments_moderationsettings_changelist"))
    add_comment(post, "Ann", body="Buy cheap pills")
    add_comment(post, "Bob", body="Visit my casino")
    add_comment(post, "Cid", body="A kind word")
    response = admin_client.post(
        reverse("admin:comments_moderationsettings_try"),
        {"moderation_words": "casino", "block_words": "PILLS", "hold": "first"},
    )
    rows = response.context["results"]
    assert [(c.author_name, word) for c, _verdict, word in rows] == [
        ("Bob", "casino"),
        ("Ann", "pills"),
    ]
    assert ModerationSettings.objects.get().block_words == ""


def test_trying_word_lists_is_refused_to_a_reader(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("admin:comments_moderationsettings_try"), {"block_words": "x"}
    )
    assert response.status_code == 302  # to the admin login
