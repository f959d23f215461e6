"""Write the blog as a WordPress eXtended RSS 1.2 file, as WordPress's own importer
reads it: authors, posts, pages, cover images, tags, and every comment with its
thread and state.

Written as a stream, a post at a time; comments in tree order so that a parent is
always written before its replies.

What WordPress shows is the HTML readers see here (`body_html`): WordPress knows no
Markdown. What only Colloquy reads travels in meta fields whose keys start with an
underscore (WordPress keeps them, hidden, and exports them again): the source and
its markup (`_colloquy_source`, `_colloquy_markup`), with a digest of the HTML they
were written with, so that an import takes the source back only while WordPress
has not changed that HTML; a hidden comment's own state and words (`_colloquy_*`).
Spam goes to WordPress's Trash, as WordPress's own export leaves spam out.
"""

import hashlib
from collections.abc import Iterator
from datetime import UTC
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from blog.models import Page, Post, WordPressRecord
from comments.models import Comment

STATES = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.REMOVED: "trash",
}
# WordPress ids of what was made here, stable for the life of the site: the
# primary key in a range of its own. Imported objects keep their WordPress ids,
# which no WordPress site reaches these ranges with (posts, pages and images
# share one range of ids in WordPress; comments have their own).
POST_IDS = 1_000_000_000
PAGE_IDS = 2_000_000_000
COVER_IDS = 3_000_000_000  # a post's cover image, by the post's primary key
COMMENT_IDS = 1_000_000_000
# What WordPress shows of a hidden comment that approved replies hang under: it
# hides the replies of a comment it does not show.
PLACEHOLDER = "This comment was removed."
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


def html_digest(html: str) -> str:
    """The digest an export writes of a body's HTML, and an import compares: the
    HTML as an XML reader hands it back (blank lines around it do not count)."""
    return hashlib.sha256(html.strip("\n").encode()).hexdigest()


def wordpress_html(html: str) -> str:
    """HTML as WordPress's importer keeps it, whichever of its parsers reads the
    file: its regex parser writes `<br>` and `<hr>` as `<br />` and `<hr />`, so
    they are written so here (the source's digest must match what WordPress
    stores)."""
    return html.replace("<br>", "<br />").replace("<hr>", "<hr />")


