"""Optional pagination of a discussion by top-level threads (the rules' per_page)."""

from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from django.conf import settings
from django.db.models import QuerySet

from .moderation_settings import moderation_settings


@dataclass(frozen=True)
class CommentPage:
    number: int
    count: int
    tree_ids: list[int] | None  # the threads on this page; None: every thread

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


def newest_first() -> bool:
    """Whether threads are shown newest first (else oldest first)."""
    return settings.COMMENTS_PAGE_ORDER == "newest"


def thread_order() -> list[str]:
    """Threads oldest or newest first; a thread's own comments always in order."""
    return ["-tree_id" if newest_first() else "tree_id", "lft"]


def _root_tree_ids(shown) -> list[int]:
    roots = shown.filter(level=0).order_by(thread_order()[0])
    return list(roots.values_list("tree_id", flat=True))


def comment_page(shown: Callable[[], QuerySet], requested: str | None) -> CommentPage:
    """The page asked for (clamped to the pages there are) of the comments `shown()`;
    one query when paginated, none otherwise."""
    per_page = moderation_settings().per_page
    if per_page <= 0:
        return CommentPage(number=1, count=1, tree_ids=None)
    roots = _root_tree_ids(shown())
    count = max(1, ceil(len(roots) / per_page))
    try:
        number = min(max(int(requested or 1), 1), count)
    except ValueError:
        number = 1
    start = (number - 1) * per_page
    on_page = roots[start : start + per_page]
    return CommentPage(number=number, count=count, tree_ids=on_page)


def page_number_of(shown, tree_id: int) -> int:
    """The page that shows the thread `tree_id`."""
    per_page = moderation_settings().per_page
    if per_page <= 0:
        return 1
    roots = _root_tree_ids(shown)
    return roots.index(tree_id) // per_page + 1 if tree_id in roots else 1
