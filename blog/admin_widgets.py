"""Admin form widgets, made accessible where Django's own are not."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext


class NamedDateTimesMixin:
    """A date-and-time field's two boxes each get a name ("Publication date: date").

    Django's split widget writes "Date:" and "Time:" as text beside the boxes and
    its field label points at neither (a MultiWidget has no id for a label), so a
    screen reader announces two unnamed boxes (axe: label)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        if isinstance(db_field, models.DateTimeField) and isinstance(
            widget, AdminSplitDateTime
        ):
            name = capfirst(db_field.verbose_name)
            date, time = widget.widgets
            date.attrs["aria-label"] = f"{name}: {gettext('date')}"
            time.attrs["aria-label"] = f"{name}: {gettext('time')}"
        return field
