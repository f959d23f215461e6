"""Email about comments: to the post's author and moderators, and to subscribed writers.

Mail goes out in a background task queued when the transaction commits (a
rolled-back comment tells nobody): a slow or unreachable mail server never delays
the commenter, and an email it could not take is tried again later
(config.background). Names and
titles are made one line (blog.text) wherever they go: Django refuses a header with
a line break in it (BadHeaderError), which would lose the email, and whatever is
stored, each email is sent or logged on its own.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from blog.text import single_line
from config.background import enqueue_with_write, retry_later

from .models import Comment

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderators"
UNSUBSCRIBE_SALT = "comments.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600  # an old email's link still works for a year
# What a later attempt may get past: the server down, slow or saying "try later".
_PASSING_FAILURES = (OSError, smtplib.SMTPException)


def unsubscribe_token(comment: Comment) -> str:
    return signing.dumps({"comment": comment.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribed_comment_id(token: str) -> int:
    """The comment a token unsubscribes; BadSignature if it is forged or too old."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    return int(data["comment"])


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _writer_email(comment: Comment) -> str:
    if comment.user_id and comment.user and comment.user.email:
        return comment.user.email
    return comment.author_email


def _same_writer(comment: Comment, user_id: int, email: str) -> bool:
    if comment.user_id:
        return comment.user_id == user_id
    return bool(email) and email.lower() == comment.author_email.lower()


def _staff_recipients(comment: Comment) -> list[str]:
    """The post's author and the moderators, less the comment's own writer."""
    # One query, two columns: the post is read without its author.
    users = get_user_model().objects
    moderators = users.model.groups.through.objects.filter(group__name=MODERATORS_GROUP)
    people = (
        users.filter(is_active=True)
        .exclude(email="")
        .filter(Q(pk=comment.post.author_id) | Q(pk__in=moderators.values("user_id")))
        .values_list("id", "email")
    )
    emails = {
        email.lower(): email
        for user_id, email in people
        if not _same_writer(comment, user_id, email)
    }
    return sorted(emails.values())


def _rendered(template: str, context: dict) -> tuple[str, str]:
    """An email's plain text and HTML parts."""
    context = {"site_name": settings.SITE_NAME, **context}
    text = render_to_string(f"comments/email/{template}.txt", context)
    html = render_to_string(f"comments/email/{template}.html", context)
    return text, html


def _message(*, subject: str, parts: tuple[str, str], to: str, headers=None):
    text, html = parts
    subject = single_line(subject)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


def _new_comment_messages(comment: Comment) -> list[EmailMultiAlternatives]:
    pending = comment.status == Comment.Status.PENDING
    moderate = reverse("comments:moderate_confirm", kwargs={"pk": comment.pk})
    context = {
        "comment": comment,
        "post": comment.post,
        "post_url": _absolute(comment.post.get_absolute_url()),
        "author_name": single_line(comment.get_author_name()),
        "pending": pending,
        "comment_url": _absolute(moderate if pending else comment.get_absolute_url()),
        "approve_url": _absolute(f"{moderate}?action=approve"),
        "spam_url": _absolute(f"{moderate}?action=spam"),
    }
    # Plain quotes, as WordPress's: a subject of ASCII needs no RFC 2047 encoding,
    # which cost a twentieth of a comment's posting (profiled).
    if pending:
        subject = _('[%(site)s] Please moderate: "%(title)s"')
    else:
        subject = _('[%(site)s] New comment on "%(title)s"')
    subject %= {"site": settings.SITE_NAME, "title": comment.post.title}
    recipients = _staff_recipients(comment)
    if not recipients:
        return []
    # Nothing in it is the recipient's own: rendered once for them all.
    parts = _rendered("new_comment", context)
    return [_message(subject=subject, parts=parts, to=to) for to in recipients]


