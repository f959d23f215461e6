"""The moderation settings record in the admin, and trying its word lists."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import Comment, ModerationSettings
from ..screening import matching_word, word_list

TRIAL_SIZE = 500
# The backend that holds who may change what (allauth's only authenticates).
PERMISSIONS = "django.contrib.auth.backends.ModelBackend"


def trial(record: ModerationSettings, comments) -> list[tuple[Comment, str, str]]:
    """Which comments the record's word lists would hold or mark as spam, and why."""
    block = word_list(record.block_words)
    hold = word_list(record.moderation_words)
    results = []
    for comment in comments:
        word = matching_word(comment, block)
        if word:
            results.append((comment, Comment.Status.SPAM.label, word))
            continue
        word = matching_word(comment, hold)
        if word:
            results.append((comment, Comment.Status.PENDING.label, word))
    return results


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    """One record: the list goes straight to it; it is never added or deleted."""

    trial_template = "admin/comments/moderationsettings/trial.html"
    forbidden_template = "admin/comments/moderationsettings/forbidden.html"
    fieldsets = (
        (_("Holding comments"), {"fields": ("hold", "max_links")}),
        (_("Word lists"), {"fields": ("moderation_words", "block_words")}),
        (_("Threads"), {"fields": ("close_after_days", "max_depth", "per_page")}),
    )

    def get_urls(self):
        return [
            path(
                "try/",
                self.admin_site.admin_view(require_POST(self.trial_view)),
                name="comments_moderationsettings_try",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        record = ModerationSettings.objects.get_or_create(pk=1)[0]
        return HttpResponseRedirect(
            reverse("admin:comments_moderationsettings_change", args=[record.pk])
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_or_change_permission(request):
            return self.forbidden_view(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def forbidden_view(self, request):
        """A 403 in the admin's own page that says who may change the rules."""
        permission = f"{self.opts.app_label}.change_{self.opts.model_name}"
        deciders = get_user_model().objects.with_perm(permission, backend=PERMISSIONS)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Moderation settings"),
            "deciders": deciders.order_by("username"),
        }
        return TemplateResponse(request, self.forbidden_template, context, status=403)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def trial_view(self, request):
        """The lists as typed in the form, tried on the last comments; nothing saved."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        record = ModerationSettings.objects.get_or_create(pk=1)[0]
        form = self.get_form(request, record)(request.POST, instance=record)
        form.is_valid()  # the lists are free text; a bad number elsewhere is ignored
        unsaved = ModerationSettings(
            moderation_words=form.cleaned_data.get("moderation_words", ""),
            block_words=form.cleaned_data.get("block_words", ""),
        )
        recent = Comment.objects.select_related("post", "user").order_by("-created_at")[
            :TRIAL_SIZE
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": record,
            "title": _("Trying the word lists"),
            "results": trial(unsaved, recent),
            "trial_size": TRIAL_SIZE,
        }
        return TemplateResponse(request, self.trial_template, context)
