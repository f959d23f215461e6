"""The comment id sequence moved on by hand, for an import that keeps WordPress's
comment ids (comments.queries.comment_ids_reserve), on SQLite and PostgreSQL.
PostgreSQL's sequences outlive a test's transaction: ids are counted from the
test's first comment."""

import pytest

from comments.queries import comment_ids_reserve
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_a_comment_written_after_a_reservation_gets_a_higher_id():
    base = CommentFactory().pk
    comment_ids_reserve(base + 5000)
    assert CommentFactory().pk == base + 5001


def test_a_reservation_below_the_ids_given_changes_nothing():
    first = CommentFactory()
    comment_ids_reserve(0)
    assert CommentFactory().pk == first.pk + 1


def test_ids_given_by_hand_up_to_a_reservation_never_meet_the_sequence_s():
    base = CommentFactory().pk
    comment_ids_reserve(base + 10)
    kept = CommentFactory(pk=base + 7)
    later = CommentFactory()
    assert (kept.pk, later.pk) == (base + 7, base + 11)
