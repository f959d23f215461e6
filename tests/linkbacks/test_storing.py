"""A verified mention is stored once, however many checks of it finish at once."""

import pytest

from comments.models import Comment
from linkbacks.mentions import Mention
from linkbacks.storing import linkback_record
from tests.comments.helpers import run_together
from tests.factories import PostFactory

SOURCE = "https://elsewhere.example/answer"


def record(post, excerpt="Cid answers the post."):
    return linkback_record(
        post=post,
        kind=Comment.Kind.WEBMENTION,
        source=SOURCE,
        mention=Mention(author_name="Cid Blogger", excerpt=excerpt),
        ip_address="192.0.2.9",
    )


@pytest.mark.django_db
def test_a_mention_recorded_twice_is_one_linkback_updated():
    post = PostFactory()
    record(post)
    record(post, excerpt="Cid answers the post, at length.")

    [stored] = Comment.objects.filter(post=post)
    assert stored.body == "Cid answers the post, at length."


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_mention_verified_eight_times_at_once_is_stored_once():
    post = PostFactory()

    run_together([lambda: record(post) for _ in range(8)])

    assert Comment.objects.filter(post=post, author_url=SOURCE).count() == 1
