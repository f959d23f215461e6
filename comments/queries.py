"""The comments' raw SQL: the comment section's one statement, beside the QuerySet
it mirrors (a cold post page reads its thread with it; tests/comments/
test_thread_rows.py holds the two to the same rows), and the id sequence moved on
for an import that keeps WordPress's comment ids (`comment_ids_reserve`)."""

from django.db import connection

from .models import Comment
from .paging import thread_order
from .rendering import fragment_version, refresh_stale_fragments
from .visibility import held_shown, shown_here


def shown_comments(request, post):
    """The comments of `post` this viewer may see: `shown_here`'s, and placeholders
    for the hidden comments those hang under."""
    return Comment.objects.filter(post=post).with_placeholders(
        shown_here(request, post)
    )


class ThreadRow:
    """A comment as the thread assembly reads it: a plain row, not a model instance.

    Profiled on a cold 10,000-comment page, building the MPTT model instances took
    more time than assembling the thread; a row holds only what the assembly uses.
    """

    __slots__ = (
        "html",
        "html_version",
        "is_restorable",
        "kind",
        "level",
        "moderation_reason",
        "name",
        "parent_id",
        "pk",
        "status",
        "user_id",
    )

    def __init__(self, row: tuple):
        (self.pk, self.parent_id, self.level, self.user_id, self.status) = row[:5]
        (self.html, self.html_version, self.kind, self.moderation_reason) = row[5:9]
        self.is_restorable = bool(row[9])
        author_name, display, first, last, username = row[10:]
        if self.user_id:
            # accounts.User.get_display_name, from the joined columns.
            author_name = display or f"{first} {last}".strip() or username
        self.name = author_name

    def get_author_name(self) -> str:
        return self.name


def thread_rows(request, post, tree_ids: list[int] | None) -> list[ThreadRow]:
    """The comments `shown_comments` gives this viewer, in the threads `tree_ids`
    (None: every thread), in thread order, as rows; their out-of-date stored blocks
    rendered again first.

    One statement rather than that QuerySet: on a cold page, building the query
    through the ORM cost seven times running it (profiled). Its conditions are
    `shown_comments`'s and `thread_order`'s, and a test holds them to those.
    """
    if tree_ids == []:
        return []
    every_held, own_ids, own_user_id = held_shown(request, post)
    here_c, here_params = shown_here_sql("c", every_held, own_ids, own_user_id)
    here_d, _same = shown_here_sql("d", every_held, own_ids, own_user_id)
    params = [post.pk, *here_params, *here_params]
    in_threads = ""
    if tree_ids is not None:
        in_threads = f"AND c.tree_id IN ({_param_marks(tree_ids)})"
        params += tree_ids
    newest = thread_order()[0].startswith("-")
    sql = _THREAD_ROWS.format(
        here_c=here_c,
        here_d=here_d,
        in_threads=in_threads,
        direction="DESC" if newest else "ASC",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [ThreadRow(row) for row in cursor.fetchall()]
    version = fragment_version()
    stale = {row.pk: row for row in rows if row.html_version != version}
    if stale:
        full = list(Comment.objects.filter(pk__in=stale).select_related("user"))
        refresh_stale_fragments(full)
        for comment in full:
            stale[comment.pk].html = comment.html
    return rows


def _param_marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def shown_here_sql(alias: str, every_held, own_ids, own_user_id):
    """`_shown_here` as SQL on the comment row `alias`, with its parameters."""
    shown, params = [f"{alias}.status = %s"], [Comment.Status.APPROVED]
    if every_held:
        shown.append(f"{alias}.status IN (%s, %s)")
        params += [Comment.Status.PENDING, Comment.Status.REMOVED]
    elif own_ids or own_user_id:
        own = []
        if own_ids:
            own.append(f"{alias}.id IN ({_param_marks(own_ids)})")
            params += own_ids
        if own_user_id:
            own.append(f"{alias}.user_id = %s")
            params.append(own_user_id)
        shown.append(f"(({' OR '.join(own)}) AND {alias}.status = %s)")
        params.append(Comment.Status.PENDING)
    return " OR ".join(shown), params


# The comments `shown_here` gives, and those they hang under (placeholders).
_THREAD_ROWS = """
SELECT c.id, c.parent_id, c.level, c.user_id, c.status, c.html, c.html_version,
    c.kind, c.moderation_reason, c.status_before_removal, c.author_name,
    u.display_name, u.first_name, u.last_name, u.username
FROM comments_comment c LEFT OUTER JOIN accounts_user u ON u.id = c.user_id
WHERE c.post_id = %s AND (({here_c}) OR EXISTS (
    SELECT 1 FROM comments_comment d
    WHERE d.tree_id = c.tree_id AND d.lft > c.lft AND d.rght < c.rght
    AND ({here_d})
)) {in_threads}
ORDER BY c.tree_id {direction}, c.lft
"""


def comment_ids_reserve(up_to: int) -> None:
    """Make every comment id the database gives from now on higher than `up_to`,
    so that ids up to it can be given by hand: an import keeps WordPress's comment
    ids, and no comment written later may take one (tests/comments/
    test_comment_ids.py). Never lowers the sequence; SQLite and PostgreSQL."""
    table = Comment._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(sequence, %s) FROM "
                "(SELECT pg_get_serial_sequence(%s, 'id')::regclass AS sequence) s "
                "WHERE %s > COALESCE(pg_sequence_last_value(sequence), 0)",
                [up_to, table, up_to],
            )
        elif connection.vendor == "sqlite":
            # AUTOINCREMENT keeps the highest id given in sqlite_sequence.
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT %s, 0 "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
                [table, table],
            )
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s",
                [up_to, table],
            )
        else:
            raise NotImplementedError(f"comment ids on {connection.vendor}")
