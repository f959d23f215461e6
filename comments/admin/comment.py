"""The comment list and change page of the admin."""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..actions import (
    Action,
    comment_delete_logged,
    comment_edit_logged,
    comments_moderation_apply,
)
from ..models import Comment, ModerationLog, moderation_queue_order
from ..permissions import can_moderate, moderates_some


class StatusFilter(admin.SimpleListFilter):
    """Statuses with their counts, pending first (what needs a moderator)."""

    title = _("status")
    parameter_name = "status"
    order = [
        Comment.Status.PENDING,
        Comment.Status.APPROVED,
        Comment.Status.SPAM,
        Comment.Status.REMOVED,
    ]

    def lookups(self, request, model_admin):
        rows = model_admin.get_queryset(request).order_by().values("status")
        counts = {row["status"]: row["n"] for row in rows.annotate(n=Count("pk"))}
        return [
            (status, f"{Comment.Status(status).label} ({counts.get(status, 0)})")
            for status in self.order
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


def _bulk(action: str, description: str):
    """An admin action applying `action` to the selected comments, in one go."""

    def run(modeladmin, request, queryset):
        done = comments_moderation_apply(
            comments=queryset, action=action, moderator=request.user
        )
        changed = len(done.changed)
        modeladmin.message_user(
            request,
            ngettext("%(n)d comment changed.", "%(n)d comments changed.", changed)
            % {"n": changed},
        )
        for comment, error in done.refused:
            message = f"#{comment.pk}: {' '.join(error.messages)}"
            modeladmin.message_user(request, message, level=messages.WARNING)

    run.__name__ = f"action_{action}"
    return admin.action(description=description, permissions=["change"])(run)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = (
        "excerpt",
        "author",
        "status",
        "moderation_reason",
        "in_reply_to",
        "on_page",
        "created_at",
    )
    list_filter = (StatusFilter, ("post", admin.RelatedOnlyFieldListFilter))
    ordering = moderation_queue_order()
    list_select_related = ("post", "page", "parent", "user")
    search_fields = ("author_name", "author_email", "ip_address", "body")
    date_hierarchy = "created_at"
    actions = [
        _bulk(Action.APPROVE, _("Approve")),
        _bulk(Action.UNAPPROVE, _("Unapprove (back to pending)")),
        _bulk(Action.SPAM, _("Mark as spam")),
        _bulk(Action.NOT_SPAM, _("Not spam (approve)")),
        _bulk(Action.REMOVE, _("Remove (can be restored; replies stay shown)")),
        _bulk(Action.RESTORE, _("Restore (as it was before it was removed)")),
        "delete_permanently",
    ]
    delete_confirmation_template = "admin/comments/comment/delete_permanently.html"
    fields = (
        "body",
        "status",
        "moderation_reason",
        "post",
        "in_reply_to",
        "author",
        "author_email",
        "author_url",
        "ip_address",
        "user_agent",
        "created_at",
        "edited_at",
        "on_page",
        "history",
    )
    readonly_fields = tuple(name for name in fields if name != "body")

    @admin.action(
        description=_("Delete permanently, with all replies…"),
        permissions=["delete_permanently"],
    )
    def delete_permanently(self, request, queryset):
        """Asks to confirm first, listing what goes; the log keeps a copy of each."""
        selected = list(
            queryset.select_related("post", "user").order_by("tree_id", "lft")
        )
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Delete comments permanently?"),
                "selected": selected,
                "replies": sum(c.get_descendant_count() for c in selected),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, self.delete_confirmation_template, context)
        deleted = 0
        for comment in selected:
            current = Comment.objects.filter(pk=comment.pk).first()
            if current is None:
                continue  # went with a thread selected above it
            deleted += comment_delete_logged(comment=current, moderator=request.user)
        self.message_user(
            request,
            ngettext(
                "%(n)d comment deleted permanently.",
                "%(n)d comments deleted permanently.",
                deleted,
            )
            % {"n": deleted},
        )
        return None

    def has_delete_permanently_permission(self, request):
        return request.user.has_perm("comments.delete_comment")

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).words(12)

    @admin.display(description=_("author"), ordering="author_name")
    def author(self, obj):
        return obj.get_author_name()

    @admin.display(description=_("in reply to"))
    def in_reply_to(self, obj):
        if obj.parent is None:
            return "—"
        return Truncator(obj.parent.body).words(6)

    @admin.display(description=_("on the page"), ordering="post__title")
    def on_page(self, obj):
        """The post (or page) it is on, linking to the comment in its thread."""
        return format_html(
            '<a href="{}">{}</a>', obj.get_absolute_url(), obj.post or obj.page
        )

    @admin.display(description=_("moderation history"))
    def history(self, obj):
        entries = ModerationLog.objects.filter(comment_id=obj.pk).select_related(
            "moderator"
        )
        if not entries:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {} ({})</li>",
                (
                    (entry.get_action_display(), entry.actor(), entry.created_at)
                    for entry in entries
                ),
            ),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).moderatable_by(request.user)

    def app_list_entry(self, request, entry: dict) -> None:
        """The admin index names the number of comments waiting for the user and
        leads to them (config.admin.ColloquyAdminSite asks)."""
        pending = (
            Comment.objects.moderatable_by(request.user)
            .filter(status=Comment.Status.PENDING)
            .count()
        )
        if pending:
            entry["name"] = _("%(name)s (%(n)s pending)") % {
                "name": entry["name"],
                "n": pending,
            }
            entry["admin_url"] = f"{entry['admin_url']}?status=pending"

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Django's own deletion would bypass the services (counts, the log's copy).
        actions.pop("delete_selected", None)
        return actions

    def _may(self, request, obj) -> bool:
        if obj is None:
            return moderates_some(request.user)
        return can_moderate(request.user, obj.post)

    def has_module_permission(self, request):
        return moderates_some(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """An edited body is sanitized again, its block re-rendered, and logged."""
        if "body" in form.changed_data:
            comment_edit_logged(comment=obj, body=obj.body, moderator=request.user)
