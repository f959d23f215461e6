"""The "Authors" group: may write posts and change or delete their own (see admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHORS = "Authors"
PERMISSIONS = {
    "post": ("add", "change", "delete", "view"),
    "tag": ("add", "view"),
    "image": ("add", "view"),
}


def create_authors_group(apps, schema_editor):
    # Permissions are normally created after the last migration; this group needs
    # them now, on a fresh database too.
    blog = apps.get_app_config("blog")
    blog.models_module = True
    create_permissions(blog, apps=apps, verbosity=0)
    blog.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=AUTHORS)
    codenames = [
        f"{action}_{model}"
        for model, actions in PERMISSIONS.items()
        for action in actions
    ]
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="blog", codename__in=codenames
        )
    )


def delete_authors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=AUTHORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_authors_group, delete_authors_group),
    ]
