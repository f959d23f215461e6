"""Whatever moderators and readers do, in any order, each thread stays exactly what
mptt rebuilds from the parent links, and the post's count stays exact."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.models import Post
from comments import services
from comments.models import Comment
from tests.comments.helpers import tree_rows
from tests.factories import PostFactory

ACTIONS = {
    "approve": services.comment_approve,
    "remove": services.comment_remove,
    "restore": services.comment_restore,
    "spam": services.comment_mark_spam,
    "unapprove": services.comment_unapprove,
}
# ("reply", n): a reply to the n-th comment (modulo), or a new thread when none;
# (action, n): that action on the n-th comment.
steps = st.lists(
    st.tuples(
        st.sampled_from(["reply", "reply", "reply", *ACTIONS]),
        st.integers(min_value=0, max_value=1_000),
    ),
    min_size=1,
    max_size=25,
)


def reply_add(post: Post, parent: Comment | None, n: int) -> None:
    services.comment_create(
        post=post,
        parent=parent,
        user=None,
        author_name=f"Reader {n}",
        author_email=f"reader{n % 7}@example.test",
        author_url="",
        body=f"Comment number {n}.",
        ip_address="192.0.2.7",
        user_agent="property test",
    )


def assert_each_tree_matches_its_rebuild() -> None:
    stored = tree_rows()
    for tree_id in set(Comment.objects.values_list("tree_id", flat=True)):
        Comment.objects.partial_rebuild(tree_id)
    assert tree_rows() == stored


@pytest.mark.django_db
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=steps)
def test_any_sequence_keeps_the_tree_and_the_count_exact(steps, settings_fixture):
    post = PostFactory()
    for number, (step, n) in enumerate(steps):
        comments = list(Comment.objects.filter(post=post).order_by("pk"))
        chosen = comments[n % len(comments)] if comments else None
        if step == "reply":
            reply_add(post, chosen if n % 4 else None, number)
        elif chosen is not None:
            ACTIONS[step](comment=chosen)
        assert_each_tree_matches_its_rebuild()
        post.refresh_from_db()
        approved = Comment.objects.filter(post=post, status=Comment.Status.APPROVED)
        assert post.comment_count == approved.count()


@pytest.fixture
def settings_fixture(settings):
    """No moderation rule refuses the stream of comments (flood, spam links)."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    return settings
