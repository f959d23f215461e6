"""The moderation rules: the status a new or edited comment starts in, and why
(`comment_verdict`)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Comment, ModerationSettings
from .moderation_settings import moderation_settings
from .queries import writer_has_approved_comment
from .screening import link_count, matching_word, word_list
from .spam import spam_check


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""  # which rule decided, in words; empty when approved


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
    if not writer_has_approved_comment(
        user_id=comment.user_id, email=comment.author_email
    ):
        return _("First comment from this commenter.")
    return ""


def comment_verdict(comment: Comment, *, user) -> Verdict:
    """The status a new (unsaved) or edited comment starts in, and the rule that
    decided it."""
    if trusted(post=comment.post, user=user):
        return Verdict(Comment.Status.APPROVED)
    spam = spam_check(comment)
    if spam.is_spam:
        return Verdict(Comment.Status.SPAM, spam.reason)
    reason = hold_rules(comment, moderation_settings())
    if reason:
        return Verdict(Comment.Status.PENDING, reason)
    return Verdict(Comment.Status.APPROVED)
