"""Search posts by the words in their title and body.

PostgreSQL ranks with its full-text search (stemmed, so "relationship" finds
"relationships") over each post's stored search vector, made when the post is
saved and indexed (GIN, migration blog 0009); other databases fall back to every
word appearing in the title or the body.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value

MAX_WORDS = 10


def search_posts(posts: QuerySet, query: str) -> QuerySet:
    """The posts of `posts` that match `query`, best first."""
    if not query.split():
        return posts.none()
    if connection.vendor == "postgresql":
        return full_text_search(posts, query)
    return word_search(posts, query)


def search_vector(title, body) -> SearchVector:
    """What PostgreSQL searches in a post: titles weigh more than bodies.

    `title` and `body` are a post's texts, or expressions (`F("title")`).
    """
    config = settings.SEARCH_CONFIG
    title, body = (
        part if hasattr(part, "resolve_expression") else Value(part)
        for part in (title, body)
    )
    return SearchVector(title, weight="A", config=config) + SearchVector(
        body, weight="B", config=config
    )


def search_vectors_refresh(posts: QuerySet) -> int:
    """Make the stored search vector of `posts` again (after SEARCH_CONFIG
    changed); the number of posts."""
    return posts.update(search_vector=search_vector(F("title"), F("body")))


def full_text_search(posts: QuerySet, query: str) -> QuerySet:
    """PostgreSQL full-text search over the stored vectors, best match first."""
    config = settings.SEARCH_CONFIG
    search_query = SearchQuery(query, search_type="websearch", config=config)
    return (
        posts.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "-published_at", "-id")
    )


def word_search(posts: QuerySet, query: str) -> QuerySet:
    """Every word of `query` in the title or the body, case-insensitively."""
    condition = Q()
    for word in query.split()[:MAX_WORDS]:
        condition &= Q(title__icontains=word) | Q(body__icontains=word)
    return posts.filter(condition).order_by("-published_at", "-id")
