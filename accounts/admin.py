from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from blog.text import SingleLineField, WebsiteField

from .models import User, email_mark_verified
from .roles import AUTHORS, EDITORS, MODERATORS, role_grant, role_revoke


def _role_action(role: str, *, grant: bool, description: str):
    change = role_grant if grant else role_revoke

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        users = list(queryset)
        for user in users:
            change(user=user, role=role)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d user changed: %(what)s.",
                "%(count)d users changed: %(what)s.",
                len(users),
            )
            % {"count": len(users), "what": description},
            messages.SUCCESS,
        )

    action.__name__ = f"{'grant' if grant else 'revoke'}_{role.lower()}"
    return action


class AccountChangeForm(UserChangeForm):
    """The names readers see are one line (blog.text); the website is http(s)."""

    class Meta(UserChangeForm.Meta):
        field_classes = {
            **UserChangeForm.Meta.field_classes,
            "display_name": SingleLineField,
            "first_name": SingleLineField,
            "last_name": SingleLineField,
            "website": WebsiteField,
        }


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = AccountChangeForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Public profile"), {"fields": ("display_name", "website")}),
    )
    list_display = (
        "username",
        "display_name",
        "email",
        "roles",
        "is_staff",
        "is_active",
    )
    list_filter = (*BaseUserAdmin.list_filter, "groups")
    search_fields = ("username", "display_name", "email", "first_name", "last_name")
    actions = [
        _role_action(AUTHORS, grant=True, description=_("Make author")),
        _role_action(EDITORS, grant=True, description=_("Make editor")),
        _role_action(MODERATORS, grant=True, description=_("Make moderator")),
        _role_action(AUTHORS, grant=False, description=_("Remove author role")),
        _role_action(EDITORS, grant=False, description=_("Remove editor role")),
        _role_action(MODERATORS, grant=False, description=_("Remove moderator role")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_model(self, request, obj, form, change):
        """An account staff make, or whose email they set, needs no emailed link."""
        super().save_model(request, obj, form, change)
        if not change or "email" in form.changed_data:
            email_mark_verified(obj)

    @admin.display(description=_("roles"))
    def roles(self, user) -> str:
        names = sorted(group.name for group in user.groups.all())
        return ", ".join(names) or "—"
