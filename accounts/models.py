from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with an account: author, moderator or signed-in reader."""

    display_name = models.CharField(
        _("display name"),
        max_length=100,
        blank=True,
        help_text=_(
            "Shown beside posts and comments. Leave blank to use the full name."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    # An uploaded avatar, square, re-encoded without metadata (accounts.profile_images).
    avatar_large = models.ImageField(
        _("avatar (192 px)"), upload_to="avatars/", blank=True, editable=False
    )
    avatar_small = models.ImageField(
        _("avatar (96 px)"), upload_to="avatars/", blank=True, editable=False
    )

    def get_display_name(self) -> str:
        """The name readers see: display name, else full name, else username."""
        return self.display_name or self.get_full_name() or self.username

    def __str__(self) -> str:
        return self.get_display_name()

