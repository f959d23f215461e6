"""RSS 2.0 and Atom feeds of published posts: the whole site, and per tag."""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .templatetags.blog_extras import absolute, post_excerpt
from .text import single_line
from .views import public_posts, public_tags

FEED_LENGTH = 20
# What XML 1.0 cannot carry, even as a character reference: Django refuses to write
# a C0 control character (UnserializableContentError, a 500 for good while the row
# is in the feed), and a feed holding U+FFFE is not XML.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value):
    """`value` without what XML cannot carry: a text, or each text of a list."""
    if isinstance(value, str | Promise):
        return NOT_XML.sub("", str(value))
    if isinstance(value, list | tuple):
        return [xml_text(item) for item in value]
    return value


class XmlTextMixin:
    """A feed whose every text goes through `xml_text`: whatever is stored (a row
    from before names were cleaned, or written by the ORM), the feed is written."""

    def __init__(self, *args, **kwargs):
        args = [xml_text(value) for value in args]
        super().__init__(*args, **{key: xml_text(v) for key, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        args = [xml_text(value) for value in args]
        super().add_item(*args, **{key: xml_text(v) for key, v in kwargs.items()})


class RssFeed(XmlTextMixin, Rss201rev2Feed):
    pass


class AtomFeed(XmlTextMixin, Atom1Feed):
    pass


class LatestPostsFeed(Feed):
    """The newest published posts. Links are absolute on SITE_URL."""

    feed_type = RssFeed
    url_name = "blog:feed"

    def title(self):
        return settings.SITE_NAME

    def description(self):
        return settings.SITE_DESCRIPTION

    def link(self):
        return absolute(reverse("blog:post_list"))

    def feed_url(self):
        return absolute(reverse(self.url_name))

    def items(self):
        return public_posts()[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post_excerpt(post)

    def item_link(self, post):
        return absolute(post.get_absolute_url())

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return max(post.updated_at, post.published_at)

    def item_author_name(self, post):
        return single_line(post.author.get_display_name())

    def item_author_link(self, post):
        return absolute(reverse("blog:author_detail", args=[post.author.username]))

    def item_categories(self, post):
        return [tag.name for tag in post.tags.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = AtomFeed
    url_name = "blog:feed_atom"

    def subtitle(self):
        return settings.SITE_DESCRIPTION


class TagFeed(LatestPostsFeed):
    """The newest published posts with one tag."""

    url_name = "blog:tag_feed"

    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def title(self, tag):
        return _("%(site)s: posts tagged %(tag)s") % {
            "site": settings.SITE_NAME,
            "tag": tag.name,
        }

    def description(self, tag):
        return _("Posts tagged %(tag)s") % {"tag": tag.name}

    def link(self, tag):
        return absolute(tag.get_absolute_url())

    def feed_url(self, tag):
        return absolute(reverse(self.url_name, args=[tag.slug]))

    def items(self, tag):
        return public_posts().filter(tags=tag)[:FEED_LENGTH]


class TagAtomFeed(TagFeed):
    feed_type = AtomFeed
    url_name = "blog:tag_feed_atom"

    def subtitle(self, tag):
        return self.description(tag)