def _gmt(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _tag(name: str, value: str, *, raw: bool = False) -> str:
    return f"\t\t<{name}>{value if raw else cdata(value)}</{name}>\n"


def _meta(tag: str, key: str, value: str) -> str:
    """A `wp:postmeta` or `wp:commentmeta` field."""
    return (
        f"\t\t<{tag}>\n"
        + _tag("wp:meta_key", key)
        + _tag("wp:meta_value", value)
        + f"\t\t</{tag}>\n"
    )


def _source_meta(tag: str, body: str, markup: str, html: str) -> str:
    """The source of a body beside the HTML WordPress shows (see the module's
    docstring)."""
    return (
        _meta(tag, "_colloquy_markup", markup)
        + _meta(tag, "_colloquy_source", body)
        + _meta(tag, "_colloquy_html_sha256", html_digest(html))
    )


class WxrExporter:
    def __init__(self):
        # Objects recorded by an import keep their WordPress ids (one object to
        # an id, whatever the sites imported); the others use their own range.
        recorded = WordPressRecord.objects.ids_by_object()
        self.post_ids = recorded[WordPressRecord.Kind.POST]
        self.page_ids = recorded[WordPressRecord.Kind.PAGE]
        self.comment_ids = recorded[WordPressRecord.Kind.COMMENT]
        self.site = settings.SITE_URL.rstrip("/")

    def _comment_id(self, pk: int | None) -> int:
        if pk is None:
            return 0
        return self.comment_ids.get(pk) or COMMENT_IDS + pk

    def lines(self) -> Iterator[str]:
        site = self.site
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
            if post.cover_image:
                yield from self._cover(post)
            yield from self._post(post)
        for page in Page.objects.order_by("pk"):
            yield from self._page(page)
        yield "</channel>\n</rss>\n"

    def _item_head(self, *, title, link, wp_id, author, when, body) -> str:
        return (
            "\t<item>\n"
            f"\t\t<title>{escape(title)}</title>\n"
            f"\t\t<link>{escape(link)}</link>\n"
            f"\t\t<pubDate>{format_datetime(when.astimezone(UTC))}</pubDate>\n"
            + _tag("dc:creator", author)
            + f'\t\t<guid isPermaLink="false">{escape(self.site)}/?p={wp_id}</guid>\n'
            "\t\t<description></description>\n" + _tag("content:encoded", body)
        )

    def _cover(self, post: Post) -> Iterator[str]:
        """The post's cover image as WordPress's attachment, before the post whose
        `_thumbnail_id` names it: the file's address, its alt text, its caption
        (the excerpt) and its credit (the description)."""
        wp_id = COVER_IDS + post.pk
        url = default_storage.url(post.cover_image.name)
        if not url.startswith(("http://", "https://")):
            url = self.site + url
        credit = post.cover_credit
        if post.cover_credit_url:
            credit = f'<a href="{escape(post.cover_credit_url)}">{escape(credit)}</a>'
        yield (
            "\t<item>\n"
            f"\t\t<title>{escape(post.cover_image.name.rsplit('/', 1)[-1])}</title>\n"
            f"\t\t<link>{escape(url)}</link>\n"
            f"\t\t<pubDate>{format_datetime(post.published_at.astimezone(UTC))}"
            "</pubDate>\n"
            + _tag("dc:creator", post.author.username)
            + f'\t\t<guid isPermaLink="false">{escape(url)}</guid>\n'
            "\t\t<description></description>\n"
            + _tag("content:encoded", credit)
            + _tag("excerpt:encoded", post.cover_caption)
            + _tag("wp:post_id", str(wp_id), raw=True)
            + _tag("wp:post_date", _local(post.published_at))
            + _tag("wp:post_date_gmt", _gmt(post.published_at))
            + _tag("wp:comment_status", "closed")
            + _tag("wp:ping_status", "closed")
            + _tag("wp:post_name", f"cover-{post.slug}"[:200])
            + _tag("wp:status", "inherit")
            + _tag("wp:post_parent", str(self._post_id(post)), raw=True)
            + _tag("wp:menu_order", "0", raw=True)
            + _tag("wp:post_type", "attachment")
            + _tag("wp:post_password", "")
            + _tag("wp:is_sticky", "0", raw=True)
            + _tag("wp:attachment_url", escape(url), raw=True)
            + _meta("wp:postmeta", "_wp_attached_file", post.cover_image.name)
            + _meta("wp:postmeta", "_wp_attachment_image_alt", post.cover_alt)
            + _meta("wp:postmeta", "_colloquy_cover_credit", post.cover_credit)
            + _meta("wp:postmeta", "_colloquy_cover_credit_url", post.cover_credit_url)
            + "\t</item>\n"
        )

    def _post_id(self, post: Post) -> int:
        return self.post_ids.get(post.pk) or POST_IDS + post.pk

    def _post(self, post: Post) -> Iterator[str]:
        wp_id = self._post_id(post)
        if post.status == Post.Status.DRAFT:
            status = "draft"
        else:
            status = "publish" if post.published_at <= timezone.now() else "future"
        yield self._item_head(
            title=post.title,
            link=self.site + post.get_absolute_url(),
            wp_id=wp_id,
            author=post.author.username,
            when=post.published_at,
            body=wordpress_html(post.body_html),
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
        # Terms, then meta, then comments, as WordPress writes them: its
        # importer's streaming parser (no XML extension) ends the post at its
        # first meta field, and drops terms written after it.
        for tag in post.tags.all():
            yield (
                f'\t\t<category domain="post_tag" nicename={quoteattr(tag.slug)}>'
                f"{cdata(tag.name)}</category>\n"
            )
        yield _source_meta(
            "wp:postmeta", post.body, post.markup, wordpress_html(post.body_html)
        )
        if post.cover_image:
            yield _meta("wp:postmeta", "_thumbnail_id", str(COVER_IDS + post.pk))
        yield from self._comments(Comment.objects.filter(post=post))
        yield "\t</item>\n"

    def _page(self, page: Page) -> Iterator[str]:
        wp_id = self.page_ids.get(page.pk) or PAGE_IDS + page.pk
        when = page.updated_at
        author = Post.objects.values_list("author__username", flat=True).first()
        yield self._item_head(
            title=page.title,
            link=self.site + page.get_absolute_url(),
            wp_id=wp_id,
            author=author or "",
            when=when,
            body=wordpress_html(page.body_html),
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
        yield _source_meta(
            "wp:postmeta", page.body, page.markup, wordpress_html(page.body_html)
        )
        yield from self._comments(Comment.objects.filter(page=page))
        yield "\t</item>\n"

    def _comments(self, comments) -> Iterator[str]:
        """The comments, in tree order, each hidden one that approved replies hang
        under marked as such (`shelters`)."""
        approved_below = Comment.objects.filter(
            tree_id=OuterRef("tree_id"),
            lft__gt=OuterRef("lft"),
            rght__lt=OuterRef("rght"),
            status=Comment.Status.APPROVED,
        )
        comments = (
            comments.select_related("user")
            .annotate(
                shelters=Exists(approved_below) & ~Q(status=Comment.Status.APPROVED)
            )
            .order_by("tree_id", "lft")
        )
        for comment in comments.iterator(chunk_size=2000):
            yield self._comment(comment)

    def _comment(self, comment: Comment) -> str:
        kind = "" if comment.kind == Comment.Kind.COMMENT else comment.kind
        # A reader's account names them; WordPress shows the name on the comment.
        name, url = comment.get_author_name(), comment.get_author_url()
        email = comment.author_email or (comment.user.email if comment.user else "")
        content = wordpress_html(comment.body_html)
        state, meta = STATES[comment.status], ""
        if comment.shelters:
            # WordPress hides the replies of a comment it does not show: it shows
            # a placeholder, as Colloquy does; the comment itself travels in meta.
            meta = (
                _meta("wp:commentmeta", "_colloquy_status", comment.status)
                + _meta(
                    "wp:commentmeta",
                    "_colloquy_status_before_removal",
                    comment.status_before_removal,
                )
                + _meta("wp:commentmeta", "_colloquy_author", name)
                + _meta("wp:commentmeta", "_colloquy_author_email", email)
                + _meta("wp:commentmeta", "_colloquy_author_url", url)
            )
            content, state, name, email, url = f"<p>{PLACEHOLDER}</p>", "1", "", "", ""
        elif comment.status == Comment.Status.SPAM:
            # WordPress's export leaves spam out: in its Trash it is kept, and
            # exported; its Restore puts it in Spam.
            state = "trash"
            meta = _meta("wp:commentmeta", "_colloquy_status", comment.status) + _meta(
                "wp:commentmeta", "_wp_trash_meta_status", "spam"
            )
        elif comment.status == Comment.Status.REMOVED and comment.status_before_removal:
            # What WordPress's Restore puts a comment in the Trash back to.
            before = STATES.get(comment.status_before_removal, "0")
            meta = _meta("wp:commentmeta", "_wp_trash_meta_status", before)
        return (
            "\t\t<wp:comment>\n"
            + _tag("wp:comment_id", str(self._comment_id(comment.pk)), raw=True)
            + _tag("wp:comment_author", name)
            + _tag("wp:comment_author_email", email)
            + _tag("wp:comment_author_url", escape(url), raw=True)
            + _tag("wp:comment_author_IP", comment.ip_address or "")
            + _tag("wp:comment_date", _local(comment.created_at))
            + _tag("wp:comment_date_gmt", _gmt(comment.created_at))
            + _tag("wp:comment_content", content)
            + _tag("wp:comment_approved", state)
            + _tag("wp:comment_type", kind)
            + _tag(
                "wp:comment_parent", str(self._comment_id(comment.parent_id)), raw=True
            )
            + _tag("wp:comment_user_id", str(comment.user_id or 0), raw=True)
            + _source_meta("wp:commentmeta", comment.body, comment.markup, content)
            # The id this file gives it, which WordPress renumbers: its importer
            # leaves a later reply to it with this id as its parent.
            + _meta("wp:commentmeta", "_colloquy_id", str(self._comment_id(comment.pk)))
            + meta
            + "\t\t</wp:comment>\n"
        )


def export_wxr(out) -> None:
    """Write the whole blog to the text stream `out` as WXR 1.2."""
    for chunk in WxrExporter().lines():
        out.write(chunk)
