import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command


@pytest.mark.django_db
def test_migrate_names_the_site_after_site_url_and_site_name(settings):
    settings.SITE_URL = "https://blog.example.org"
    settings.SITE_NAME = "Field Notes"
    call_command("migrate", verbosity=0)
    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == ("blog.example.org", "Field Notes")
