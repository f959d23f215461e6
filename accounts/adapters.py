"""How allauth fills in our User from a social login."""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from .models import User

DISPLAY_NAME_MAX_LENGTH = User._meta.get_field("display_name").max_length


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """Take the display name from the provider's claims (name, else given +
        family name), so that comments show what the person calls themselves."""
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.display_name = (name or "").strip()[:DISPLAY_NAME_MAX_LENGTH]
        return user
