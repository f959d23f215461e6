from django.contrib import admin

from blog.models import Post

from .models import SentLinkback


@admin.register(SentLinkback)
class SentLinkbackAdmin(admin.ModelAdmin):
    """What came of each linkback sent for a post; an author sees their own
    posts' (blog's `editable_by`). Written by the background task only."""

    list_display = ("post", "target", "protocol", "outcome", "detail", "attempted_at")
    list_filter = ("outcome", "protocol")
    search_fields = ("target", "post__title")
    list_select_related = ("post",)

    def get_queryset(self, request):
        posts = Post.objects.editable_by(request.user)
        return super().get_queryset(request).filter(post__in=posts)

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.has_perm("blog.view_post")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
