"""A moderator's message about one comment, shown on the post page at that comment
(where the redirect after a button lands, without JavaScript), not at the top."""

from django.contrib import messages
from django.contrib.messages.storage.base import Message

_AT_COMMENT = "at-comment-"


def message_at_comment(request, comment_id: int, text, *, ok: bool) -> None:
    """Say `text` at the comment `comment_id` when the post page is next shown."""
    add = messages.success if ok else messages.error
    add(request, text, extra_tags=f"{_AT_COMMENT}{comment_id}")


def messages_at_comments(request) -> tuple[dict[int, Message], list[Message]]:
    """This request's messages (read, so shown once): those said at a comment, by
    its id, and the others, for the top of the page."""
    at: dict[int, Message] = {}
    others: list[Message] = []
    for message in messages.get_messages(request):
        tag = message.extra_tags or ""
        if tag.startswith(_AT_COMMENT) and tag[len(_AT_COMMENT) :].isdigit():
            at[int(tag[len(_AT_COMMENT) :])] = message
        else:
            others.append(message)
    return at, others
