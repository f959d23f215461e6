from django.apps import AppConfig
from django.core.signals import setting_changed
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


def site_sync(sender, **kwargs):
    """Keep the Sites record (used in allauth's emails) in step with SITE_URL."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )


def superuser_email_verified(sender, instance, created, raw=False, **kwargs):
    """A superuser is made by `createsuperuser` or by staff: their email counts as
    verified, as for accounts the admin and `load_demo` make."""
    if created and not raw and instance.is_superuser:
        from .models import email_mark_verified

        email_mark_verified(instance)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from allauth.socialaccount.models import SocialApp

        from .providers import providers_cache_clear, providers_settings_changed

        post_migrate.connect(site_sync, sender=self)
        post_save.connect(superuser_email_verified, sender=self.get_model("User"))
        for signal in (post_save, post_delete):
            signal.connect(providers_cache_clear, sender=SocialApp)
        m2m_changed.connect(providers_cache_clear, sender=SocialApp.sites.through)
        setting_changed.connect(providers_settings_changed)
