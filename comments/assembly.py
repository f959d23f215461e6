"""The thread as nested ordered lists, assembled in one pass from stored blocks.

The markup follows WordPress themes (`ol.comment-list > li.comment > ol.children`),
so a theme's CSS and every old `#comment-ID` link keep working. What differs per
viewer (the awaiting-moderation notice, Reply links) is added here, never stored.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .models import Comment


@dataclass
class ThreadOptions:
    """What the assembly needs to know beyond the comments themselves."""

    post_author_id: int | None
    max_depth: int
    can_reply: bool
    # Reply links name the post's path: a refused form is sent back from another URL.
    post_url: str = ""
    reply_query: str = ""  # kept in Reply links, e.g. "cpage=2&amp;"


def _names(comment: Comment) -> str:
    if comment.status == Comment.Status.REMOVED:
        return ""
    return escape(comment.get_author_name())


def _classes(comment: Comment, options: ThreadOptions) -> list[str]:
    # Replies below the depth setting are shown at the deepest level (as WordPress).
    classes = ["comment", f"depth-{min(comment.level, options.max_depth - 1) + 1}"]
    if comment.user_id:
        classes.append("byuser")
        if comment.user_id == options.post_author_id:
            classes.append("bypostauthor")
    if comment.status == Comment.Status.REMOVED:
        classes.append("comment-removed")
    elif comment.status == Comment.Status.PENDING:
        classes.append("comment-pending")
    return classes


def _texts() -> dict[str, str]:
    """The translated, escaped words of the assembly, looked up once a thread."""
    return {
        key: escape(gettext(text))
        for key, text in {
            "reply": "Reply",
            "reply_to": "Reply to %(name)s",
            "title": "Leave a Reply to %(name)s",
            "in_reply_to": "In reply to %(name)s",
            "in_reply_to_removed": "In reply to a removed comment",
            "awaiting": "Your comment is awaiting moderation.",
        }.items()
    }


def _reply_link(comment: Comment, name: str, options: ThreadOptions, texts) -> str:
    if not (
        options.can_reply
        and comment.status == Comment.Status.APPROVED
        and comment.level + 1 < options.max_depth
    ):
        return ""
    label = texts["reply_to"] % {"name": name}
    title = texts["title"] % {"name": name}
    return (
        f'<div class="reply"><a rel="nofollow" class="comment-reply-link" '
        f'href="{options.post_url}?{options.reply_query}replytocom={comment.pk}'
        '#respond" '
        f'data-commentid="{comment.pk}" '
        f'data-replytitle="{title}" aria-label="{label}">{texts["reply"]}</a></div>'
    )


def _in_reply_to(parent_name: str, texts) -> str:
    if parent_name:
        text = texts["in_reply_to"] % {"name": parent_name}
    else:
        text = texts["in_reply_to_removed"]
    return f'<p class="screen-reader-text">{text}</p>'


def render_thread(comments: list[Comment], options: ThreadOptions) -> SafeString:
    """Nested lists from comments ordered by (tree_id, lft), in a single pass.

    A comment whose parent is not shown (held, or marked as spam after the reply
    was approved) is left out with its replies, so the nesting stays true.
    """
    texts = _texts()
    awaiting = f'<p class="comment-awaiting-moderation">{texts["awaiting"]}</p>'
    parts: list[str] = ['<ol class="comment-list">']
    stack: list[int] = []  # ids of the open <li>, innermost last
    has_children: set[int] = set()
    open_tags: dict[int, int] = {}  # id -> index of its <li> tag in parts
    classes: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    # Where each comment is nested: its parent, or for a reply deeper than
    # max_depth allows (an imported thread), beside its parent at the deepest level.
    shown_parents: dict[int, int | None] = {}

    def close_innermost() -> None:
        closed = stack.pop()
        parts.append("</ol></li>" if closed in has_children else "</li>")

    for comment in comments:
        parent_id = comment.parent_id
        if parent_id is not None and parent_id not in open_tags:
            continue
        shown_parent = parent_id
        if parent_id is not None and comment.level > options.max_depth - 1:
            shown_parent = shown_parents[parent_id]
        shown_parents[comment.pk] = shown_parent
        while stack and stack[-1] != shown_parent:
            close_innermost()
        if shown_parent is not None and shown_parent not in has_children:
            has_children.add(shown_parent)
            classes[shown_parent].append("parent")
            parts.append('<ol class="children">')
        name = _names(comment)
        names[comment.pk] = name
        classes[comment.pk] = _classes(comment, options)
        open_tags[comment.pk] = len(parts)
        parts.append("")  # the <li> tag, written once its classes are known
        parts.append(f'<article id="div-comment-{comment.pk}" class="comment-body">')
        if parent_id is not None:
            parts.append(_in_reply_to(names[parent_id], texts))
        parts.append(comment.html)
        if comment.status == Comment.Status.PENDING:
            parts.append(awaiting)
        parts.append(_reply_link(comment, name, options, texts))
        parts.append("</article>")
        stack.append(comment.pk)
    while stack:
        close_innermost()
    parts.append("</ol>")
    for pk, index in open_tags.items():
        parts[index] = f'<li id="comment-{pk}" class="{" ".join(classes[pk])}">'
    return mark_safe("".join(parts))
