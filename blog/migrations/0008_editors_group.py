"""The "Editors" group: authors who may also see and change everyone's posts,
drafts and scheduled ones included (`edit_others_posts`; see PostQuerySet)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
# The Authors' permissions (0002), and the one that makes an editor.
CODENAMES = [
    "add_post",
    "change_post",
    "delete_post",
    "view_post",
    "edit_others_posts",
    "add_tag",
    "view_tag",
    "add_image",
    "view_image",
]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after the last migration; this group needs
    # them now, edit_others_posts included.
    blog = apps.get_app_config("blog")
    blog.models_module = True
    create_permissions(blog, apps=apps, verbosity=0)
    blog.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="blog", codename__in=CODENAMES
        )
    )


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0007_wordpress_record_site"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="post",
            options={
                "get_latest_by": "published_at",
                "ordering": ["-published_at", "-id"],
                "permissions": [
                    (
                        "edit_others_posts",
                        "Can see and change other authors' posts, drafts included",
                    )
                ],
            },
        ),
        migrations.RunPython(create_editors_group, delete_editors_group),
    ]
