from django.contrib.admin.apps import AdminConfig


class ColloquyAdminConfig(AdminConfig):
    """django.contrib.admin, with the site of config.admin."""

    default_site = "config.admin.ColloquyAdminSite"
