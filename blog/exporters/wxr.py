"""Write the blog as a WordPress eXtended RSS 1.2 file, as WordPress's own importer
reads it: authors, posts, pages, tags, and every comment with its thread and state.

Written as a stream, a post at a time; comments in tree order so that a parent is
always written before its replies.
"""

from collections.abc import Iterator
from datetime import UTC
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from blog.models import Page, Post, WordPressRecord
from comments.models import Comment

STATES = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.REMOVED: "trash",
}
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
"""


def cdata(text: str) -> str:
    """A CDATA section; a "]]>" inside is split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _gmt(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _tag(name: str, value: str, *, raw: bool = False) -> str:
    return f"\t\t<{name}>{value if raw else cdata(value)}</{name}>\n"


class WxrExporter:
    def __init__(self):
        # WordPress ids: those recorded by an import are kept (one object to an
        # id, whatever the sites imported), others are ours.
        recorded = WordPressRecord.objects.ids_by_object()
        self.post_ids = recorded[WordPressRecord.Kind.POST]
        self.page_ids = recorded[WordPressRecord.Kind.PAGE]
        top = max([*self.post_ids.values(), *self.page_ids.values(), 0])
        self.next_id = max(top, Post.objects.count() + Page.objects.count()) + 1
        # Comments keep their WordPress ids too; the others get theirs above those.
        self.comment_ids = recorded[WordPressRecord.Kind.COMMENT]
        self.comment_offset = max(self.comment_ids.values(), default=0)

    def _id(self, known: dict[int, int], pk: int) -> int:
        if pk not in known:
            while self.next_id in self.post_ids.values() or (
                self.next_id in self.page_ids.values()
            ):
                self.next_id += 1
            known[pk] = self.next_id
            self.next_id += 1
        return known[pk]

    def _comment_id(self, pk: int | None) -> int:
        if pk is None:
            return 0
        return self.comment_ids.get(pk) or pk + self.comment_offset

    def lines(self) -> Iterator[str]:
        site = settings.SITE_URL.rstrip("/")
        yield HEAD
        yield f"\t<title>{escape(getattr(settings, 'SITE_NAME', 'Colloquy'))}</title>\n"
        yield f"\t<link>{escape(site)}</link>\n"
        yield "\t<description></description>\n"
        yield f"\t<language>{escape(settings.LANGUAGE_CODE)}</language>\n"
        yield "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        yield f"\t<wp:base_site_url>{escape(site)}</wp:base_site_url>\n"
        yield f"\t<wp:base_blog_url>{escape(site)}</wp:base_blog_url>\n"
        authors = get_user_model().objects.filter(posts__isnull=False).distinct()
        for author in authors.order_by("pk"):
            yield "\t<wp:author>"
            yield f"<wp:author_id>{author.pk}</wp:author_id>"
            yield f"<wp:author_login>{cdata(author.username)}</wp:author_login>"
            yield f"<wp:author_email>{cdata(author.email)}</wp:author_email>"
            name = author.get_display_name()
            yield f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
            yield f"<wp:author_first_name>{cdata(author.first_name)}"
            yield "</wp:author_first_name>"
            yield f"<wp:author_last_name>{cdata(author.last_name)}"
            yield "</wp:author_last_name>"
            yield "</wp:author>\n"
        posts = Post.objects.select_related("author").prefetch_related("tags")
        for post in posts.order_by("published_at", "pk").iterator(chunk_size=100):
            yield from self._post(post, site)
        for page in Page.objects.order_by("pk"):
            yield from self._page(page, site)
        yield "</channel>\n</rss>\n"

    def _item_head(self, *, title, link, wp_id, author, when, body, site) -> str:
        return (
            "\t<item>\n"
            f"\t\t<title>{escape(title)}</title>\n"
            f"\t\t<link>{escape(link)}</link>\n"
            f"\t\t<pubDate>{format_datetime(when.astimezone(UTC))}</pubDate>\n"
            + _tag("dc:creator", author)
            + f'\t\t<guid isPermaLink="false">{escape(site)}/?p={wp_id}</guid>\n'
            "\t\t<description></description>\n" + _tag("content:encoded", body)
        )

    def _post(self, post: Post, site: str) -> Iterator[str]:
        wp_id = self._id(self.post_ids, post.pk)
        if post.status == Post.Status.DRAFT:
            status = "draft"
        else:
            status = "publish" if post.published_at <= timezone.now() else "future"
        yield self._item_head(
            title=post.title,
            link=site + post.get_absolute_url(),
            wp_id=wp_id,
            author=post.author.username,
            when=post.published_at,
            body=post.body,
            site=site,
        )
        yield _tag("excerpt:encoded", post.excerpt)
        yield _tag("wp:post_id", str(wp_id), raw=True)
        yield _tag("wp:post_date", _local(post.published_at))
        yield _tag("wp:post_date_gmt", _gmt(post.published_at))
        yield _tag("wp:comment_status", "open" if post.allow_comments else "closed")
        yield _tag("wp:ping_status", "closed")
        yield _tag("wp:post_name", post.slug)
        yield _tag("wp:status", status)
        yield _tag("wp:post_parent", "0", raw=True)
        yield _tag("wp:menu_order", "0", raw=True)
        yield _tag("wp:post_type", "post")
        yield _tag("wp:post_password", post.password)
        yield _tag("wp:is_sticky", "0", raw=True)
        if post.markup == Post.Markup.MARKDOWN:
            # WordPress shows the body as HTML; the Markdown source is kept here.
            yield "\t\t<wp:postmeta>\n" + _tag("wp:meta_key", "_colloquy_markup")
            yield _tag("wp:meta_value", "markdown") + "\t\t</wp:postmeta>\n"
        for tag in post.tags.all():
            yield (
                f'\t\t<category domain="post_tag" nicename={quoteattr(tag.slug)}>'
                f"{cdata(tag.name)}</category>\n"
            )
        comments = Comment.objects.filter(post=post).order_by("tree_id", "lft")
        for comment in comments.iterator(chunk_size=2000):
            yield self._comment(comment)
        yield "\t</item>\n"

    def _page(self, page: Page, site: str) -> Iterator[str]:
        wp_id = self._id(self.page_ids, page.pk)
        when = page.updated_at
        author = Post.objects.values_list("author__username", flat=True).first()
        yield self._item_head(
            title=page.title,
            link=site + page.get_absolute_url(),
            wp_id=wp_id,
            author=author or "",
            when=when,
            body=page.body,
            site=site,
        )
        yield _tag("excerpt:encoded", "")
        yield _tag("wp:post_id", str(wp_id), raw=True)
        yield _tag("wp:post_date", _local(when))
        yield _tag("wp:post_date_gmt", _gmt(when))
        yield _tag("wp:comment_status", "closed")
        yield _tag("wp:ping_status", "closed")
        yield _tag("wp:post_name", page.slug)
        yield _tag("wp:status", "publish" if page.is_published else "draft")
        yield _tag("wp:post_parent", "0", raw=True)
        yield _tag("wp:menu_order", str(page.nav_order or 0), raw=True)
        yield _tag("wp:post_type", "page")
        yield _tag("wp:post_password", "")
        yield _tag("wp:is_sticky", "0", raw=True)
        comments = Comment.objects.filter(page=page).order_by("tree_id", "lft")
        for comment in comments.iterator(chunk_size=2000):
            yield self._comment(comment)
        yield "\t</item>\n"

    @staticmethod
    def _comment_markup(comment: Comment) -> str:
        """Marks a Markdown comment, so that importing it back keeps it Markdown."""
        if comment.markup != Post.Markup.MARKDOWN:
            return ""
        return (
            "\t\t\t<wp:commentmeta>\n"
            + _tag("wp:meta_key", "_colloquy_markup")
            + _tag("wp:meta_value", Post.Markup.MARKDOWN)
            + "\t\t\t</wp:commentmeta>\n"
        )

    def _comment(self, comment: Comment) -> str:
        kind = "" if comment.kind == Comment.Kind.COMMENT else comment.kind
        return (
            "\t\t<wp:comment>\n"
            + _tag("wp:comment_id", str(self._comment_id(comment.pk)), raw=True)
            + _tag("wp:comment_author", comment.author_name)
            + _tag("wp:comment_author_email", comment.author_email)
            + _tag("wp:comment_author_url", escape(comment.author_url), raw=True)
            + _tag("wp:comment_author_IP", comment.ip_address or "")
            + _tag("wp:comment_date", _local(comment.created_at))
            + _tag("wp:comment_date_gmt", _gmt(comment.created_at))
            + _tag("wp:comment_content", comment.body)
            + _tag("wp:comment_approved", STATES[comment.status])
            + _tag("wp:comment_type", kind)
            + _tag(
                "wp:comment_parent", str(self._comment_id(comment.parent_id)), raw=True
            )
            + _tag("wp:comment_user_id", str(comment.user_id or 0), raw=True)
            + self._comment_markup(comment)
            + "\t\t</wp:comment>\n"
        )


def export_wxr(out) -> None:
    """Write the whole blog to the text stream `out` as WXR 1.2."""
    for chunk in WxrExporter().lines():
        out.write(chunk)
