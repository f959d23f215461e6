"""The moderation rules: the status a new comment starts in, and why.

The rules live in one `ModerationSettings` record edited in the admin; it is read
once a request (`moderation_settings()`) and forgotten when it is saved.
"""

import re
import sys
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html import unescape

from django.db import connection
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .models import Comment, ModerationSettings

_local = threading.local()


def moderation_settings() -> ModerationSettings:
    """The rules record; one query a request. Until it is first saved in the admin,
    an unsaved record with the defaults (reading a page writes nothing)."""
    record = getattr(_local, "record", None)
    if record is None:
        saved = ModerationSettings.objects.raw(_RULES_RECORD)
        record = next(iter(saved), None)
        if record is None:
            record = ModerationSettings()
        _local.record = record
    return record


# Every comment and every post page reads it: building `objects.get(pk=1)` through
# the ORM cost 3% of a comment's posting (callgrind).
_RULES_RECORD = "SELECT * FROM comments_moderationsettings WHERE id = 1"


def forget_moderation_settings(**kwargs) -> None:
    """Read the record again next time (a new request, or the record was saved)."""
    _local.record = None


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""  # which rule decided, in words; empty when approved


@lru_cache(maxsize=1)
def _invisible() -> dict[int, None]:
    """Every format character (Unicode category Cf: soft hyphens, zero-width
    spaces and joiners, bidi marks), to delete with str.translate."""
    return {
        code: None
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf"
    }


def normalized(text: str) -> str:
    """Text as the word lists compare it: invisible characters removed, compatible
    forms folded (full-width letters, ligatures) and case folded: a full-width
    "casino", or one with a soft hyphen inside, reads as "casino"."""
    text = unicodedata.normalize("NFKC", text.translate(_invisible()))
    return unicodedata.normalize("NFKC", text.casefold())


def word_list(text: str) -> list[str]:
    """One entry a line, compared as `normalized` text; blank lines mean nothing."""
    return [normalized(line.strip()) for line in text.splitlines() if line.strip()]


_BLOCK_END = re.compile(r"</(?:p|li|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)
_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"', re.IGNORECASE)


def rendered_text(comment: Comment) -> str:
    """What a reader of the comment sees: the text of its rendered body (blocks on
    their own lines), then the address of each of its links."""
    html = comment.body_html
    text = strip_tags(_BLOCK_END.sub("\n", html))
    return "\n".join(unescape(part) for part in [text, *_HREF.findall(html)])


def matching_word(comment: Comment, words: list[str]) -> str:
    """The first entry found in the comment's name, email, website, text (as typed
    and as rendered, with its links' addresses) or IP, all `normalized`."""
    fields = [
        comment.author_name,
        comment.author_email,
        comment.author_url,
        comment.body,
        rendered_text(comment),
        comment.ip_address or "",
    ]
    haystack = normalized("\n".join(fields))
    return next((word for word in words if word in haystack), "")


_LINK = re.compile(r"<a\s.*?</a>", re.IGNORECASE | re.DOTALL)
_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def link_count(comment: Comment) -> int:
    """The links in the rendered body, every one the renderer makes (typed as a
    link, a plain address or a bare domain: it links those), and the web addresses
    it leaves as text (an unknown domain): spammers paste those plain."""
    html = comment.body_html
    links = _LINK.findall(html)
    text = unescape(strip_tags(_LINK.sub(" ", html)))
    return len(links) + len(_ADDRESS.findall(text))


def _has_approved_comment(comment: Comment) -> bool:
    """Whether the writer has an approved comment: from the same account, or as a
    guest with the same email whatever its case."""
    if comment.user_id:
        sql, writer = _APPROVED_FROM_USER, comment.user_id
    elif comment.author_email:
        sql, writer = _APPROVED_FROM_EMAIL, comment.author_email
    else:
        return False
    with connection.cursor() as cursor:
        cursor.execute(sql, [Comment.Status.APPROVED, writer])
        return cursor.fetchone() is not None


# Every comment the rules see asks: building the ORM's query cost 5% of a
# comment's posting (callgrind). The email is compared as
# `CommentQuerySet.with_email` does, so the index on UPPER(author_email) serves it.
_APPROVED = "SELECT 1 FROM comments_comment WHERE status = %s"
_APPROVED_FROM_USER = f"{_APPROVED} AND user_id = %s LIMIT 1"
_APPROVED_FROM_EMAIL = f"{_APPROVED} AND UPPER(author_email) = UPPER(%s) LIMIT 1"


def trusted(*, post, user) -> bool:
    """Staff and the post's author are approved at once, whatever the rules say."""
    signed_in = user is not None and user.is_authenticated
    return bool(signed_in and (user.is_staff or user.pk == post.author_id))


def hold_rules(comment: Comment, rules: ModerationSettings) -> str:
    """Why the rules would hold `comment` for approval, or "" when they would not."""
    if rules.hold == ModerationSettings.Hold.EVERYONE:
        return _("Every comment is held for approval.")
    links = link_count(comment)
    if links > rules.max_links:
        return _("More than %(max)s links (%(count)s).") % {
            "max": rules.max_links,
            "count": links,
        }
    word = matching_word(comment, word_list(rules.moderation_words))
    if word:
        return _("Contains “%(word)s” from the moderation word list.") % {"word": word}
    if not _has_approved_comment(comment):
        return _("First comment from this commenter.")
    return ""


def comment_moderate(comment: Comment, *, user, request=None) -> Verdict:
    """The status a new (unsaved) comment starts in, and the rule that decided it."""
    from .spam import spam_check  # the backend may import this module

    if trusted(post=comment.post, user=user):
        return Verdict(Comment.Status.APPROVED)
    spam = spam_check(comment, request)
    if spam.is_spam:
        return Verdict(Comment.Status.SPAM, spam.reason)
    reason = hold_rules(comment, moderation_settings())
    if reason:
        return Verdict(Comment.Status.PENDING, reason)
    return Verdict(Comment.Status.APPROVED)
