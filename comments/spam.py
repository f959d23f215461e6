"""The spam check behind one function, its backend chosen by COMMENTS_SPAM_BACKEND.

A backend is a callable `(comment) -> SpamVerdict`; an outside service
(Akismet or similar) plugs in as a dotted path to such a callable.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Comment
from .moderation_settings import moderation_settings
from .screening import matching_word, word_list


@dataclass(frozen=True)
class SpamVerdict:
    is_spam: bool
    reason: str = ""


NOT_SPAM = SpamVerdict(False)


def honeypot_filled(data) -> bool:
    """The field hidden from people was filled in: a robot sent the form."""
    return bool(data.get("url_confirm"))


def spam_check(comment: Comment) -> SpamVerdict:
    """Whether the new or edited comment is spam, by the configured backend."""
    return import_string(settings.COMMENTS_SPAM_BACKEND)(comment)


def builtin_backend(comment: Comment) -> SpamVerdict:
    """The block word list. (A filled honeypot and a too-fast submission are
    refused by the form before any comment exists: comments.forms.CommentForm.)"""
    rules = moderation_settings()
    word = matching_word(comment, word_list(rules.block_words))
    if word:
        return SpamVerdict(
            True, _("Contains “%(word)s” from the block word list.") % {"word": word}
        )
    return NOT_SPAM
