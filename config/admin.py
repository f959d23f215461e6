"""The admin site every app's admin (ours and the libraries') registers with."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CheckedSelectionMixin:
    """A bulk action whose `_selected_action` values are not all ids of the model
    (not a number, below 1, beyond the column's range, holding a NUL) changes
    nothing and says so, where Django's admin passed them to the database and
    answered 500."""

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(self._is_id(value) for value in selected):
            self.message_user(
                request,
                _(
                    "The selection held something that is not an item of this list. "
                    "No items have been changed."
                ),
                messages.WARNING,
            )
            return None  # the list is shown again, with the message
        return super().response_action(request, queryset)

    def _is_id(self, value: str) -> bool:
        pk = self.model._meta.pk
        try:
            number = pk.to_python(value)
            pk.run_validators(number)
        except ValidationError:
            return False
        # The ids the database hands out start at 1.
        return not isinstance(number, int) or number >= 1


class ColloquyAdminSite(admin.AdminSite):
    """Django's admin site, whose every model admin checks the ids of a bulk
    action's selection (CheckedSelectionMixin), whoever wrote it, and may adjust
    its model's entry in the index (`app_list_entry`)."""

    def get_app_list(self, request, app_label=None):
        """Django's list of apps, each model's entry changed by its admin's
        `app_list_entry(request, entry)` where it has one."""
        apps = super().get_app_list(request, app_label)
        for app in apps:
            for entry in app["models"]:
                model_admin = self._registry.get(entry["model"])
                adjust = getattr(model_admin, "app_list_entry", None)
                if adjust is not None:
                    adjust(request, entry)
        return apps

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedSelectionMixin):
            admin_class = type(
                admin_class.__name__,
                (CheckedSelectionMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
