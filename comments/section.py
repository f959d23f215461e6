"""The comment section under a post, as the blog's post page asks for it."""

from urllib.parse import unquote

from django.middleware.csrf import get_token
from django.urls import reverse

from .assembly import ModerationForms, RenderedThread, ThreadOptions, render_thread
from .drafts import draft_pop
from .edit_window import edit_window_start
from .forms import CommentForm, sign_form_timestamp
from .models import Comment
from .moderation_settings import moderation_settings
from .page_messages import messages_at_comments
from .paging import comment_page, newest_first, thread_order
from .permissions import can_moderate
from .queries import ThreadRow, shown_comments, thread_rows
from .rendering import fragment_version, refresh_stale_fragments
from .rules import comments_closing_time, comments_open
from .thread_cache import kept_thread, shares_public_thread, thread_keep
from .visibility import placeholder_ids
from .writer_cookies import DETAIL_COOKIES, WRITTEN_COOKIE, is_writer, written_ids


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


def _saved_details(request) -> dict[str, str]:
    """The details a guest asked to keep (name, email, website), from their cookies."""
    return {
        field: unquote(request.COOKIES[cookie])
        for field, cookie in DETAIL_COOKIES.items()
        if cookie in request.COOKIES
    }


def _initial_form(
    request, post, parent: Comment | None, timestamp: str | None, details
) -> CommentForm:
    initial = {
        "post_id": post.pk,
        "parent_id": parent.pk if parent else None,
        "timestamp": timestamp or sign_form_timestamp(post.pk),
    }
    details = _saved_details(request) if details is None else details
    if details:
        initial.update(details, save_details=True)
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


def _moderation_messages(moderation: ModerationForms | None, request, comments):
    """For a moderator, the messages said at comments (after a button pressed
    without JavaScript) go to their comments; those about a comment no longer shown
    (marked as spam) go to the top of the thread, under its id, where the redirect
    lands; the page's other messages stay at the top of the page."""
    if moderation is None:
        return {}
    moderation.messages, others = messages_at_comments(request)
    shown = {comment.pk for comment in comments}
    return {
        "messages": others,
        "comment_notes": [
            (pk, message)
            for pk, message in moderation.messages.items()
            if pk not in shown
        ],
    }


def _section_context(request, post, *, form, timestamp, details) -> dict:
    """Context for `comments/section.html` under a post, the public thread from
    the cache when this viewer shares it and asks for no reply target."""
    page = comment_page(lambda: shown_comments(request, post), request.GET.get("cpage"))
    cacheable = (
        form is None
        and request.GET.get("replytocom") is None
        and shares_public_thread(request)
    )
    if not cacheable:
        return _thread_context(
            request, post, page, form=form, timestamp=timestamp, details=details
        )
    is_open = comments_open(post)
    cached = kept_thread(post, page.number, is_open)
    if cached is None:
        context = _thread_context(
            request, post, page, form=None, timestamp=timestamp, details=details
        )
        cached = (context["comment_thread"], context["comment_mentions"])
        thread_keep(post, page.number, is_open, cached)
        return context
    thread, mentions = cached
    return {
        "comment_thread": thread,
        "comment_mentions": mentions,
        "comment_count": post.comment_count,
        "comment_page": page,
        "comment_form": _initial_form(request, post, None, timestamp, details)
        if is_open
        else None,
        "comments_open": is_open,
        "reply_to": None,
    }


def _thread_context(request, post, page, *, form, timestamp, details) -> dict:
    """Context for `comments/section.html` under a post: the comments shown to
    this viewer, the threads on `page` of them.

    `form` is a bound form sent back with its errors; the page then keeps the reply
    where the reader wrote it.
    """
    comments = thread_rows(request, post, page.tree_ids, newest_first=newest_first())
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
        form = _initial_form(request, post, reply_to, timestamp, details)
    options = ThreadOptions(
        post_author_id=post.author_id,
        max_depth=moderation_settings().max_depth,
        can_reply=is_open,
        post_url=post.get_absolute_url(),
        reply_query=f"cpage={page.number}&amp;" if page.number > 1 else "",
        own_ids=_editable_own_ids(request, comments),
        placeholder_ids=placeholder_ids(request, post, comments),
        moderation=_moderation_forms(request, post),
    )
    said_at_comments = _moderation_messages(options.moderation, request, comments)
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
        **said_at_comments,
    }


def _page_section_context(page) -> dict:
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


class CommentSection:
    """The comments of one post (or, read-only, of one page) as the blog asks for
    them: the section's context, when its form closes, and what its kept HTML
    depends on. The blog reaches the comment section through this object only."""

    # The cookies by which a reader's page differs: the comments their browser
    # wrote, the details they asked to keep.
    PERSONAL_COOKIES = frozenset({WRITTEN_COOKIE, *DETAIL_COOKIES.values()})

    def __init__(self, request, post):
        self.request = request
        self.post = post

    def context(
        self,
        *,
        refused_form: CommentForm | None = None,
        timestamp=None,
        details: dict[str, str] | None = None,
    ):
        """Context for `comments/section.html`: `refused_form` is a form sent back
        with its errors; `timestamp` goes in a new form instead of a freshly signed
        one (a slot the page fills per reader with `form_timestamp`), `details` in
        its name, email and website fields instead of the reader's saved ones
        (slots the page fills with `saved_details`)."""
        return _section_context(
            self.request,
            self.post,
            form=refused_form,
            timestamp=timestamp,
            details=details,
        )

    # The form fields a guest may ask to keep, and the cookies keeping them.
    DETAIL_FIELDS = tuple(DETAIL_COOKIES)
    DETAIL_COOKIE_NAMES = frozenset(DETAIL_COOKIES.values())

    @staticmethod
    def saved_details(request) -> dict[str, str]:
        """The details this guest asked to keep, by form field."""
        return _saved_details(request)

    def closes_at(self):
        """When the form goes: comments close by the post's age (None: never)."""
        return comments_closing_time(self.post)

    @staticmethod
    def form_timestamp(post_id: int) -> str:
        return sign_form_timestamp(post_id)

    @staticmethod
    def html_version() -> str:
        """Changes whenever the section's stored HTML could differ."""
        return fragment_version()

    @staticmethod
    def page_context(page) -> dict:
        """Context for a page's discussion, imported from WordPress: read-only."""
        return _page_section_context(page)
