"""Writes into the comment tree that stay correct when several happen at once.

django-mptt keeps `tree_id/lft/rght/level` with read-then-write queries, so two
transactions running side by side corrupt the tree; comments.locks says which locks
serialize them, and in which order. A new thread's tree id is allocated under
`tree_id_lock` (by `CommentManager._get_next_tree_id`, so every path that creates a
thread takes it); a reply holds its thread's root row, so replies into different
threads never wait for each other. An import writes whole threads at once
(`comment_threads_bulk_insert`), under the same locks.
"""

from collections import defaultdict
from collections.abc import Mapping

from django.db import router, transaction
from django.db.models import Max

from .locks import comment_tree_lock, tree_id_lock
from .models import Comment


def comment_tree_insert(comment: Comment) -> Comment:
    """Save a new comment into its thread: a new thread, or the last reply to its
    parent. Returns the saved comment.

    Meant to run inside the caller's `transaction.atomic()` (with the rest of
    the write: counters, notifications on commit), so the locks last until that
    commits; it opens its own atomic block too, so it is also safe alone. Inside
    the caller's, no savepoint: a database error while inserting fails the caller's
    write as a whole (a refused comment is refused before any query).
    """
    if not comment._state.adding or comment.pk is not None:
        raise ValueError("comment_tree_insert() only inserts new comments.")
    parent = comment.parent
    if parent is not None and parent.pk is None:
        raise ValueError("The parent comment has not been saved.")
    if parent is not None and parent.post_id != comment.post_id:
        raise ValueError("A reply must belong to its parent's post.")
    using = router.db_for_write(Comment, instance=comment)
    with transaction.atomic(using=using, savepoint=False):
        if parent is not None:
            comment_tree_lock(parent)
            # The lock has just read the parent's tree fields: mptt need not
            # read them again before making room for the reply.
            comment.insert_at(parent, position="last-child", refresh_target=False)
        comment.save(using=using)
    return comment


def comment_threads_bulk_insert(
    *,
    tops: list[Comment],
    replies: Mapping[int, list[Comment]],
    deepest_level: int,
    using: str = "default",
) -> None:
    """Save new comments, already linked, into their threads: an import's way.

    `tops` are the comments whose parent is not new: each starts a thread (no
    `parent_id`) or answers a saved comment (`parent_id` set); `replies[id(c)]`
    are the new replies to `c`, in order. A reply below `deepest_level` follows
    the comment it answers, beside it. Call it inside the caller's transaction:
    the tree id lock is held until that ends.

    New threads get consecutive tree ids and their tree fields are counted here
    (a stack, not recursion: a chain can be 10,000 deep), then written with one
    bulk_create per level, parents before replies. Replies to saved comments
    must make room in their thread: inserted one at a time (comment_tree_insert).
    """
    new_threads = [top for top in tops if top.parent_id is None]
    if new_threads:
        tree_id_lock(using=using)
        highest = Comment.objects.using(using).aggregate(top=Max("tree_id"))["top"]
        first = (highest or 0) + 1
        levels, parents = _thread_levels(new_threads, replies, deepest_level, first)
        for level in sorted(levels):
            batch = levels[level]
            for comment in batch:
                if id(comment) in parents:  # saved with the level above
                    comment.parent_id = parents[id(comment)].pk
            Comment.objects.using(using).bulk_create(batch, batch_size=1000)
    for top in tops:
        if top.parent_id is not None:
            _replies_insert(top, replies, deepest_level, using)


def _thread_levels(
    roots: list[Comment], replies: Mapping, deepest_level: int, first_tree_id: int
) -> tuple[dict[int, list[Comment]], dict[int, Comment]]:
    """Number the threads from `roots` (tree id, lft, rght, level), the first
    `first_tree_id`: their comments by level, and the parent of each reply by
    `id(reply)` (kept aside, not set: a parent not saved yet has no pk)."""
    levels: dict[int, list[Comment]] = defaultdict(list)
    parents: dict[int, Comment] = {}
    for offset, root in enumerate(roots):
        counter = 1
        stack = [(root, 0, None, False)]
        while stack:
            comment, level, parent, leaving = stack.pop()
            if leaving:
                comment.rght = counter
                counter += 1
                continue
            comment.tree_id, comment.level = first_tree_id + offset, level
            comment.lft = counter
            counter += 1
            levels[level].append(comment)
            if parent is not None:
                parents[id(comment)] = parent
            below = reversed(replies.get(id(comment), []))
            if level < deepest_level:
                stack.append((comment, level, parent, True))
                stack.extend((reply, level + 1, comment, False) for reply in below)
            else:  # its replies next, once it is closed
                stack.extend((reply, level, parent, False) for reply in below)
                stack.append((comment, level, parent, True))
    return levels, parents


def _replies_insert(top: Comment, replies: Mapping, deepest_level: int, using) -> None:
    """`top`, a new reply to a saved comment, and the new replies below it, each
    as its parent's last reply (its parent's parent's, when the parent is at the
    deepest level)."""
    stack = [(top, Comment.objects.using(using).get(pk=top.parent_id))]
    while stack:
        current, parent = stack.pop()
        if parent.level >= deepest_level:
            parent = parent.get_ancestors().get(level=deepest_level - 1)
        current.parent = parent
        comment_tree_insert(current)
        below = reversed(replies.get(id(current), []))
        stack.extend((reply, current) for reply in below)
