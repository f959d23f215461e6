"""How allauth fills in our User from a social login."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from blog.text import single_line

from .models import User

DISPLAY_NAME_MAX_LENGTH = User._meta.get_field("display_name").max_length
EMAIL_STAGE = "allauth.account.stages.EmailVerificationStage"


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self) -> list[str]:
        """allauth's stages, with staff let through the email check
        (accounts.login_stages)."""
        staff_aware = "accounts.login_stages.StaffOrVerifiedEmailStage"
        return [
            staff_aware if path == EMAIL_STAGE else path
            for path in super().get_login_stages()
        ]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """Take the display name from the provider's claims (name, else given +
        family name), so that comments show what the person calls themselves,
        made one line (blog.text).

        Called once for every social login, just after its provider read the
        email addresses, before any of them is trusted: so this is where they
        are made verified only by a real boolean true (see `_verified_strictly`).
        """
        _verified_strictly(sociallogin.email_addresses)
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        name = single_line(name or "").strip()
        user.display_name = name[:DISPLAY_NAME_MAX_LENGTH]
        return user


def _verified_strictly(addresses) -> None:
    """An address counts as verified only if its provider said a real `true`.

    allauth's OpenID Connect provider (and GitHub's) pass the claim on as they
    received it, and Python takes the strings "false" or "0" as true: such a
    claim would sign in to the local account holding the address (with
    `email_authentication`), mark a new account's address verified, or fail to
    store at all (`null`, "true").
    """
    for address in addresses:
        address.verified = address.verified is True
