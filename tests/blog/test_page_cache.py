"""The kept pages' cache backend (blog.page_cache): LocMemCache without pickling."""

import pytest
import time_machine
from django.core.cache import caches

from blog.page_cache import ObjectMemoryCache


@pytest.fixture
def cache():
    return ObjectMemoryCache("test-pages", {"OPTIONS": {"MAX_ENTRIES": 3}})


def test_the_pages_cache_is_an_object_memory_cache():
    assert isinstance(caches["pages"], ObjectMemoryCache)


def test_a_kept_value_is_given_back_as_the_same_object_not_a_copy(cache):
    page = (b"<html>" * 1000,)
    cache.set("page", page, 60)

    assert cache.get("page") is page


def test_a_kept_value_expires_after_its_timeout(cache):
    with time_machine.travel("2026-11-26 12:00:00+00:00", tick=False) as clock:
        cache.set("page", "kept", 60)
        clock.shift(61)

        assert cache.get("page") is None


def test_add_keeps_a_value_only_where_there_is_none(cache):
    assert cache.add("page", "first", 60)
    assert not cache.add("page", "second", 60)
    assert cache.get("page") == "first"


def test_it_holds_at_most_max_entries(cache):
    for number in range(10):
        cache.set(f"page-{number}", number, 60)

    kept = [number for number in range(10) if cache.get(f"page-{number}") is not None]
    assert len(kept) <= 3
    assert 9 in kept


def test_it_counts_as_django_s_caches_do(cache):
    cache.set("count", 1, 60)

    assert cache.incr("count") == 2
    assert cache.decr("count", 5) == -3
    assert cache.get("count") == -3
    with pytest.raises(ValueError):
        cache.incr("missing")
