"""Comment feeds (RSS): site-wide and per post, approved comments on public posts."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from blog.feeds import RssFeed
from blog.models import Post
from blog.text import single_line

from .models import Comment

FEED_LENGTH = 30


def _approved():
    public = Post.objects.published().filter(password="")
    return (
        Comment.objects.approved()
        .filter(post__in=public)
        .select_related("post", "user")
        .order_by("-created_at", "-pk")
    )


class LatestCommentsFeed(Feed):
    feed_type = RssFeed

    def title(self):
        return _("Comments on %(site)s") % {"site": settings.SITE_NAME}

    def link(self):
        return reverse("blog:post_list")

    def description(self):
        return _("The latest comments on %(site)s.") % {"site": settings.SITE_NAME}

    def items(self):
        return _approved()[:FEED_LENGTH]

    def item_title(self, item):
        return _("%(name)s on “%(title)s”") % {
            "name": single_line(item.get_author_name()),
            "title": item.post.title,
        }

    def item_description(self, item):
        return item.body_html

    def item_author_name(self, item):
        return single_line(item.get_author_name())

    def item_pubdate(self, item):
        return item.created_at


class PostCommentsFeed(LatestCommentsFeed):
    def get_object(self, request, post_id):
        return get_object_or_404(Post.objects.published(), pk=post_id, password="")

    def title(self, obj):
        return _("Comments on “%(title)s”") % {"title": obj.title}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return self.title(obj)

    def items(self, obj):
        return _approved().filter(post=obj)[:FEED_LENGTH]
