"""Many readers and moderators at once through the real views, on PostgreSQL: no
server error, exactly one of several identical or too-rapid comments stored, every
row accounted for and the trees sound (comments.locks gives the lock order)."""

import io
import itertools
import random
import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comments.helpers import POST_URL, build_thread, form_data
from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def all_at_once(requests) -> list:
    """Send each request (a callable given a fresh Client) from its own thread, all
    released together; return the responses in order."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def worker(index, request):
        try:
            client = Client(raise_request_exception=False)
            barrier.wait()
            responses[index] = request(client)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(index, request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def statuses(responses) -> list[int]:
    return sorted(response.status_code for response in responses)


def test_ten_identical_comments_sent_at_once_store_one(settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    post = PostFactory()
    data = form_data(post, body="Exactly the same words.")

    responses = all_at_once([lambda c: c.post(POST_URL, data)] * 10)

    assert statuses(responses) == [302] + [400] * 9
    assert Comment.objects.filter(post=post).count() == 1


def test_twenty_comments_from_one_address_at_once_store_one(settings):
    settings.COMMENTS_FLOOD_SECONDS = 30
    post = PostFactory()

    responses = all_at_once(
        [
            lambda c, n=n: c.post(POST_URL, form_data(post, body=f"Comment {n}."))
            for n in range(20)
        ]
    )

    assert statuses(responses) == [302] + [429] * 19
    assert Comment.objects.filter(post=post).count() == 1


def test_comments_from_one_account_at_once_store_one(settings):
    settings.COMMENTS_FLOOD_SECONDS = 30
    post, reader = PostFactory(), UserFactory()

    def send(client, n):
        client.force_login(reader)
        return client.post(
            POST_URL, form_data(post, body=f"Comment {n}."), REMOTE_ADDR=f"10.0.0.{n}"
        )

    responses = all_at_once([lambda c, n=n: send(c, n) for n in range(10)])

    assert statuses(responses) == [302] + [429] * 9


MODERATOR_ACTIONS = ["approve", "spam", "not_spam", "remove", "restore"]


def test_forty_writers_and_moderators_at_once_get_no_server_error(settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    post = PostFactory()
    made = build_thread(post, "Ann\n  Bob\n    Cid\n  Dee\nEve\n  Fay\nGus")
    targets = list(made.values())
    moderators = UserFactory.create_batch(10, is_staff=True)
    # A flushed database keeps the permissions, not the groups of data migrations.
    moderates = Permission.objects.get(codename="moderate_comment")
    for moderator in moderators:
        moderator.user_permissions.add(moderates)
    chooser = random.Random(17)
    counter = itertools.count()

    def write(client):
        n = next(counter)
        parent = chooser.choice([*targets, None])
        data = form_data(
            post,
            author_name=f"Writer {n}",
            author_email=f"writer{n}@example.test",
            body=f"Words number {n}.",
            parent_id=parent.pk if parent else "",
        )
        return client.post(POST_URL, data, REMOTE_ADDR=f"10.1.{n // 250}.{n % 250}")

    def moderate(client, moderator):
        client.force_login(moderator)
        comment = chooser.choice(targets)
        action = chooser.choice(MODERATOR_ACTIONS)
        url = reverse("comments:moderate")
        return client.post(url, {"comment": comment.pk, "action": action})

    stored = 0
    for _round in range(3):
        requests = [write] * 30 + [lambda c, m=m: moderate(c, m) for m in moderators]
        responses = all_at_once(requests)
        assert [r.status_code for r in responses if r.status_code >= 500] == []
        stored += sum(r.status_code == 302 for r in responses[:30])

    assert Comment.objects.filter(post=post).count() == len(made) + stored
    post.refresh_from_db()
    approved = Comment.objects.filter(post=post, status=Comment.Status.APPROVED)
    assert post.comment_count == approved.count()
    out = io.StringIO()
    call_command("check_comment_trees", stdout=out)
    assert out.getvalue().startswith("OK: all")
