"""Authors, editors and moderators are Django groups; staff give and take them in
the user admin.

The groups and their permissions come from data migrations (blog: "Authors" and
"Editors", comments: "Moderators"); get_or_create here only guards against a
missing one. An author sees and changes their own posts only; an editor everyone's,
drafts included (blog.models.OwnedQuerySet.editable_by).
"""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User

AUTHORS = "Authors"
EDITORS = "Editors"
MODERATORS = "Moderators"
ROLES = (AUTHORS, EDITORS, MODERATORS)


@transaction.atomic
def role_grant(*, user: User, role: str) -> None:
    """Add `user` to the role's group and let them into the admin (is_staff)."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}")
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def role_revoke(*, user: User, role: str) -> None:
    """Take the role away; without any role left (and not a superuser), the user
    leaves the admin."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}")
    user.groups.remove(*Group.objects.filter(name=role))
    has_role = user.groups.filter(name__in=ROLES).exists()
    if user.is_staff and not has_role and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
