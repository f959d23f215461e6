"""The thread as nested ordered lists, assembled in one pass from stored blocks.

The markup follows WordPress themes (`ol.comment-list > li.comment > ol.children`),
so a theme's CSS and every old `#comment-ID` link keep working. What differs per
viewer (the awaiting-moderation notice, Reply links, moderator buttons) is added
here, never stored.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from html import escape as escape_text

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from .models import Comment


@dataclass
class ModerationForms:
    """For a viewer who moderates the post: where the buttons post, with what token."""

    action_url: str
    csrf_token: str
    # Messages said at comments (comments.page_messages), by comment id: each is
    # shown at its comment, above its buttons.
    messages: dict = field(default_factory=dict)


@dataclass
class ThreadOptions:
    """What the assembly needs to know beyond the comments themselves."""

    post_author_id: int | None
    max_depth: int
    can_reply: bool
    # Reply links name the post's path: a refused form is sent back from another URL.
    post_url: str = ""
    reply_query: str = ""  # kept in Reply links, e.g. "cpage=2&amp;"
    own_ids: frozenset[int] = frozenset()  # the viewer's comments, still editable
    # Hidden comments shown only because replies hang under them: a placeholder.
    placeholder_ids: frozenset[int] = frozenset()
    moderation: ModerationForms | None = None  # None: the viewer does not moderate


def _hidden(comment: Comment, options: ThreadOptions) -> bool:
    """Shown as a placeholder, its author and text not: removed, or hidden from
    this viewer with replies under it."""
    return (
        comment.status == Comment.Status.REMOVED
        or comment.pk in options.placeholder_ids
    )


def _names(comment: Comment, options: ThreadOptions) -> str:
    if _hidden(comment, options):
        return ""
    # The standard library's escape, as Django's does, without making a SafeString
    # of each of 10,000 names.
    return escape_text(comment.get_author_name())


def _classes(comment: Comment, options: ThreadOptions) -> list[str]:
    # Replies below the depth setting are shown at the deepest level (as WordPress).
    classes = ["comment", f"depth-{min(comment.level, options.max_depth - 1) + 1}"]
    if comment.user_id:
        classes.append("byuser")
        if comment.user_id == options.post_author_id:
            classes.append("bypostauthor")
    if _hidden(comment, options):
        classes.append("comment-removed")
    elif comment.status == Comment.Status.PENDING:
        classes.append("comment-pending")
    return classes


@lru_cache(maxsize=16)
def _texts(language: str) -> dict[str, str]:
    """The translated, escaped words of the assembly in `language`."""
    return {
        key: escape(gettext(text))
        for key, text in {
            "reply": "Reply",
            "reply_to": "Reply to %(name)s",
            "title": "Leave a Reply to %(name)s",
            "in_reply_to": "In reply to %(name)s",
            "in_reply_to_removed": "In reply to a removed comment",
            "awaiting": "Your comment is awaiting moderation.",
            "placeholder": "This comment was removed.",
            "edit": "Edit",
            "delete": "Delete",
            "pending": "Pending",
            "removed": "Removed",
            "approve": "Approve",
            "spam": "Spam",
            "not_spam": "Not spam",
            "remove": "Remove",
            "restore": "Restore",
        }.items()
    }


def _reply_link(comment: Comment, name: str, options: ThreadOptions, texts) -> str:
    if not (
        options.can_reply
        and comment.status == Comment.Status.APPROVED
        and comment.level + 1 < options.max_depth
    ):
        return ""
    # An attribute cannot hold <bdi>: the name is isolated by FSI ... PDI, its
    # plain-text equivalent (the script puts the title in the form's heading).
    isolated = f"\u2068{name}\u2069"
    label = texts["reply_to"] % {"name": isolated}
    title = texts["title"] % {"name": isolated}
    return (
        f'<div class="reply"><a rel="nofollow" class="comment-reply-link" '
        f'href="{options.post_url}?{options.reply_query}replytocom={comment.pk}'
        '#respond" '
        f'data-commentid="{comment.pk}" '
        f'data-replytitle="{title}" aria-label="{label}">{texts["reply"]}</a></div>'
    )


def _own_links(comment: Comment, options: ThreadOptions, texts) -> str:
    """Edit and Delete, for the writer alone; both lead to a page with its form."""
    if comment.pk not in options.own_ids or comment.status == Comment.Status.REMOVED:
        return ""
    edit = reverse("comments:edit", kwargs={"pk": comment.pk})
    delete = reverse("comments:delete", kwargs={"pk": comment.pk})
    return (
        f'<p class="comment-own-links"><a class="comment-edit-link" href="{edit}">'
        f'{texts["edit"]}</a> <a class="comment-delete-link" href="{delete}">'
        f"{texts['delete']}</a></p>"
    )


def _in_reply_to(parent_name: str, texts) -> str:
    if parent_name:
        text = texts["in_reply_to"] % {"name": f"<bdi>{parent_name}</bdi>"}
    else:
        text = texts["in_reply_to_removed"]
    return f'<p class="screen-reader-text">{text}</p>'


# The buttons a moderator sees under a comment, by its status.
_BUTTONS = {
    Comment.Status.PENDING: ("approve", "spam", "remove"),
    Comment.Status.APPROVED: ("spam", "remove"),
    Comment.Status.SPAM: ("not_spam", "remove"),
    Comment.Status.REMOVED: ("restore",),
}
# The mark a moderator sees on a comment readers do not see, by its status.
_MARKS = {
    Comment.Status.PENDING: "pending",
    Comment.Status.SPAM: "spam",
    Comment.Status.REMOVED: "removed",
}


def _moderation_message(message) -> str:
    """A message said at a comment, marked up as the page script shows one."""
    return (
        f'<p class="comment-moderation-message message-{message.level_tag}" '
        f'role="status">{escape(str(message))}</p>'
    )


def _moderation_tools(comment: Comment, forms: ModerationForms, texts) -> str:
    """The status mark with its reason, and one POST form of buttons (no JS
    needed). An erased comment has nothing to restore."""
    parts = []
    if comment.status in _MARKS:
        reason = escape(comment.moderation_reason)
        parts.append(
            '<p class="comment-moderation-status">'
            f"<strong>{texts[_MARKS[comment.status]]}</strong>"
            + (f" — {reason}" if reason else "")
            + "</p>"
        )
    if (message := forms.messages.get(comment.pk)) is not None:
        parts.append(_moderation_message(message))
    actions = _BUTTONS.get(comment.status, ())
    if comment.status == Comment.Status.REMOVED and not comment.is_restorable:
        actions = ()
    buttons = "".join(
        f'<button type="submit" name="action" value="{action}" '
        f'class="moderation-{action}">{texts[action]}</button>'
        for action in actions
    )
    parts.append(
        f'<form method="post" action="{escape(forms.action_url)}" '
        'class="comment-moderation moderation-actions">'
        f'<input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{escape(forms.csrf_token)}">'
        f'<input type="hidden" name="comment" value="{comment.pk}">{buttons}</form>'
    )
    return "".join(parts)


@dataclass(frozen=True)
class RenderedThread:
    """The thread's HTML as UTF-8 bytes.

    A comment with one emoji makes a Python string four bytes a character: a thread
    of 10,000 comments would be some 50 MB as a string, 13 MB as bytes. The post page
    splices the bytes in (blog.post_page); a template shows them as HTML.
    """

    content: bytes = b""

    def __str__(self) -> SafeString:
        # Templates turn values into strings before they escape them.
        return mark_safe(self.content.decode())

    __html__ = __str__

    def __bool__(self) -> bool:
        return bool(self.content)


def _shown_parents(
    comments: list[Comment], options: ThreadOptions
) -> dict[int, int | None]:
    """Where each shown comment is nested: under its parent or, for a reply deeper
    than max_depth allows (an imported thread), beside its parent at the deepest
    level. A comment whose parent is not shown is left out, with its replies."""
    shown: dict[int, int | None] = {}
    for comment in comments:
        parent_id = comment.parent_id
        if parent_id is None:
            shown[comment.pk] = None
        elif parent_id in shown:
            too_deep = comment.level > options.max_depth - 1
            shown[comment.pk] = shown[parent_id] if too_deep else parent_id
    return shown


def render_thread(comments: list[Comment], options: ThreadOptions) -> RenderedThread:
    """Nested lists from comments ordered by (tree_id, lft), in a single pass.

    A comment whose parent is not shown (held, or marked as spam after the reply
    was approved) is left out with its replies, so the nesting stays true.
    """
    texts = _texts(get_language())
    awaiting = f'<p class="comment-awaiting-moderation">{texts["awaiting"]}</p>'
    placeholder = (
        '<div class="comment-content comment-removed">'
        f"<p>{texts['placeholder']}</p></div>"
    ).encode()
    shown_parents = _shown_parents(comments, options)
    parents = {parent for parent in shown_parents.values() if parent is not None}
    names: dict[int, str] = {}
    parts: list[bytes] = [b'<ol class="comment-list">']
    stack: list[int] = []  # ids of the open <li>, innermost last

    for comment in comments:
        pk = comment.pk
        if pk not in shown_parents:
            continue
        shown_parent = shown_parents[pk]
        while stack and stack[-1] != shown_parent:
            parts.append(b"</ol></li>" if stack.pop() in parents else b"</li>")
        name = names[pk] = _names(comment, options)
        classes = _classes(comment, options)
        if pk in parents:
            classes.append("parent")
        head = (
            f'<li id="comment-{pk}" class="{" ".join(classes)}">'
            f'<article id="div-comment-{pk}" class="comment-body">'
        )
        if comment.parent_id is not None:
            head += _in_reply_to(names[comment.parent_id], texts)
        hidden = _hidden(comment, options)
        if options.moderation is not None:
            tail = _moderation_tools(comment, options.moderation, texts)
        elif comment.status == Comment.Status.PENDING and not hidden:
            tail = awaiting
        else:
            tail = ""
        tail += _reply_link(comment, name, options, texts)
        tail += _own_links(comment, options, texts) + "</article>"
        if pk in parents:
            tail += '<ol class="children">'
        content = placeholder if hidden else comment.html.encode()
        parts += [head.encode(), content, tail.encode()]
        stack.append(pk)
    while stack:
        parts.append(b"</ol></li>" if stack.pop() in parents else b"</li>")
    parts.append(b"</ol>")
    return RenderedThread(b"".join(parts))
