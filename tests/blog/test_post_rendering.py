"""The post's head tags and article, stored rendered while current (blog.rendering)."""

import pytest
from django.db import DatabaseError, connection

from blog.models import Post
from blog.rendering import post_rendered_parts
from tests.comments.helpers import make_comment
from tests.factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db

MARK = '<article class="post">stored, not rendered again</article>'


def stored_with_mark(post) -> Post:
    """The post as a page view reads it, its stored article replaced by MARK: any
    page that shows MARK used the stored rendering."""
    post_rendered_parts(Post.objects.select_related("author").get(pk=post.pk))
    Post.objects.filter(pk=post.pk).update(article_html=MARK)
    return Post.objects.select_related("author").get(pk=post.pk)


def test_the_first_view_stores_the_head_and_article(client):
    post = PostFactory(title="Worth keeping")
    client.get(post.get_absolute_url())
    post.refresh_from_db()
    assert '<h1 class="entry-title">Worth keeping</h1>' in post.article_html
    assert '<meta property="og:title" content="Worth keeping">' in post.head_html


def test_the_stored_rendering_is_served_while_nothing_it_shows_changed(client):
    post = stored_with_mark(PostFactory())
    assert MARK in client.get(post.get_absolute_url()).content.decode()


def test_comments_leave_the_stored_rendering_in_place():
    post = stored_with_mark(PostFactory())
    make_comment(post, name="Ann")
    post = Post.objects.select_related("author").get(pk=post.pk)
    assert post_rendered_parts(post)["post_article"] == MARK


def test_an_edited_post_is_rendered_again():
    post = stored_with_mark(PostFactory(title="Before"))
    post.title = "After"
    post.save()
    article = post_rendered_parts(post)["post_article"]
    assert MARK not in article
    assert "After" in article


def test_a_renamed_author_is_rendered_again():
    post = stored_with_mark(PostFactory())
    post.author.display_name = "New Pen Name"
    post.author.save()
    post = Post.objects.select_related("author").get(pk=post.pk)
    assert "New Pen Name" in post_rendered_parts(post)["post_article"]


def test_a_renamed_or_added_tag_is_rendered_again():
    tag = TagFactory(name="Old name")
    post = stored_with_mark(PostFactory(tags=[tag]))
    tag.name = "New name"
    tag.save()
    assert "New name" in post_rendered_parts(post)["post_article"]
    post = stored_with_mark(post)
    post.tags.add(TagFactory(name="Another"))
    post = Post.objects.select_related("author").get(pk=post.pk)
    assert "Another" in post_rendered_parts(post)["post_article"]


def test_other_site_settings_render_it_again(settings):
    post = stored_with_mark(PostFactory())
    settings.SITE_NAME = "A Renamed Blog"
    parts = post_rendered_parts(post)
    assert MARK not in parts["post_article"]
    assert 'content="A Renamed Blog"' in parts["post_head"]


def test_a_refused_write_still_shows_the_page(client):
    post = PostFactory(title="Shown anyway")

    def refuse_post_updates(execute, sql, params, many, context):
        if sql.startswith('UPDATE "blog_post"'):
            raise DatabaseError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_post_updates):
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Shown anyway" in response.content.decode()
    post.refresh_from_db()
    assert post.rendered_digest == ""
