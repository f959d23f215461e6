"""Search: words in titles and bodies of published posts."""

import pytest

from blog.models import Post
from blog.search import full_text_search, search_posts, word_search
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts():
    return {
        "title": PostFactory(title="Real relationships", body="Online we connect."),
        "body": PostFactory(title="Agendas", body="Every relationship is real."),
        "neither": PostFactory(title="Gardening", body="Tomatoes need sun."),
    }


def titles(queryset) -> set[str]:
    return {post.title for post in queryset}


def test_search_page_finds_words_in_titles_and_bodies(client, posts):
    response = client.get("/search/", {"q": "real"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Real relationships" in html
    assert "Agendas" in html
    assert "Gardening" not in html


def test_search_page_says_how_many_posts_match(client, posts):
    html = client.get("/search/", {"q": "tomatoes"}).content.decode()
    assert "1 post matches “tomatoes”." in html


def test_search_page_without_words_shows_the_form_only(client, posts):
    response = client.get("/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in html
    assert "Gardening" not in html


def test_search_page_is_not_indexed(client):
    html = client.get("/search/", {"q": "x"}).content.decode()
    assert '<meta name="robots" content="noindex">' in html


def test_search_leaves_out_drafts(client):
    PostFactory(title="Unpublished thoughts", status=Post.Status.DRAFT)
    html = client.get("/search/", {"q": "unpublished"}).content.decode()
    assert "Unpublished thoughts" not in html


def test_word_search_needs_every_word_in_the_title_or_the_body(posts):
    found = word_search(Post.objects.all(), "REAL online")
    assert titles(found) == {"Real relationships"}


def test_word_search_ignores_case(posts):
    assert titles(word_search(Post.objects.all(), "TOMATOES")) == {"Gardening"}


def test_blank_search_finds_nothing(posts):
    assert list(search_posts(Post.objects.all(), "   ")) == []


@pytest.mark.postgres
class TestFullTextSearchOnPostgreSQL:
    """PostgreSQL's own search."""

    def test_search_uses_full_text_search(self, posts):
        found = search_posts(Post.objects.all(), "relationship")
        assert "rank" in found.query.annotations

    def test_stemming_finds_other_forms_of_a_word(self, posts):
        found = full_text_search(Post.objects.all(), "relationship")
        assert titles(found) == {"Real relationships", "Agendas"}

    def test_a_match_in_the_title_ranks_before_one_in_the_body(self, posts):
        found = full_text_search(Post.objects.all(), "relationships")
        assert [post.title for post in found] == ["Real relationships", "Agendas"]

    def test_every_word_must_match(self, posts):
        found = full_text_search(Post.objects.all(), "tomatoes online")
        assert list(found) == []

    def test_quoted_phrases_and_exclusions_follow_web_search_syntax(self, posts):
        found = full_text_search(Post.objects.all(), "relationship -online")
        assert titles(found) == {"Agendas"}

    def test_an_edited_title_is_found_once_the_post_is_saved(self, posts):
        post = posts["neither"]
        post.title = "Gardening with bees"
        post.save(update_fields=["title"])

        assert titles(full_text_search(Post.objects.all(), "bees")) == {
            "Gardening with bees"
        }

    def test_search_reads_the_stored_vector_without_making_one_per_post(self, posts):
        sql = str(full_text_search(Post.objects.all(), "relationship").query)

        assert "search_vector" in sql
        assert "to_tsvector" not in sql

    def test_the_stored_vectors_have_a_gin_index(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = %s",
                [Post._meta.db_table],
            )
            definitions = [row[0] for row in cursor.fetchall()]

        assert any("USING gin (search_vector)" in d for d in definitions)

    def test_the_refresh_command_makes_every_vector_again(self, posts):
        from io import StringIO

        from django.core.management import call_command

        Post.objects.update(search_vector=None)
        out = StringIO()

        call_command("refresh_search_vectors", stdout=out)

        assert "3 posts" in out.getvalue()
        assert titles(full_text_search(Post.objects.all(), "tomatoes")) == {"Gardening"}

    def test_refreshing_the_vectors_makes_them_as_saving_does(self, posts):
        from blog.search import search_vectors_refresh

        Post.objects.update(search_vector=None)

        assert search_vectors_refresh(Post.objects.all()) == 3
        found = full_text_search(Post.objects.all(), "relationships")
        assert [post.title for post in found] == ["Real relationships", "Agendas"]


def test_search_results_pages_keep_the_words_searched_for(client, settings):
    settings.POSTS_PER_PAGE = 1
    PostFactory(title="Tea one")
    PostFactory(title="Tea two")
    html = client.get("/search/", {"q": "tea leaves"}).content.decode()
    assert "0 posts match" in html
    html = client.get("/search/", {"q": "tea"}).content.decode()
    assert 'href="?q=tea&amp;page=2" rel="next"' in html


def test_the_search_page_takes_as_many_queries_for_many_posts_as_for_few(
    client, django_assert_max_num_queries
):
    for number in range(2):
        PostFactory(title=f"Tea number {number}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/search/", {"q": "tea"})
    for number in range(2, 9):
        PostFactory(title=f"Tea number {number}")

    with django_assert_max_num_queries(len(few)):
        client.get("/search/", {"q": "tea"})
