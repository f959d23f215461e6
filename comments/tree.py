"""Writes into the comment tree that stay correct when several happen at once.

django-mptt keeps `tree_id/lft/rght/level` with read-then-write queries, so two
transactions running side by side corrupt the tree: two new threads both take
`max(tree_id) + 1`, and two replies into one thread interleave their lft/rght
shifts. Only those two things need serializing:

- allocating a tree id for a new thread: one PostgreSQL advisory lock, held to the
  end of the transaction (taken by `CommentManager._get_next_tree_id`, so every
  path that creates a thread takes it, not only this module);
- changing the shape of one thread: the row lock of its root comment
  (`select_for_update`), so replies into different threads never wait for each
  other.

SQLite needs neither: its transactions start with `BEGIN IMMEDIATE`, so writers
already run one at a time. The same code runs there; the locks are no-ops.
"""

from django.db import connections, router, transaction

from comments.models import Comment

# pg_advisory_xact_lock key for tree-id allocation: b"comments" read as a bigint.
TREE_ID_LOCK_KEY = int.from_bytes(b"comments", "big")

TREE_FIELDS = ("tree_id", "lft", "rght", "level")


def tree_id_lock(*, using: str = "default") -> None:
    """Serialize the allocation of new tree ids until this transaction ends.

    Only effective inside a transaction: in autocommit mode PostgreSQL releases a
    transaction-level lock at the end of the very statement that took it.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TREE_ID_LOCK_KEY])


def comment_tree_lock(comment: Comment) -> None:
    """Lock the thread holding `comment` until the transaction ends.

    Call it inside `transaction.atomic()` before anything that changes the
    thread's shape (a reply, deleting a comment outright). On return the
    comment's tree fields are re-read from the database: values held in memory
    may predate another transaction's insert.
    """
    using = comment._state.db or router.db_for_write(Comment, instance=comment)
    # The thread the comment was in when it was read: a comment changes thread
    # only when check_comment_trees --repair moves it, holding these locks while
    # it does, so the read after locking shows any move and one more settles it.
    tree_id = comment.tree_id
    for _attempt in range(2):
        roots = (
            Comment.objects.using(using)
            .select_for_update()
            .filter(tree_id=tree_id, parent__isnull=True)
            .order_by("pk")
        )
        list(roots.values_list("pk", flat=True))
        comment.refresh_from_db(using=using, fields=TREE_FIELDS)
        if comment.tree_id == tree_id:
            return
        tree_id = comment.tree_id
    raise RuntimeError(
        f"The thread of comment {comment.pk} kept moving while being locked."
    )


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
