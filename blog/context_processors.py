from django.conf import settings

from .models import Page


def site(request):
    """Site name, description and navigation pages for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_DESCRIPTION": settings.SITE_DESCRIPTION,
        # Lazy: one query, run only by a template that shows the navigation.
        "nav_pages": Page.objects.published()
        .filter(nav_order__isnull=False)
        .only("title", "slug"),
    }