def _reply_messages(reply: Comment) -> list[EmailMultiAlternatives]:
    """The email to the writer of the comment `reply` answers, if they asked for it."""
    parent = reply.parent
    if parent is None or not parent.notify_replies:
        return []
    if parent.status != Comment.Status.APPROVED:
        return []
    to = _writer_email(parent)
    if not to or to.lower() == _writer_email(reply).lower():
        return []
    if parent.user_id and parent.user_id == reply.user_id:
        return []
    unsubscribe = _absolute(
        reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(parent)})
    )
    name = single_line(reply.get_author_name())
    subject = _('[%(site)s] %(name)s replied to your comment on "%(title)s"') % {
        "site": settings.SITE_NAME,
        "name": name,
        "title": reply.post.title,
    }
    context = {
        "comment": reply,
        "parent": parent,
        "post": reply.post,
        "author_name": name,
        "comment_url": _absolute(reply.get_absolute_url()),
        "unsubscribe_url": unsubscribe,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    parts = _rendered("reply", context)
    return [_message(subject=subject, parts=parts, to=to, headers=headers)]


_BUILDERS = {
    # A new comment: the author and moderators hear of it unless it is spam or
    # removed; an approved reply reaches the writer it answers.
    "created": {
        Comment.Status.PENDING: [_new_comment_messages],
        Comment.Status.APPROVED: [_new_comment_messages, _reply_messages],
    },
    "approved": {Comment.Status.APPROVED: [_reply_messages]},
}


class NotificationsNotSent(Exception):
    """Some emails about a comment could not be handed to the mail server."""


@task()
def comment_notifications_send(
    *, comment_id: int, event: str, attempt: int = 1, only: list[str] | None = None
) -> int:
    """Background task: build and send the emails about a comment's `event`, and
    return how many went. Built from the comment as it is when the task runs (a
    moderator may have changed its status since, or deleted it).

    Emails the mail server could not take are tried again later, to `only` those
    addresses (config.background), and the attempt raises so that it is seen.
    """
    comment = (
        Comment.objects.select_related("post", "user", "parent", "parent__user")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or comment.post_id is None:
        return 0
    builders = _BUILDERS[event].get(comment.status, [])
    with translation.override(settings.LANGUAGE_CODE):
        messages = [m for build in builders for m in build(comment)]
    if only is not None:
        messages = [m for m in messages if m.to[0] in only]
    failed = _deliver(messages, comment) if messages else []
    if failed:
        retry_later(
            comment_notifications_send,
            attempt=attempt,
            comment_id=comment_id,
            event=event,
            only=failed,
        )
        raise NotificationsNotSent(
            f"Attempt {attempt}: no email about comment {comment_id} to {failed}"
        )
    return len(messages)


def _deliver(messages: list[EmailMultiAlternatives], comment: Comment) -> list[str]:
    """Send each message over one connection, and return the addresses whose
    message may go later (the mail server could not be reached or refused it for
    now). One that can never be sent (an address stored with a line break in it)
    is logged and the others still go."""
    failed: list[str] = []
    try:
        mail = get_connection(fail_silently=False)
        mail.open()
    except _PASSING_FAILURES:
        logger.exception("Could not reach the mail server for comment %s", comment.pk)
        return [message.to[0] for message in messages]
    with mail:
        for message in messages:
            try:
                mail.send_messages([message])
            except _PASSING_FAILURES:
                logger.exception(
                    "Could not send a notification for comment %s to %s",
                    comment.pk,
                    message.to,
                )
                failed.append(message.to[0])
            except Exception:
                logger.exception(
                    "Cannot ever send a notification for comment %s to %s",
                    comment.pk,
                    message.to,
                )
    return failed


def _enqueue_after_commit(comment: Comment, event: str) -> None:
    """Queue the emails with the write (config.background.enqueue_with_write): a
    rolled-back comment tells nobody, and the request only inserts the task's row,
    never waits for the mail server."""
    enqueue_with_write(comment_notifications_send, comment_id=comment.pk, event=event)


def notify_comment_created(comment: Comment) -> None:
    """After commit: the author and moderators hear of a comment that is not spam;
    an approved reply reaches the subscribed writer it answers. Comments on pages
    (imported from WordPress) tell nobody: pages take no new comments."""
    if comment.post_id is None:
        return
    if comment.status in _BUILDERS["created"]:
        _enqueue_after_commit(comment, "created")


def notify_comment_approved(comment: Comment) -> None:
    """After commit: an approved reply reaches the subscribed writer it answers."""
    if comment.post_id is None:
        return
    _enqueue_after_commit(comment, "approved")
