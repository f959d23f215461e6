"""Writes into the comment tree that stay correct when several happen at once.

django-mptt keeps `tree_id/lft/rght/level` with read-then-write queries, so two
transactions running side by side corrupt the tree; comments.locks says which locks
serialize them, and in which order. A new thread's tree id is allocated under
`tree_id_lock` (by `CommentManager._get_next_tree_id`, so every path that creates a
thread takes it); a reply holds its thread's root row, so replies into different
threads never wait for each other.
"""

from django.db import router, transaction

from .locks import comment_tree_lock
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
