"""The locks a comment write takes, and the one order every write takes them in.

PostgreSQL runs writers side by side, so two things need serializing: the checks
that must see each other's comments (a resend, a flood from one writer) and the
comment tree, which django-mptt keeps with read-then-write queries (two new threads
both take `max(tree_id) + 1`; two replies into one thread interleave their lft/rght
shifts). Locks taken in different orders by two transactions deadlock, so every
write takes what it needs in this order, and nothing after the post's row:

0. `import_lock`: a whole WordPress import (blog.importers.wxr), as the first
   statement of its transaction, while it holds nothing else. Imports take turns:
   two at once would both find a slug, a username or a WordPress id free, and the
   second would fail on the unique index (or, for ids, import a post twice). No
   comment write takes it, so a waiting import holds up no one; the import then
   takes the tree id lock and the rest in this order, as a writer does;
1. `writer_lock`: the writer's address, email and account (advisory locks, in
   sorted order), for the flood and resend checks, or the source and post of a
   linkback, so that one mention is stored once;
2. `tree_id_lock`: allocating a tree id for a new thread (one advisory lock);
3. `comment_tree_lock`: the root row of the thread being changed;
4. the comment rows being changed (`comment_rows_lock`, or `comment_rows_lock_many`
   in thread order), after their threads' roots;
5. the post's row, last, by the UPDATE that bumps its thread version and count.

A write that changes several threads in one transaction (erasing an account's
comments) locks all their roots first, in tree id order (`comment_threads_lock`).

A reader's request that stores comment blocks rendered again (comments.rendering)
takes only rows nobody holds (SKIP LOCKED): it never waits, so it is never part of
a deadlock.

Row locks are FOR NO KEY UPDATE: a foreign key check (a reply's parent, checked at
COMMIT because Django's foreign keys are deferred) takes KEY SHARE on the parent,
which FOR UPDATE would block, and a writer waiting on it while holding the post's
row deadlocks with one holding the parent's thread and waiting for the post.

SQLite needs none of this: its transactions start with `BEGIN IMMEDIATE`, so
writers already run one at a time. The same code runs there; the locks are no-ops.
"""

import hashlib

from django.db import connections, router

# pg_advisory_xact_lock key for tree-id allocation: b"comments" read as a bigint.
TREE_ID_LOCK_KEY = int.from_bytes(b"comments", "big")
# And for whole imports: b"imports" read as a bigint.
IMPORT_LOCK_KEY = int.from_bytes(b"imports", "big")
TREE_FIELDS = ("tree_id", "lft", "rght", "level")


def _advisory_xact_lock(keys: list[int], using: str) -> None:
    """Hold PostgreSQL advisory locks on `keys` until the transaction ends.

    Only effective inside a transaction: in autocommit mode PostgreSQL releases a
    transaction-level lock at the end of the very statement that took it.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not keys:
        return
    with connection.cursor() as cursor:
        # One statement; unnest gives the keys in the array's order.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(key) FROM unnest(%s::bigint[]) AS key",
            [keys],
        )


def _writer_key(kind: str, value: str) -> int:
    digest = hashlib.blake2b(f"comments.writer:{kind}:{value}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def writer_lock(
    *,
    ip_address: str | None,
    email: str,
    user_id: int | None,
    mention: str = "",
    using="default",
) -> None:
    """Serialize, until this transaction ends, the writes of one writer: the same
    address, the same email whatever its case, the same account, or (`mention`) the
    same page of another site mentioning the same post."""
    keys = []
    if mention:
        keys.append(_writer_key("mention", mention))
    if ip_address:
        keys.append(_writer_key("ip", ip_address))
    if email:
        keys.append(_writer_key("email", email.upper()))
    if user_id:
        keys.append(_writer_key("user", str(user_id)))
    _advisory_xact_lock(sorted(keys), using)


def import_lock(*, using: str = "default") -> None:
    """Wait for any other import, then hold off the next one until this
    transaction ends. Take it first: under READ COMMITTED, what this import reads
    afterwards includes everything the one before it committed."""
    _advisory_xact_lock([IMPORT_LOCK_KEY], using)


def tree_id_lock(*, using: str = "default") -> None:
    """Serialize the allocation of new tree ids until this transaction ends."""
    _advisory_xact_lock([TREE_ID_LOCK_KEY], using)


def comment_tree_lock(comment) -> None:
    """Lock the thread holding `comment` until the transaction ends.

    Call it inside `transaction.atomic()` before anything that changes the
    thread's shape or its rows. On return the comment's tree fields are re-read
    from the database: values held in memory may predate another transaction's
    insert.
    """
    # The model from the instance: comments.models allocates tree ids with these
    # locks, so this module does not import it.
    comments = type(comment)._default_manager
    using = comment._state.db or router.db_for_write(type(comment), instance=comment)
    # The thread the comment was in when it was read: a comment changes thread
    # only when check_comment_trees --repair moves it, holding these locks while
    # it does, so the read after locking shows any move and one more settles it.
    tree_id = comment.tree_id
    for _attempt in range(2):
        roots = (
            comments.using(using)
            .select_for_update(no_key=True)
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


def comment_rows_lock(comment):
    """The comment's current row with its user and post, locked (after its thread's
    root) until the transaction ends."""
    comment_tree_lock(comment)
    return (
        type(comment)
        ._default_manager.select_for_update(no_key=True, of=("self",))
        .select_related("user", "post")
        .get(pk=comment.pk)
    )


def comment_rows_lock_many(comments) -> list:
    """The comments' current rows with their users and posts, locked (after their
    threads' roots, `comment_threads_lock`) until the transaction ends, in thread
    order: a reply after the comment it answers."""
    comments = list(comments)
    if not comments:
        return []
    comment_threads_lock(comments)
    return list(
        type(comments[0])
        ._default_manager.select_for_update(no_key=True, of=("self",))
        .select_related("user", "post")
        .filter(pk__in=[comment.pk for comment in comments])
        .order_by("tree_id", "lft")
    )


def comment_threads_lock(comments) -> None:
    """Lock the threads of all `comments` until the transaction ends, in tree id
    order, before a write that changes several of them (see the order above)."""
    comments = list(comments)
    if not comments:
        return
    manager = type(comments[0])._default_manager
    tree_ids = sorted({comment.tree_id for comment in comments})
    roots = (
        manager.select_for_update(no_key=True)
        .filter(tree_id__in=tree_ids, parent__isnull=True)
        .order_by("tree_id", "pk")
    )
    list(roots.values_list("pk", flat=True))
