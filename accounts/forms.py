from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from blog.text import SingleLineField, WebsiteField

from .models import User
from .profile_images import avatar_squares


class ProfileForm(forms.ModelForm):
    """What readers see of a signed-in commenter: name, website, picture."""

    website = WebsiteField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    # A FileField: blog.images judges the picture, with its messages for people.
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
        help_text=_("A JPEG, PNG, GIF or WebP picture; it is cut to a square."),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my picture"), required=False)

    class Meta:
        model = User
        fields = ("display_name", "website")
        field_classes = {"display_name": SingleLineField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.squares = None

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if upload:
            try:
                self.squares = avatar_squares(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return upload

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.squares or self.cleaned_data.get("remove_avatar"):
            user.avatar_large.delete(save=False)
            user.avatar_small.delete(save=False)
        if self.squares:
            user.avatar_large.save("avatar.png", self.squares[192], save=False)
            user.avatar_small.save("avatar.png", self.squares[96], save=False)
        if commit:
            user.save()
        return user


class AccountDeleteForm(forms.Form):
    """Deleting an account: what happens to the comments, and a confirmation."""

    class CommentChoice:
        KEEP = "keep"
        REMOVE = "remove"

    comments = forms.ChoiceField(
        label=_("My comments"),
        widget=forms.RadioSelect,
        choices=[
            (CommentChoice.KEEP, _("Keep them, shown as from “a deleted user”")),
            (CommentChoice.REMOVE, _("Remove them (replies to them stay)")),
        ],
        initial=CommentChoice.KEEP,
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."), required=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            # Signed in through a provider only: there is no password to ask for.
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
