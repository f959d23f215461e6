"""The "Moderators" group with the comment permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
CODENAMES = ["view_comment", "change_comment", "delete_comment", "moderate_comment"]


def add_group(apps, schema_editor):
    # Permissions are made after all migrations ran; make this app's ones now.
    app_config = apps.get_app_config("comments")
    app_config.models_module = True  # historical app configs have none; it must be set
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments", codename__in=CODENAMES
        )
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("comments", "0004_moderation_rules_and_log"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
