"""What the post page needs to show a post's discussion (public to the blog app)."""

from urllib.parse import unquote

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from .assembly import ModerationForms, RenderedThread, ThreadOptions, render_thread
from .drafts import draft_pop
from .forms import CommentForm, sign_form_timestamp
from .models import Comment
from .moderation_settings import moderation_settings
from .paging import comment_page, thread_order
from .permissions import can_moderate
from .rendering import fragment_version, refresh_stale_fragments
from .rules import comments_open

# The guest comments this browser wrote, in a signed cookie rather than the session:
# posting then writes one row, not two (a session write was a tenth of a comment's
# cost, profiled), and a guest who comments gets no session at all.
WRITTEN_COOKIE = "comments_written"
WRITTEN_SALT = "comments.written"
WRITTEN_KEPT = 50
# Cookie names for the guest details a reader agreed to keep (WordPress uses the same).
DETAIL_COOKIES = {
    "author_name": "comment_author",
    "author_email": "comment_author_email",
    "author_url": "comment_author_url",
}


def written_cookie(ids) -> str:
    """The cookie value naming the guest comments `ids`, signed so that no reader can
    claim another's comment."""
    text = ",".join(str(pk) for pk in ids)
    return signing.TimestampSigner(salt=WRITTEN_SALT).sign(text)


def written_ids(request) -> tuple[int, ...]:
    """The guest comments this browser wrote, oldest first; none when its cookie is
    missing, altered or older than a session."""
    try:
        return request._comments_written
    except AttributeError:
        pass
    ids = ()
    value = request.COOKIES.get(WRITTEN_COOKIE)
    if value:
        signer = signing.TimestampSigner(salt=WRITTEN_SALT)
        try:
            text = signer.unsign(value, max_age=settings.SESSION_COOKIE_AGE)
            ids = tuple(int(pk) for pk in text.split(",") if pk)
        except (signing.BadSignature, ValueError):
            ids = ()
    request._comments_written = ids
    return ids


def remember_written(request, response, comment: Comment) -> None:
    """Name a guest's new comment in their browser's cookie, with the last ones
    they wrote: they see it while it is held, and may edit it for a while."""
    ids = [*written_ids(request)[-(WRITTEN_KEPT - 1) :], comment.pk]
    response.set_cookie(
        WRITTEN_COOKIE,
        written_cookie(ids),
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_writer(request, comment: Comment) -> bool:
    """Whether this viewer wrote the comment: signed in as its user, or, for a
    guest's comment, the browser it was written in."""
    if comment.user_id:
        user = request.user
        return user.is_authenticated and comment.user_id == user.pk
    return comment.pk in written_ids(request)


def edit_window_start():
    """Comments written after this their writers may still edit or delete."""
    return timezone.now() - timezone.timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)


def still_editable(comment: Comment) -> bool:
    """Within the minutes its writer may still edit or delete it."""
    return comment.created_at > edit_window_start()


def held_shown(request, post) -> tuple[bool, tuple[int, ...], int | None]:
    """Which held comments of `post` this viewer sees in place: every one (True,
    for those who moderate the post), else their own: the guest comments this
    browser wrote (ids) and, signed in, their account's (its id)."""
    user = request.user
    if can_moderate(user, post):
        return True, (), None
    return False, written_ids(request), user.pk if user.is_authenticated else None


def _shown_here(request, post) -> Q:
    """The comments of `post` this viewer sees for themselves: approved ones, the
    held ones `held_shown` names, and removed ones for those who moderate (so that
    they can restore them)."""
    shown = Q(status=Comment.Status.APPROVED)
    every_held, own_ids, own_user_id = held_shown(request, post)
    if every_held:
        shown |= Q(status__in=(Comment.Status.PENDING, Comment.Status.REMOVED))
    elif own_ids or own_user_id:
        own = Q(pk__in=own_ids)
        if own_user_id:
            own |= Q(user_id=own_user_id)
        shown |= own & Q(status=Comment.Status.PENDING)
    return shown


def shown_comments(request, post):
    """The comments of `post` this viewer may see: `_shown_here`'s, and placeholders
    for the hidden comments those hang under."""
    return Comment.objects.filter(post=post).with_placeholders(
        _shown_here(request, post)
    )


def _reply_target(comments: list[Comment], wanted) -> Comment | None:
    try:
        wanted = int(wanted)
    except (TypeError, ValueError):
        return None
    for comment in comments:
        if comment.pk == wanted:
            replyable = comment.level + 1 < moderation_settings().max_depth
            ok = comment.status == Comment.Status.APPROVED and replyable
            return comment if ok else None
    return None


def _initial_form(request, post, parent: Comment | None) -> CommentForm:
    initial = {
        "post_id": post.pk,
        "parent_id": parent.pk if parent else None,
        "timestamp": sign_form_timestamp(post.pk),
    }
    for field, cookie in DETAIL_COOKIES.items():
        if cookie in request.COOKIES:
            initial[field] = unquote(request.COOKIES[cookie])
            initial["save_details"] = True
    initial.update(draft_pop(request, post))
    return CommentForm(initial=initial, post=post, user=request.user)


def _editable_own_ids(request, rows: "list[ThreadRow]") -> frozenset[int]:
    """The viewer's comments among `rows` that they may still edit or delete."""
    if not (request.user.is_authenticated or written_ids(request)):
        return frozenset()
    mine = [row.pk for row in rows if is_writer(request, row)]
    if not mine:
        return frozenset()
    recent = Comment.objects.filter(pk__in=mine, created_at__gt=edit_window_start())
    return frozenset(recent.values_list("pk", flat=True))


