from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkbacksConfig(AppConfig):
    """Webmention and Pingback: mentions of our posts received from other sites,
    and other sites told of the links in ours."""

    name = "linkbacks"
    verbose_name = _("Linkbacks")
    default_auto_field = "django.db.models.BigAutoField"
