"""The moderation log in the admin: who did what to which comment."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..actions import (
    Action,
)
from ..models import Comment, ModerationLog
from ..permissions import moderates_everything, moderates_some


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "comment_link", "post")
    list_filter = ("action",)
    list_select_related = ("moderator", "post")
    search_fields = ("comment_excerpt",)
    fields = ("created_at", "actor", "action", "comment_link", "post", "copy")
    readonly_fields = fields

    @admin.display(description=_("by"))
    def actor(self, obj):
        return obj.actor()

    @admin.display(description=_("comment"))
    def comment_link(self, obj):
        """The comment in the admin while it exists; else what became of it."""
        label = f"#{obj.comment_id} {Truncator(obj.comment_excerpt).words(8)}"
        if Comment.objects.filter(pk=obj.comment_id).exists():
            url = reverse("admin:comments_comment_change", args=[obj.comment_id])
            return format_html('<a href="{}">{}</a>', url, label)
        ending = (
            ModerationLog.objects.filter(
                comment_id=obj.comment_id,
                action__in=[Action.DELETE, Action.DELETE_THREAD, Action.ERASE],
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if ending is None:
            return format_html("{} ({})", label, _("deleted"))
        if ending.action == Action.ERASE:
            return format_html("{} ({})", label, ending.get_action_display().lower())
        url = reverse("admin:comments_moderationlog_change", args=[ending.pk])
        return format_html(
            '{} (<a href="{}">{}</a>)', label, url, _("deleted; see the copy kept")
        )

    @admin.display(description=_("copy of the deleted comment"))
    def copy(self, obj):
        if not obj.deleted_copy:
            return "—"
        return format_html_join(
            "",
            "<p><strong>{}</strong>: {}</p>",
            ((key, value) for key, value in obj.deleted_copy.items()),
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if moderates_everything(request.user):
            return queryset
        return queryset.filter(post__author=request.user)

    def has_module_permission(self, request):
        return moderates_some(request.user)

    def has_view_permission(self, request, obj=None):
        return moderates_some(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
