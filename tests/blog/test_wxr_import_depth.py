"""Importing threads deeper than the thread depth of the moderation settings: a
reply too deep to nest follows the comment it answers, beside it at the deepest
level, as WordPress shows it; nothing is lost, and no thread is deeper than the
site's own replies can make it."""

from io import StringIO

import pytest
from django.core.management import call_command

from blog.importers.wxr import import_wxr
from blog.models import Post
from comments.models import Comment, ModerationSettings
from comments.moderation_settings import forget_moderation_settings
from tests.blog.helpers import ONE, comment, hello, item, wxr
from tests.comments.helpers import assert_thread

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_moderation_settings():
    forget_moderation_settings()
    yield
    forget_moderation_settings()


@pytest.fixture
def three_deep():
    """The thread depth set to 3: a top-level comment and two levels of replies."""
    ModerationSettings(max_depth=3).save()


def test_replies_too_deep_to_nest_follow_the_comment_they_answer(three_deep):
    import_wxr(
        wxr(
            item(
                10,
                "hello",
                comment(1, "Ann"),
                comment(2, "Bob", parent=1),
                comment(3, "Cid", parent=2),
                comment(4, "Dee", parent=3),
                comment(5, "Eve", parent=4),
                comment(6, "Fay", parent=2),
                comment(7, "Gus", parent=1),
            )
        )
    )
    assert_thread(
        Post.objects.get(),
        """
        Ann
          Bob
            Cid
            Dee
            Eve
            Fay
          Gus
        """,
    )


def test_a_reply_too_deep_hangs_under_its_deepest_allowed_ancestor(three_deep):
    import_wxr(wxr(hello(ONE, "Ann", "Bob", "Cid", "Dee", "Eve")))
    bob = Comment.objects.get(author_name="Bob")
    parents = Comment.objects.filter(author_name__in=["Cid", "Dee", "Eve"])
    assert set(parents.values_list("parent_id", flat=True)) == {bob.pk}


def test_a_chain_3000_deep_is_imported_whole_and_no_deeper_than_allowed():
    names = [f"Reader {n}" for n in range(3000)]
    import_wxr(wxr(hello(ONE, *names)))
    comments = Comment.objects.order_by("tree_id", "lft")
    assert [c.author_name for c in comments] == names
    assert max(c.level for c in comments) == 4  # the default thread depth: 5
    out = StringIO()
    call_command("check_comment_trees", stdout=out)
    assert out.getvalue() == "OK: all 1 comment threads are sound.\n"
