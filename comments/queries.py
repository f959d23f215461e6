"""The comment section's raw SQL, each statement beside the QuerySet it mirrors and
held to it by a test: a cold post page reads its thread with one
(tests/comments/test_thread_rows.py); posting a comment reads the rules record and
asks two questions about its writer with the others
(tests/comments/test_posting_queries.py).
"""

from functools import lru_cache

from django.db import connection

from .models import Comment, ModerationSettings
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


def thread_rows(
    request, post, tree_ids: list[int] | None, *, newest_first: bool
) -> list[ThreadRow]:
    """The comments `shown_comments` gives this viewer, in the threads `tree_ids`
    (None: every thread), in thread order (comments.paging), as rows; their
    out-of-date stored blocks rendered again first.

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
    sql = _THREAD_ROWS.format(
        here_c=here_c,
        here_d=here_d,
        in_threads=in_threads,
        direction="DESC" if newest_first else "ASC",
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


def _column(field: str) -> str:
    return connection.ops.quote_name(Comment._meta.get_field(field).column)


def _writer_sql(by_account: bool) -> str:
    """The condition "written by this writer", on its one parameter: the account,
    or a guest's email whatever its case (`email_is`)."""
    if by_account:
        return f"{_column('user')} = %s"
    return f"UPPER({_column('author_email')}) = UPPER(%s)"


def moderation_settings_record():
    """`ModerationSettings.objects.filter(pk=1).first()`: the rules record, read by
    every request that shows or takes comments."""
    found = ModerationSettings.objects.raw(_moderation_settings_sql(connection.vendor))
    return next(iter(found), None)


@lru_cache(maxsize=2)
def _moderation_settings_sql(vendor: str) -> str:
    meta = ModerationSettings._meta
    columns = ", ".join(
        connection.ops.quote_name(field.column) for field in meta.concrete_fields
    )
    table = connection.ops.quote_name(meta.db_table)
    pk = connection.ops.quote_name(meta.pk.column)
    return f"SELECT {columns} FROM {table} WHERE {pk} = 1"  # noqa: S608 (no values)


def writer_has_approved_comment(*, user_id: int | None, email: str) -> bool:
    """`Comment.objects.approved()` written by the account `user_id` (else with the
    email `email`, `.with_email`), `.exists()`: the moderation rules' "first comment"
    question, asked of every comment posted."""
    if not user_id and not email:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            _approved_by_writer_sql(connection.vendor, bool(user_id)),
            [Comment.Status.APPROVED, user_id or email],
        )
        return cursor.fetchone() is not None


@lru_cache(maxsize=4)
def _approved_by_writer_sql(vendor: str, by_account: bool) -> str:
    writer = _writer_sql(by_account)
    table = connection.ops.quote_name(Comment._meta.db_table)
    return (
        f"SELECT 1 FROM {table} WHERE {_column('status')} = %s "  # noqa: S608
        f"AND {writer} LIMIT 1"
    )


def same_text_exists(
    *, post_id: int, body: str, user_id: int | None, email: str
) -> bool:
    """`Comment.objects.filter(post_id=post_id, body=body)` from the same writer (the
    account `user_id`; else a guest, `user__isnull=True`, with the email `email`
    whatever its case), `.exists()`: a resend. Asked inside the writer's lock,
    where every statement's cost is paid by each writer waiting for it."""
    with connection.cursor() as cursor:
        cursor.execute(
            _same_text_sql(connection.vendor, bool(user_id)),
            [post_id, body, user_id or email],
        )
        return cursor.fetchone() is not None


@lru_cache(maxsize=4)
def _same_text_sql(vendor: str, by_account: bool) -> str:
    writer = _writer_sql(by_account)
    table = connection.ops.quote_name(Comment._meta.db_table)
    guest = "" if by_account else f" AND {_column('user')} IS NULL"
    return (
        f"SELECT 1 FROM {table} WHERE {_column('post')} = %s "  # noqa: S608
        f"AND {_column('body')} = %s AND {writer}{guest} LIMIT 1"
    )
