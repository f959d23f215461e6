"""The comment form: its fields, then the rules that refuse a comment unstored."""

import time
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.queries import email_is_registered
from blog.text import EmailAddressField, SingleLineField, TextBodyField, WebsiteField

from . import rules
from .form_renderer import CommentFormRenderer
from .models import Comment
from .spam import honeypot_filled

TIMESTAMP_SALT = "comments.form-timestamp"
TIMESTAMP_MAX_AGE = 2 * 24 * 3600  # a form left open two days must be reloaded


def sign_form_timestamp(post_id: int) -> str:
    """When the form was shown (to the second), and for which post, signed so it
    cannot be forged."""
    return _signed_timestamp(post_id, int(time.time()), settings.SECRET_KEY)


# Every cookie-less reader of a kept page gets a fresh timestamp: the signature is
# the same for one post within one second, and worked out once.
@lru_cache(maxsize=64)
def _signed_timestamp(post_id: int, at: int, secret_key: str) -> str:
    return signing.dumps(
        {"post": post_id, "at": at}, key=secret_key, salt=TIMESTAMP_SALT
    )


def refuse_undecodable(value: str) -> None:
    """Django turns bytes that are not UTF-8 into U+FFFD: refuse them rather than
    store the damaged text."""
    if "\ufffd" in value:
        raise forms.ValidationError(
            _(
                "This text holds characters that could not be read (not UTF-8). "
                "Please type it again."
            ),
            code="undecodable",
        )


class CommentForm(forms.Form):
    default_renderer = CommentFormRenderer()

    # The guest's details and the text lose what blog.text strips on the way in.
    author_name = SingleLineField(label=gettext_lazy("Name"), max_length=100)
    author_email = EmailAddressField(
        label=gettext_lazy("Email"),
        help_text=gettext_lazy("Your email address will never be shown."),
    )
    author_url = WebsiteField(
        label=gettext_lazy("Website"), required=False, assume_scheme="https"
    )
    body = TextBodyField(label=gettext_lazy("Comment"), widget=forms.Textarea)
    save_details = forms.BooleanField(
        label=gettext_lazy(
            "Save my name, email, and website in this browser for the next time "
            "I comment."
        ),
        required=False,
    )
    notify_replies = forms.BooleanField(
        label=gettext_lazy("Notify me of replies by email."), required=False
    )
    post_id = forms.IntegerField(widget=forms.HiddenInput)
    parent_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    timestamp = forms.CharField(widget=forms.HiddenInput)
    # Hidden from people by CSS and aria-hidden; bots fill every field they see.
    url_confirm = forms.CharField(
        label=gettext_lazy("Leave this field empty"), required=False
    )

    def __init__(self, *args, post, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.user = user
        self.parent: Comment | None = None
        # Set when a guest used an account's email: the form then offers to log in.
        self.login_needed = False
        self.fields["body"].validators.append(
            MaxLengthValidator(settings.COMMENTS_MAX_LENGTH)
        )
        for name in ("author_name", "author_email", "author_url", "body"):
            self.fields[name].validators.append(refuse_undecodable)
        self.fields["body"].widget.attrs.update(
            rows=8, maxlength=settings.COMMENTS_MAX_LENGTH
        )
        self.fields["url_confirm"].widget.attrs.update(
            tabindex="-1", autocomplete="off"
        )
        self.fields["author_email"].widget.attrs.update(autocomplete="email")
        self.fields["author_name"].widget.attrs.update(autocomplete="name")
        self.fields["author_url"].widget.attrs.update(autocomplete="url")
        if user.is_authenticated:
            for name in ("author_name", "author_email", "author_url", "save_details"):
                del self.fields[name]

    def clean_author_email(self) -> str:
        email = self.cleaned_data["author_email"]
        if email_is_registered(email):
            self.login_needed = True
            raise forms.ValidationError(
                _("This email address belongs to an account."),
                code="registered_email",
            )
        return email

    def clean_timestamp(self) -> str:
        value = self.cleaned_data["timestamp"]
        try:
            data = signing.loads(value, salt=TIMESTAMP_SALT, max_age=TIMESTAMP_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("This form has expired. Please send your comment again."),
                code="expired",
            ) from None
        if data.get("post") != self.post.pk:
            raise forms.ValidationError(_("This form is not for this post."))
        if time.time() - data["at"] < settings.COMMENTS_MIN_SUBMIT_SECONDS:
            raise forms.ValidationError(
                _("That was faster than a person can write. Please try again."),
                code="too_fast",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if honeypot_filled(cleaned):
            raise forms.ValidationError(
                _("Your comment looks automated and was not posted."), code="honeypot"
            )
        if cleaned.get("post_id") != self.post.pk:
            raise forms.ValidationError(_("This form is not for this post."))
        if not rules.comments_open(self.post):
            raise forms.ValidationError(
                _("Comments are closed on this post."), code="closed"
            )
        self.parent = rules.check_parent(
            post=self.post, parent_id=cleaned.get("parent_id")
        )
        return cleaned
