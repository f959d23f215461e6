from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from comments.thread import thread_context

from .models import Page, Post


def post_list(request):
    """Home page: published posts, newest first."""
    posts = Post.objects.published().select_related("author").prefetch_related("tags")
    page = Paginator(posts, settings.POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "blog/post_list.html", {"page_obj": page, "posts": page})


def post_detail(request, year, month, slug):
    """A post and its discussion; drafts and scheduled posts only as previews."""
    post = get_object_or_404(
        Post.objects.previewable_by(request.user).select_related("author"), slug=slug
    )
    if post.get_absolute_url() != request.path:
        raise Http404
    context = {"post": post, **thread_context(request, post)}
    return render(request, "blog/post_detail.html", context)


def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    return render(request, "blog/page_detail.html", {"page": page})
