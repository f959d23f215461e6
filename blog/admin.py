"""The admin as authors use it: posts, pages, tags and the images put in posts.

An author (the "Authors" group) sees and changes their own posts and images only;
superusers and editors (the "Editors" group) everyone's. The rule is one queryset
method, `editable_by`, the same that lets the post page show a preview: every view
of a post or an image (list, change, delete, history, preview, bulk actions) finds
it through `get_queryset`, so another author's is "not found", even through a
crafted URL.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import models, router
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from linkbacks.sending import linkbacks_send_later

from .admin_widgets import NamedDateTimesMixin
from .forms import BodyPreviewForm, CheckedImageField, PageAdminForm, PostAdminForm
from .images import renditions_delete, renditions_make
from .markup import render_post_body
from .models import Image, Page, Post, Tag
from .post_images import image_markdown, post_image_add

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME

CHECKED_IMAGES = {
    models.ImageField: {"form_class": CheckedImageField, "widget": AdminFileWidget},
    models.URLField: {"assume_scheme": "https"},
}


def _thumbnail(renditions: list[dict], field_file, *, alt: str, width: int):
    """An <img> of the smallest copy of an image, or "—" when there is none."""
    if not field_file:
        return "—"
    url = (
        field_file.storage.url(renditions[0]["name"]) if renditions else field_file.url
    )
    return format_html(
        '<img src="{}" alt="{}" width="{}" class="colloquy-thumb" loading="lazy">',
        url,
        alt,
        width,
    )


def _edits_others_posts(user) -> bool:
    """Superusers and editors: they may also choose who a post is by."""
    return user.has_perm("blog.edit_others_posts")


class _RepliesSideBySide(NestedObjects):
    """Django's collector for the delete confirmation page, except that a row
    deleted along with another of its model (a reply with the comment it answers)
    is listed beside it, under what deletes them both, rather than under it."""

    def add_edge(self, source, target):
        if source is not None and source._meta.model is target._meta.model:
            source = None
        super().add_edge(source, target)


class RepliesSideBySideMixin:
    """The delete confirmation page lists a post's comments side by side.

    Django nests each reply under the comment it answers, and builds and renders
    that list recursively, a level per reply: a post with a thread thousands of
    replies deep (an imported one) could not be shown. As Django's own
    `get_deleted_objects` otherwise.
    """

    def get_deleted_objects(self, objs, request):
        using = router.db_for_write(self.model)
        collector = _RepliesSideBySide(using=using, origin=objs)
        collector.collect(objs)
        perms_needed = set()

        def format_callback(obj):
            opts = obj._meta
            label = f"{capfirst(opts.verbose_name)}: {obj}"
            if not self.admin_site.is_registered(obj.__class__):
                return label
            model_admin = self.admin_site.get_model_admin(obj.__class__)
            if not model_admin.has_delete_permission(request, obj):
                perms_needed.add(opts.verbose_name)
            try:
                admin_url = reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[quote(obj.pk)],
                )
            except NoReverseMatch:
                return label
            return format_html(
                '{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), admin_url, obj
            )

        to_delete = collector.nested(format_callback)
        protected = [format_callback(obj) for obj in collector.protected]
        model_count = {
            model._meta.verbose_name_plural: len(found)
            for model, found in collector.model_objs.items()
        }
        return to_delete, model_count, perms_needed, protected


# The change form's field naming the saved object its Preview button previews.
PREVIEW_OF = "_preview_of"


class PreviewMixin:
    """Preview of a body through the very pipeline that renders it on save.

    `<pk>/preview/` shows the stored text; `preview/` takes a POST of unsaved text
    (the form's Preview button, which needs no JavaScript: `formaction`).
    """

    preview_template: str  # the site's own page of the object, under a banner

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "preview/",
                self.admin_site.admin_view(require_POST(self.preview_unsaved_view)),
                name=f"{name}_preview_unsaved",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{name}_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        obj = self.get_object(request, object_id)  # None for an id that cannot be one
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return self._preview_response(request, obj.title, obj.body, obj.markup, obj)

    def preview_unsaved_view(self, request):
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        form = BodyPreviewForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        markup = data.get("markup") or Post.Markup.MARKDOWN
        # The saved object being edited, if any (its cover, its tags); only one the
        # user may see, as the change form itself.
        obj = None
        if request.POST.get(PREVIEW_OF):
            obj = self.get_object(request, request.POST[PREVIEW_OF])
            if obj is not None and not self.has_view_or_change_permission(request, obj):
                obj = None
        return self._preview_response(
            request, data.get("title", ""), data.get("body", ""), markup, obj
        )

    def preview_blank(self, request):
        """The unsaved object typed text is previewed in, when none is edited."""
        return self.model()

    def _preview_response(self, request, title, body, markup, obj):
        """The object as readers will see it, in the site's own page (for a post:
        its cover, highlighting and tags). The text shown is the one given; nothing
        is saved."""
        shown = obj or self.preview_blank(request)
        shown.title = title
        shown.body_html = render_post_body(body, markup=markup)
        opts = self.opts
        back = (
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            if obj
            else reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        )
        typed = request.method == "POST"  # the form's text, not the saved one
        context = {opts.model_name: shown, "typed": typed, "back_url": back}
        return TemplateResponse(request, self.preview_template, context)


@admin.register(Post)
class PostAdmin(
    NamedDateTimesMixin, RepliesSideBySideMixin, PreviewMixin, admin.ModelAdmin
):
    form = PostAdminForm
    preview_template = "blog/post_preview.html"

    def preview_blank(self, request):
        return Post(author=request.user, published_at=timezone.now())

    formfield_overrides = CHECKED_IMAGES
    list_display = (
        "cover_thumbnail",
        "title",
        "status",
        "published_at",
        "author",
        "comments",
    )
    list_display_links = ("title",)
    list_filter = ("status", ("author", admin.RelatedOnlyFieldListFilter), "tags")
    list_select_related = ("author",)
    date_hierarchy = "published_at"
    search_fields = ("title", "body", "excerpt")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("tags",)
    readonly_fields = ("current_cover",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "body", "markup", "excerpt")}),
        (
            _("Add an image to the text"),
            {
                "fields": ("body_image", "body_image_alt"),
                "description": _(
                    "Choose an image and save: it is added at the end of the text "
                    "as a Markdown line, which you then move where it belongs. "
                    "Smaller copies are made for phones."
                ),
            },
        ),
        (
            _("Publication"),
            {
                "fields": (
                    "status",
                    "published_at",
                    "author",
                    "allow_comments",
                    "allow_pings",
                    "password",
                    "tags",
                )
            },
        ),
        (
            _("Cover image"),
            {
                "fields": (
                    "current_cover",
                    "cover_image",
                    "cover_alt",
                    "cover_caption",
                    "cover_credit",
                    "cover_credit_url",
                ),
                "description": _(
                    "JPEG, PNG, GIF or WebP. Location data and other camera details "
                    "are removed; smaller copies are made for phones."
                ),
            },
        ),
    )

    @admin.display(description=_("cover"))
    def cover_thumbnail(self, obj):
        return _thumbnail(
            obj.cover_renditions, obj.cover_image, alt=obj.cover_alt, width=64
        )

    @admin.display(description=_("current cover"))
    def current_cover(self, obj):
        return _thumbnail(
            obj.cover_renditions, obj.cover_image, alt=obj.cover_alt, width=240
        )

    @admin.display(description=_("comments"), ordering="comment_count")
    def comments(self, obj):
        return obj.comment_count

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not _edits_others_posts(request.user):
            fields = (*fields, "author")
        return fields

    def get_changeform_initial_data(self, request):
        return {
            "author": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = db_field.related_model.objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and not _edits_others_posts(request.user):
            obj.author = request.user
        # Evaluated now, before the save: the renditions of the cover being replaced.
        replaced = list(
            Post.objects.filter(pk=obj.pk).values_list(
                "cover_image", "cover_renditions"
            )
        )
        super().save_model(request, obj, form, change)
        if "cover_image" in form.changed_data:
            for old_name, old_renditions in replaced:
                renditions_delete(old_renditions, keep=old_name)
            obj.cover_renditions = (
                renditions_make(obj.cover_image) if obj.cover_image else []
            )
            obj.save(update_fields=["cover_renditions"])
        if form.cleaned_data.get("body_image"):
            post_image_add(
                post=obj,
                file=form.cleaned_data["body_image"],
                alt=form.cleaned_data["body_image_alt"],
                user=request.user,
            )
            self.message_user(
                request,
                _(
                    "The image was added at the end of the text: move its line "
                    "where it belongs."
                ),
            )
        # Other sites the post links to hear of it (in the background).
        linkbacks_send_later(obj)


@admin.register(Page)
class PageAdmin(
    NamedDateTimesMixin, RepliesSideBySideMixin, PreviewMixin, admin.ModelAdmin
):
    form = PageAdminForm
    preview_template = "blog/page_preview.html"
    list_display = ("title", "slug", "is_published", "nav_order", "updated_at")
    list_filter = ("is_published",)
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    formfield_overrides = CHECKED_IMAGES
    list_display = (
        "thumbnail",
        "label",
        "markdown_snippet",
        "uploaded_by",
        "created_at",
    )
    list_display_links = ("label",)
    search_fields = ("alt", "file")
    fields = ("file", "alt", "thumbnail", "markdown_snippet", "dimensions")
    readonly_fields = ("thumbnail", "markdown_snippet", "dimensions")

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return _thumbnail(obj.renditions, obj.file, alt=obj.alt, width=120)

    @admin.display(description=_("description"), ordering="alt")
    def label(self, obj):
        return str(obj)

    @admin.display(description=_("Markdown to paste into a post"))
    def markdown_snippet(self, obj):
        """The image with its renditions as `srcset`, so the post serves each
        reader the size their screen needs (the attributes are kept by the post
        sanitizer)."""
        if not obj.file:
            return "—"
        return format_html("<code>{}</code>", image_markdown(obj))

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        if not obj.width:
            return "—"
        return _("%(width)s by %(height)s pixels") % {
            "width": obj.width,
            "height": obj.height,
        }

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        replaced = list(
            Image.objects.filter(pk=obj.pk).values_list("file", "renditions")
        )
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            for old_name, old_renditions in replaced:
                renditions_delete(old_renditions, keep=old_name)
            obj.renditions = renditions_make(obj.file)
            obj.save(update_fields=["renditions"])

    def view_on_site(self, obj):
        return obj.file.url if obj.file else None
