import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.services import comment_remove
from tests.comments.helpers import build_thread, parse_thread, set_rules, stored_thread
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

REFERENCE_SHAPE = """
Tom
  David
    Tom#2
Sheema
  David#2
    Sheema#2
Kyle
  David#3
  Mary
    David#4
      Mary#2
        David#5
Keith
"""


def page_html(client, post, query="") -> str:
    response = client.get(post.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def thread_html(html: str) -> str:
    start = html.index('<ol class="comment-list">')
    return html[start : html.index('<div id="respond"')]


def test_the_rendered_thread_matches_the_stored_tree(client, post):
    build_thread(post, REFERENCE_SHAPE)
    assert parse_thread(thread_html(page_html(client, post))) == stored_thread(post)


def test_each_comment_has_its_anchor_and_wordpress_classes(client, post):
    made = build_thread(post, REFERENCE_SHAPE)
    html = page_html(client, post)
    kyle, mary = made["Kyle"], made["Mary"]
    assert f'<li id="comment-{kyle.pk}" class="comment depth-1 parent">' in html
    assert f'<li id="comment-{mary.pk}" class="comment depth-2 parent">' in html
    assert f'<a href="#comment-{kyle.pk}"><time datetime=' in html


@pytest.mark.parametrize(
    ("approved", "heading"),
    [
        (0, "No comments yet"),
        (1, "One thought on “Real Relationships”"),
        (27, "27 thoughts on “Real Relationships”"),
    ],
)
def test_heading_counts_the_thoughts(client, post, approved, heading):
    post.comment_count = approved
    post.save()
    html = page_html(client, post)
    heading_text = re.search(r'<h2 id="comments-title"[^>]*>(.*?)</h2>', html, re.S)
    assert " ".join(heading_text.group(1).split()) == heading


def test_author_name_links_to_their_website_as_user_content(client, post):
    CommentFactory(post=post, author_name="Tom", author_url="https://tom.example/")
    html = page_html(client, post)
    assert (
        '<a class="url" href="https://tom.example/" rel="external nofollow ugc">'
        "<bdi>Tom</bdi></a>" in html
    )


def test_the_post_authors_comments_are_marked(client, post):
    comment = CommentFactory(post=post, user=post.author)
    html = page_html(client, post)
    assert re.search(rf'id="comment-{comment.pk}" class="[^"]*\bbypostauthor\b', html)


def test_replies_say_whom_they_answer_to_screen_readers(client, post):
    build_thread(post, "Tom\n  David")
    html = page_html(client, post)
    assert '<p class="screen-reader-text">In reply to <bdi>Tom</bdi></p>' in html


def test_reply_links_are_real_links_named_for_the_comment(client, post):
    comment = CommentFactory(post=post, author_name="Tom")
    html = page_html(client, post)
    assert f'href="{post.get_absolute_url()}?replytocom={comment.pk}#respond"' in html
    assert 'aria-label="Reply to \u2068Tom\u2069"' in html


def test_no_reply_link_at_the_depth_limit(client, post):
    set_rules(max_depth=3)
    made = build_thread(post, "A\n  B\n    C")
    html = page_html(client, post)
    assert f"replytocom={made['B'].pk}#" in html
    assert f"replytocom={made['C'].pk}#" not in html


def test_names_are_escaped(client, post):
    CommentFactory(post=post, author_name="<b>Bob</b>", body="hi")
    html = page_html(client, post)
    assert "<b>Bob</b>" not in html
    assert "&lt;b&gt;Bob&lt;/b&gt;" in html


def test_held_and_spam_comments_are_not_shown_to_readers(client, post):
    CommentFactory(post=post, body="held text", status=Comment.Status.PENDING)
    CommentFactory(post=post, body="spam text", status=Comment.Status.SPAM)
    html = page_html(client, post)
    assert "held text" not in html
    assert "spam text" not in html


def test_a_removed_comment_with_replies_shows_as_a_tombstone(client, post, staff):
    made = build_thread(post, "Tom\n  David")
    comment_remove(comment=made["Tom"])
    html = page_html(client, post)
    assert "This comment was removed." in html
    assert "Comment Tom<" not in html
    assert f'id="comment-{made["David"].pk}"' in html
    assert "In reply to a removed comment" in html


@pytest.mark.parametrize("status", [Comment.Status.SPAM, Comment.Status.PENDING])
def test_replies_under_a_hidden_comment_stay_under_a_placeholder(client, post, status):
    made = build_thread(post, "Tom\n  David\n    Ann\nKyle")
    Comment.objects.filter(pk=made["David"].pk).update(status=status)
    html = thread_html(page_html(client, post))
    found = parse_thread(html)
    assert [pk for pk, _, _ in found] == [
        made[name].pk for name in ("Tom", "David", "Ann", "Kyle")
    ]
    assert "Comment David" not in html
    assert "This comment was removed." in html
    assert "awaiting moderation" not in html


def test_a_hidden_comment_without_shown_replies_is_left_out(client, post):
    made = build_thread(post, "Tom\n  David\n    Ann\nKyle")
    for name in ("David", "Ann"):
        Comment.objects.filter(pk=made[name].pk).update(status=Comment.Status.SPAM)
    found = parse_thread(thread_html(page_html(client, post)))
    assert [pk for pk, _, _ in found] == [made["Tom"].pk, made["Kyle"].pk]


def test_stale_blocks_are_rendered_again_and_stored(client, post):
    comment = CommentFactory(post=post, body_html="<p>fresh words</p>")
    Comment.objects.filter(pk=comment.pk).update(html="old block", html_version="0")
    html = page_html(client, post)
    assert "old block" not in html
    assert "fresh words" in Comment.objects.get(pk=comment.pk).html


def test_blocks_that_cannot_be_stored_are_still_shown(
    client, post, monkeypatch, caplog
):
    from django.db import OperationalError

    comment = CommentFactory(post=post, body_html="<p>fresh words</p>")
    Comment.objects.filter(pk=comment.pk).update(html="old block", html_version="0")

    def deadlock(*args, **kwargs):
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(Comment.objects, "bulk_update", deadlock)
    html = page_html(client, post)

    assert "fresh words" in html
    assert "old block" not in html
    assert "Comment blocks not stored this time" in caplog.text


def test_renaming_a_user_renders_their_comments_again(client, post):
    user = UserFactory(display_name="Old Name")
    CommentFactory(post=post, user=user)
    page_html(client, post)
    user.display_name = "New Name"
    user.save()
    assert "New Name" in page_html(client, post)


def bulk_thread(post, count: int) -> None:
    """`count` approved comments in threads of four (root, reply, its reply, reply)."""
    user = UserFactory()
    threads = count // 4
    last = Comment.objects.order_by("-tree_id").values_list("tree_id", flat=True)
    first_tree = (last.first() or 0) + 1

    def make(i, parent, level, lft, rght):
        return Comment(
            post=post,
            parent=parent,
            user=user if i % 3 == 0 else None,
            author_name=f"Reader {i}",
            body=f"Comment {i}",
            body_html=f"<p>Comment {i}</p>",
            status=Comment.Status.APPROVED,
            tree_id=first_tree + i,
            level=level,
            lft=lft,
            rght=rght,
        )

    create = Comment.objects.bulk_create
    roots = create(make(i, None, 0, 1, 8) for i in range(threads))
    firsts = create(make(i, r, 1, 2, 5) for i, r in enumerate(roots))
    create(
        [make(i, f, 2, 3, 4) for i, f in enumerate(firsts)]
        + [make(i, r, 1, 6, 7) for i, r in enumerate(roots)]
    )
    CommentFactory.create_batch(count - 4 * threads, post=post)
    post.comment_count = count
    post.save()


def queries_for_page(client, post) -> int:
    page_html(client, post)  # the first view stores any missing comment blocks
    with CaptureQueriesContext(connection) as queries:
        page_html(client, post)
    return len(queries)


def test_query_count_is_the_same_for_0_27_and_1000_comments(client):
    counts = []
    for size in (0, 27, 1000):
        post = PostFactory()
        bulk_thread(post, size)
        assert Comment.objects.filter(post=post).count() == size
        counts.append(queries_for_page(client, post))
    assert counts[0] == counts[1] == counts[2]


def test_a_thousand_comments_render_as_their_stored_tree(client):
    post = PostFactory()
    bulk_thread(post, 1000)
    found = parse_thread(thread_html(page_html(client, post)))
    assert found == stored_thread(post)
