from django.contrib.auth.models import AbstractUser
from django.db import connection, models
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


def email_is_registered(email: str) -> bool:
    """Whether an account holds `email`, whatever its case (as its own or as an
    allauth address)."""
    if not email:
        return False
    with connection.cursor() as cursor:
        cursor.execute(_EMAIL_REGISTERED, [email, email])
        return cursor.fetchone() is not None


# Every guest comment asks: building the ORM's query (a join) cost 4% of a
# comment's posting (callgrind). UPPER on both sides is how PostgreSQL runs
# `__iexact`; SQLite runs it as LIKE, where % and _ in an address would have to be
# escaped not to match other addresses.
_EMAIL_REGISTERED = """
SELECT 1 FROM accounts_user WHERE UPPER(email) = UPPER(%s)
UNION ALL
SELECT 1 FROM account_emailaddress WHERE UPPER(email) = UPPER(%s)
LIMIT 1
"""
