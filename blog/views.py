from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.generic.dates import MonthArchiveView, YearArchiveView

from comments.section import CommentSection
from linkbacks.advertising import advertises_linkback_endpoints

from .models import Page, Post, Tag
from .post_page import (
    DETAIL_SLOTS,
    TIMESTAMP_SLOT,
    kept_page_variant,
    kept_post_page,
    post_page_keep,
    post_page_render,
)
from .queries import adjacent_posts
from .rendering import post_rendered_parts
from .search import search_posts

UNLOCKED_SESSION_KEY = "blog_unlocked_posts"


def public_posts():
    """Published posts with what a list of them shows."""
    return Post.objects.published().select_related("author").prefetch_related("tags")


def public_tags():
    """Tags that have at least one published post (a draft's tag stays unknown)."""
    return Tag.objects.filter(posts__in=Post.objects.published()).distinct()


def paginate(request, queryset):
    """The requested page of `queryset`; 404 for a page that does not exist."""
    paginator = Paginator(queryset, settings.POSTS_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(_("No such page.")) from None


def post_list(request):
    """Home page: published posts, newest first, and the years of the archives."""
    page = paginate(request, public_posts())
    years = Post.objects.published().dates("published_at", "year", order="DESC")
    context = {"page_obj": page, "posts": page, "archive_years": years}
    return render(request, "blog/post_list.html", context)


@advertises_linkback_endpoints
def post_detail(request, year, month, slug):
    """A post and its discussion; drafts and scheduled posts only as previews."""
    variant = kept_page_variant(request)
    if variant and (kept := kept_post_page(request, variant)) is not None:
        return kept.response(request)
    post = get_object_or_404(
        Post.objects.previewable_by(request.user).select_related("author"), slug=slug
    )
    if post.get_absolute_url() != request.path:
        # The publication date changed since the link was made: send readers on.
        return redirect(post, permanent=post.is_public)
    if post.password and not post_unlocked(request, post):
        return _protected_post(request, post)
    details = DETAIL_SLOTS if variant == "returning" else None
    page = post_page_render(request, _post_page_context(request, post, details=details))
    if variant and post.is_public and not post.password:
        post_page_keep(request, variant, page)
    response = page.response(request)
    if not post.is_public or post.password:
        # A preview is for its viewer alone: no shared cache may keep it.
        add_never_cache_headers(response)
    return response


def post_page_with_refused_comment(request, post, form, *, status: int):
    """The post page built as `post_detail` builds it, with a comment form sent back
    with its errors and the text typed; never kept."""
    context = _post_page_context(request, post, refused_form=form)
    response = post_page_render(request, context).response(request)
    response.status_code = status
    add_never_cache_headers(response)
    return response


def _post_page_context(request, post, *, refused_form=None, details=None) -> dict:
    previous_post, next_post = adjacent_posts(post)
    section = CommentSection(request, post)
    return {
        "post": post,
        **post_rendered_parts(post),
        "previous_post": previous_post,
        "next_post": next_post,
        **section.context(
            refused_form=refused_form, timestamp=TIMESTAMP_SLOT, details=details
        ),
    }


def post_unlocked(request, post) -> bool:
    """Whether this browser gave the post's password (WordPress-style)."""
    return post.pk in request.session.get(UNLOCKED_SESSION_KEY, [])


def _protected_post(request, post):
    """The password form; the right password opens the post for this session."""
    error = ""
    if request.method == "POST":
        given = request.POST.get("post_password", "")
        if constant_time_compare(given, post.password):
            unlocked = request.session.get(UNLOCKED_SESSION_KEY, [])
            request.session[UNLOCKED_SESSION_KEY] = [*unlocked[-49:], post.pk]
            return redirect(post)
        error = _("That password is not right.")
    response = render(
        request,
        "blog/post_protected.html",
        {"post": post, "password_error": error},
        status=403 if error else 200,
    )
    add_never_cache_headers(response)
    return response


def tag_detail(request, slug):
    """Published posts with a tag."""
    tag = get_object_or_404(public_tags(), slug=slug)
    page = paginate(request, public_posts().filter(tags=tag))
    context = {"tag": tag, "page_obj": page, "posts": page}
    return render(request, "blog/tag_detail.html", context)


def author_detail(request, username):
    """An author's published posts; people without one have no author page."""
    author = get_object_or_404(get_user_model(), username=username)
    posts = public_posts().filter(author=author)
    if not posts.exists():
        raise Http404(_("No such author."))
    page = paginate(request, posts)
    context = {"author": author, "page_obj": page, "posts": page}
    return render(request, "blog/author_detail.html", context)


def search(request):
    """Posts whose title or body holds the words searched for."""
    query = request.GET.get("q", "").strip()[:200]
    # A protected post's words must not be findable.
    searched = public_posts().filter(password="")
    page = paginate(request, search_posts(searched, query)) if query else None
    context = {"query": query, "page_obj": page, "posts": page or []}
    return render(request, "blog/search.html", context)


class PostArchiveMixin:
    date_field = "published_at"
    make_object_list = True
    allow_empty = False

    def get_paginate_by(self, queryset):
        return settings.POSTS_PER_PAGE

    def get_queryset(self):
        # Built per request: published() reads the clock, so scheduling needs no cron.
        return public_posts()


class PostYearArchiveView(PostArchiveMixin, YearArchiveView):
    pass


class PostMonthArchiveView(PostArchiveMixin, MonthArchiveView):
    month_format = "%m"


def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    context = {"page": page, **CommentSection.page_context(page)}
    return render(request, "blog/page_detail.html", context)


def robots_txt(request):
    sitemap_url = settings.SITE_URL + reverse("sitemap")
    return render(
        request,
        "robots.txt",
        {"sitemap_url": sitemap_url},
        content_type="text/plain; charset=utf-8",
    )
