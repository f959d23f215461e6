"""Search posts by the words in their title and body.

PostgreSQL ranks with its full-text search (stemmed, so "relationship" finds
"relationships"); other databases fall back to every word appearing in the title
or the body.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

MAX_WORDS = 10


def search_posts(posts: QuerySet, query: str) -> QuerySet:
    """The posts of `posts` that match `query`, best first."""
    if not query.split():
        return posts.none()
    if connection.vendor == "postgresql":
        return full_text_search(posts, query)
    return word_search(posts, query)


def full_text_search(posts: QuerySet, query: str) -> QuerySet:
    """PostgreSQL full-text search: titles weigh more than bodies."""
    config = settings.SEARCH_CONFIG
    vector = SearchVector("title", weight="A", config=config) + SearchVector(
        "body", weight="B", config=config
    )
    search_query = SearchQuery(query, search_type="websearch", config=config)
    return (
        posts.annotate(search=vector, rank=SearchRank(vector, search_query))
        .filter(search=search_query)
        .order_by("-rank", "-published_at", "-id")
    )


def word_search(posts: QuerySet, query: str) -> QuerySet:
    """Every word of `query` in the title or the body, case-insensitively."""
    condition = Q()
    for word in query.split()[:MAX_WORDS]:
        condition &= Q(title__icontains=word) | Q(body__icontains=word)
    return posts.filter(condition).order_by("-published_at", "-id")