def _moderation_forms(request, post) -> ModerationForms | None:
    """What the moderator buttons need, for those who moderate the post only."""
    if not can_moderate(request.user, post):
        return None
    return ModerationForms(
        action_url=reverse("comments:moderate"),
        csrf_token=get_token(request),
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
    here_c, here_params = _shown_here_sql("c", every_held, own_ids, own_user_id)
    here_d, _same = _shown_here_sql("d", every_held, own_ids, own_user_id)
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


def _shown_here_sql(alias: str, every_held, own_ids, own_user_id):
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


def _placeholder_ids(request, post, rows: list[ThreadRow]) -> frozenset[int]:
    """The rows shown only because replies hang under them (not `_shown_here`)."""
    every_held, own_ids, own_user_id = held_shown(request, post)

    def shown_here(row: ThreadRow) -> bool:
        if row.status == Comment.Status.APPROVED:
            return True
        if every_held:
            return row.status in (Comment.Status.PENDING, Comment.Status.REMOVED)
        own = row.pk in own_ids or (own_user_id and row.user_id == own_user_id)
        return bool(own) and row.status == Comment.Status.PENDING

    return frozenset(row.pk for row in rows if not shown_here(row))


# The comments `_shown_here` gives, and those they hang under (placeholders).
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


def shares_public_thread(request) -> bool:
    """Whether this viewer sees the thread every anonymous reader sees: a reader
    who is not signed in (moderators see more, writers their Edit links) and has
    written no comment from this browser (held ones, or ones still editable)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not written_ids(request)


def thread_cache_key(post, page_number: int, can_reply: bool) -> str:
    """The cache key of a post's public thread HTML.

    `post.thread_version` must have been read before the comments are: a thread
    stored under a version is then never older than that version.
    """
    rules = moderation_settings()
    parts = [
        post.pk,
        # A database restored or recreated beside a kept cache reuses post ids.
        post.created_at.timestamp(),
        post.thread_version,
        fragment_version(),
        page_number,
        int(can_reply),
        rules.max_depth,
        rules.per_page,
        settings.COMMENTS_PAGE_ORDER,
        get_language(),
    ]
    return "comments:thread:" + ":".join(str(part) for part in parts)


def thread_context(request, post, *, form: CommentForm | None = None) -> dict:
    """Context for `comments/section.html` under a post, the public thread from
    the cache when this viewer shares it and asks for no reply target."""
    page = comment_page(lambda: shown_comments(request, post), request.GET.get("cpage"))
    cacheable = (
        form is None
        and request.GET.get("replytocom") is None
        and shares_public_thread(request)
    )
    if not cacheable:
        return _thread_context(request, post, page, form=form)
    is_open = comments_open(post)
    key = thread_cache_key(post, page.number, is_open)
    cached = cache.get(key)
    if cached is None:
        context = _thread_context(request, post, page, form=None)
        cached = (context["comment_thread"], context["comment_mentions"])
        cache.set(key, cached, settings.THREAD_CACHE_SECONDS)
        return context
    thread, mentions = cached
    return {
        "comment_thread": thread,
        "comment_mentions": mentions,
        "comment_count": post.comment_count,
        "comment_page": page,
        "comment_form": _initial_form(request, post, None) if is_open else None,
        "comments_open": is_open,
        "reply_to": None,
    }


def _thread_context(request, post, page, *, form: CommentForm | None = None) -> dict:
    """Context for `comments/section.html` under a post: the comments shown to
    this viewer, the threads on `page` of them.

    `form` is a bound form sent back with its errors; the page then keeps the reply
    where the reader wrote it.
    """
    comments = thread_rows(request, post, page.tree_ids)
    # Pingbacks and trackbacks (from WordPress imports) are listed apart, under it.
    mentions = [
        c
        for c in comments
        if c.kind != Comment.Kind.COMMENT and c.status == Comment.Status.APPROVED
    ]
    if mentions:
        mentions = list(
            Comment.objects.filter(pk__in=[c.pk for c in mentions])
            .select_related("user")
            .order_by(*thread_order())
        )
    comments = [c for c in comments if c.kind == Comment.Kind.COMMENT]
    is_open = comments_open(post)
    wanted = form.data.get("parent_id") if form else request.GET.get("replytocom")
    reply_to = _reply_target(comments, wanted) if is_open else None
    if form is None and is_open:
        form = _initial_form(request, post, reply_to)
    options = ThreadOptions(
        post_author_id=post.author_id,
        max_depth=moderation_settings().max_depth,
        can_reply=is_open,
        post_url=post.get_absolute_url(),
        reply_query=f"cpage={page.number}&amp;" if page.number > 1 else "",
        own_ids=_editable_own_ids(request, comments),
        placeholder_ids=_placeholder_ids(request, post, comments),
        moderation=_moderation_forms(request, post),
    )
    return {
        "comment_thread": render_thread(comments, options)
        if comments
        else RenderedThread(),
        "comment_count": post.comment_count,
        "comment_mentions": mentions,
        "comment_page": page,
        "comment_form": form,
        "comments_open": is_open,
        "reply_to": reply_to,
        "comment_moderation": options.moderation is not None,
    }


def page_thread_context(page) -> dict:
    """Context for a page's discussion, imported from WordPress: read-only."""
    comments = list(
        Comment.objects.filter(page=page, kind=Comment.Kind.COMMENT)
        .visible()
        .select_related("user")
        .defer("body", "user_agent", "ip_address")
        .order_by("tree_id", "lft")
    )
    refresh_stale_fragments(comments)
    options = ThreadOptions(
        post_author_id=None,
        max_depth=moderation_settings().max_depth,
        can_reply=False,
        post_url=page.get_absolute_url(),
        placeholder_ids=frozenset(
            c.pk for c in comments if c.status != Comment.Status.APPROVED
        ),
    )
    return {
        "comment_thread": render_thread(comments, options)
        if comments
        else RenderedThread()
    }
