"""The importer: the file read an item at a time, and its posts, pages and images
brought over."""

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from blog.images import image_clean, renditions_make
from blog.models import Image, Page, Post, Tag, WordPressRecord
from blog.text import plain_text, single_line, web_url
from comments.locks import import_lock
from comments.models import Comment

from .authors import Authors
from .comments import CommentImporter
from .elements import (
    _body,
    _date,
    _events,
    _fields,
    _int,
    _metas,
    _name,
    _wp_id,
)
from .progress import PROGRESS_SECONDS, Progress, comments_in_file
from .records import SITE_TAGS, SiteRecords
from .summary import ImportSummary, WxrImportError


@dataclass
class Attachment:
    """An image attachment of the file, read."""

    url: str
    label: str
    title: str
    caption: str  # WordPress's caption is the attachment's excerpt
    metas: dict[str, str]


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
# WordPress's default category, on every post not filed elsewhere.
DEFAULT_CATEGORY = "uncategorized"
LABEL_LENGTH = 80


class WxrImporter:
    """One import: the file, its posts, pages and images; the site and its
    records, the authors and the comments each with a collaborator of their own."""

    def __init__(
        self,
        *,
        media_dir: Path | None = None,
        progress: TextIO | None = None,
        progress_seconds: float = PROGRESS_SECONDS,
    ):
        self.media_dir = media_dir
        self.progress_out = progress
        self.progress_seconds = progress_seconds
        self.progress: Progress | None = None  # made when the file is known
        self.summary = ImportSummary()
        self.records = SiteRecords(self.summary)
        self.authors = Authors(self.summary)
        self.comments = CommentImporter(
            summary=self.summary, records=self.records, authors=self.authors
        )
        self.media_map: dict[str, str] = {}  # old image URL -> new URL
        self.imported_bodies: list[Post | Page] = []
        self.attachments: dict[int, Attachment] = {}  # image attachments, by id
        self.covers: list[tuple[Post, int]] = []  # new posts, their cover's id
        self.thumbnails: set[int] = set()  # every post's cover, by attachment id

    # --- the file -----------------------------------------------------------

    def run(self, source) -> ImportSummary:
        if self.progress_out is not None:
            self.progress = self.comments.progress = Progress(
                self.progress_out,
                total=comments_in_file(source),
                seconds=self.progress_seconds,
            )
        try:
            with transaction.atomic():
                import_lock()  # before any read: imports take turns
                self._parse(source)
                self._import_attachments()
                self._rewrite_media_urls()
            if self.progress is not None:
                self.progress.finish()
        except ParseError as exc:
            line, column = exc.position
            raise WxrImportError(
                f"The file is not well-formed XML at line {line}, column {column} "
                f"({exc.msg if hasattr(exc, 'msg') else exc}); nothing was imported."
            ) from exc
        _planner_statistics_refresh()
        return self.summary

    def _parse(self, source) -> None:
        channel = None
        depth = 0
        for event, element in _events(source):
            if event == "start":
                depth += 1
                if depth == 2:
                    channel = element
                continue
            depth -= 1
            if depth != 2:
                continue
            name = _name(element.tag)
            if name in SITE_TAGS:
                self.records.read_header(name, element.text or "")
            elif name in {"wp:author", "item"} and self.records.site is None:
                self.records.settle_site()
            if name == "wp:author":
                self.authors.read(_fields(element))
            elif name == "item":
                self._item(element)
            if name in {"wp:author", "item", "wp:term", "wp:category", "wp:tag"}:
                element.clear()
                channel.remove(element)
        if self.records.site is None:  # nothing to import; the summary names the site
            self.summary.site = self.records.site_named()

    # --- items --------------------------------------------------------------

    def _item(self, element: Element) -> None:
        data = _fields(element)
        post_type = data.get("wp:post_type", "post") or "post"
        # The title as notes and errors name the item: one line, kept short.
        title = single_line(data.get("title", "")).strip()[:LABEL_LENGTH]
        wp_id = _wp_id(data.get("wp:post_id"), f"“{title}”" if title else "An item")
        label = (
            f"“{title}” (WordPress id {wp_id})" if title else f"WordPress id {wp_id}"
        )
        if post_type == "attachment":
            self._attachment(element, data, wp_id, label)
            return
        if post_type not in {"post", "page"}:
            reason = {
                "nav_menu_item": "a menu entry; menus are not imported",
                "revision": "an old revision of a post",
                "wp_block": "a reusable block",
            }.get(post_type, f"custom post type “{post_type}” has no place here")
            self.summary.skipped.append(f"{label}: {reason}")
            return
        status = data.get("wp:status", "publish")
        if status in {"trash", "auto-draft", "inherit"}:
            self.summary.skipped.append(f"{label}: status “{status}” in WordPress")
            return
        if not wp_id:
            # Its comments could never be told from another's on a later import.
            raise WxrImportError(
                f"{label} has no WordPress id (wp:post_id), which WordPress always "
                "writes; nothing was imported."
            )
        comments = [
            {**_fields(c), "metas": _metas(c, "wp:commentmeta")}
            for c in element
            if _name(c.tag) == "wp:comment"
        ]
        for fields in comments:
            _wp_id(fields.get("wp:comment_id"), f"A comment on {label}")
        if post_type == "page":
            page = self._page(element, data, wp_id, status, label)
            if page is not None:
                self.comments.import_comments(page, comments)
            return
        metas = _metas(element)
        if _int(metas.get("_thumbnail_id")):
            self.thumbnails.add(_int(metas.get("_thumbnail_id")))
        post = self._post(element, data, metas, wp_id, status, label)
        if post is not None:
            self.comments.import_comments(post, comments)

    def _unique_slug(self, model, wanted: str, title: str, max_length: int) -> str:
        base = (slugify(wanted) or slugify(title) or "untitled")[: max_length - 6]
        slug, n = base, 2
        while model.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def _post(self, element, data, metas, wp_id, status, label) -> Post | None:
        if self.records.already_imported(WordPressRecord.Kind.POST, wp_id, label):
            return Post.objects.filter(pk=self.records.ids["post"][wp_id]).first()
        creator = data.get("dc:creator", "").strip()
        author = self.authors.user(creator) if creator else self.authors.default()
        published_at = _date(data.get("wp:post_date_gmt"), data.get("wp:post_date"))
        title = single_line(data.get("title", "")).strip() or "(untitled)"
        new_status = (
            Post.Status.PUBLISHED
            if status in {"publish", "future"}
            else (Post.Status.DRAFT)
        )
        if status == "private":
            self.summary.notes.append(f"{label} was private: imported as a draft")
        password = data.get("wp:post_password", "")[:255]
        if password:
            self.summary.notes.append(
                f"{label} keeps its WordPress password: readers must enter it"
            )
        body, markup = _body(data.get("content:encoded", ""), metas)
        post = Post(
            title=title[:200],
            slug=self._unique_slug(Post, data.get("wp:post_name", ""), title, 200),
            author=author,
            body=body,
            markup=markup,
            excerpt=plain_text(data.get("excerpt:encoded", "")),
            status=new_status,
            published_at=published_at or timezone.now(),
            allow_comments=data.get("wp:comment_status", "open") == "open",
            password=password,
        )
        post.save()
        tags = self._tags(element)
        if tags:
            post.tags.set(tags)
        cover = _int(metas.get("_thumbnail_id"))
        if cover:
            self.covers.append((post, cover))
        self.records.record(
            WordPressRecord.Kind.POST, wp_id, post.pk, data.get("link", "")
        )
        self.summary.posts += 1
        self.imported_bodies.append(post)
        return post

    def _tags(self, element: Element) -> list[Tag]:
        """The item's tags, and its categories as tags: Colloquy has only tags.
        WordPress's default category is left out (WordPress files every post
        without a category there), and so are other kinds of terms."""
        tags = []
        for child in element:
            name = single_line(child.text or "").strip()[: Tag.name.field.max_length]
            if _name(child.tag) != "category" or not name:
                continue
            domain = child.get("domain", "category")
            nicename = child.get("nicename", "")
            if domain in {"post_tag", "tag"}:
                tags.append(self._tag(name, nicename))
            elif domain != "category":
                self.summary.terms_skipped[domain] += 1
            elif (nicename or name.lower()) == DEFAULT_CATEGORY:
                self.summary.default_category_skipped += 1
            else:
                self.summary.categories_as_tags.add(name)
                tags.append(self._tag(name, nicename))
        return tags

    def _tag(self, name: str, nicename: str) -> Tag:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            slug = self._unique_slug(Tag, nicename, name, 60)
            tag = Tag.objects.create(name=name, slug=slug)
        return tag

    def _page(self, element, data, wp_id, status, label) -> Page | None:
        if self.records.already_imported(WordPressRecord.Kind.PAGE, wp_id, label):
            return Page.objects.filter(pk=self.records.ids["page"][wp_id]).first()
        title = single_line(data.get("title", "")).strip() or "(untitled)"
        published = status == "publish" and not data.get("wp:post_password")
        if status == "publish" and not published:
            self.summary.notes.append(
                f"The page {label} was password-protected: imported unpublished"
            )
        body, markup = _body(data.get("content:encoded", ""), _metas(element))
        page = Page(
            title=title[:200],
            slug=self._unique_slug(Page, data.get("wp:post_name", ""), title, 100),
            body=body,
            markup=markup,
            is_published=published,
        )
        page.save()
        self.records.record(
            WordPressRecord.Kind.PAGE, wp_id, page.pk, data.get("link", "")
        )
        self.summary.pages += 1
        self.imported_bodies.append(page)
        return page

    # --- attachments --------------------------------------------------------

    def _attachment(self, element, data: dict, wp_id: int, label: str) -> None:
        """An image attachment, kept until the file is read: whether it is a
        post's cover (its `_thumbnail_id`) is known only then."""
        url = data.get("wp:attachment_url", "").strip() or data.get("guid", "")
        if Path(urlsplit(url).path).suffix.lower() not in IMAGE_SUFFIXES:
            self.summary.skipped.append(f"{label}: an attachment that is not an image")
            return
        self.summary.media_urls.append(url)
        self.attachments[wp_id] = Attachment(
            url=url,
            label=label,
            title=data.get("title", ""),
            caption=data.get("excerpt:encoded", ""),
            metas=_metas(element),
        )

    def _import_attachments(self) -> None:
        """The images of the file: each new post's cover, and the others as
        images of the library."""
        covers = {wp_id for _, wp_id in self.covers}
        for post, wp_id in self.covers:
            attachment = self.attachments.get(wp_id)
            if attachment is None:
                self.summary.notes.append(
                    f"The cover image of “{post.title}” (attachment {wp_id}) is not "
                    "in the file: imported without it"
                )
            else:
                self._import_cover(post, attachment)
        for wp_id, attachment in self.attachments.items():
            if wp_id in covers or wp_id in self.thumbnails:
                continue  # a cover, of a post imported now or before
            if wp_id in self.records.ids["attachment"]:
                self.summary.already_imported += 1
                continue
            if self.media_dir is None:
                self.summary.skipped.append(
                    f"{attachment.label}: image {attachment.url} recorded, not "
                    "imported (no --media-dir given)"
                )
                continue
            image = self._image_file(attachment)
            if image is None:
                continue
            image = Image(file=image, alt=attachment.title[:250])
            image.save()
            image.renditions = renditions_make(image.file)
            image.save(update_fields=["renditions"])
            self.records.record(
                WordPressRecord.Kind.ATTACHMENT, wp_id, image.pk, attachment.url
            )
            self.media_map[attachment.url] = image.file.url
            self.summary.media += 1

    def _import_cover(self, post: Post, attachment: "Attachment") -> None:
        """`attachment` as the cover of `post`: the file, its alt text, caption
        and credit (Colloquy's export keeps the credit in meta fields)."""
        if self.media_dir is None:
            self.summary.skipped.append(
                f"The cover image of “{post.title}”: {attachment.url} not imported "
                "(no --media-dir given)"
            )
            return
        image = self._image_file(attachment)
        if image is None:
            return
        metas = attachment.metas
        post.cover_image.save(image.name, image, save=False)
        post.cover_alt = single_line(metas.get("_wp_attachment_image_alt", ""))[:250]
        post.cover_caption = single_line(attachment.caption)[:250]
        post.cover_credit = single_line(metas.get("_colloquy_cover_credit", ""))[:200]
        post.cover_credit_url = web_url(metas.get("_colloquy_cover_credit_url", ""))
        post.save()
        post.cover_renditions = renditions_make(post.cover_image)
        post.save(update_fields=["cover_renditions"])
        self.summary.media += 1

    def _image_file(self, attachment: "Attachment") -> File | None:
        """The attachment's file from the media directory, checked and cleaned
        as an upload is (None: missing or refused, said in the summary).

        Found by WordPress's own path under its uploads (`_wp_attached_file`),
        else by the part of its address after `/uploads/`.
        """
        relative = attachment.metas.get("_wp_attached_file", "")
        if not relative:
            path = urlsplit(attachment.url).path
            relative = path.split("/uploads/", 1)[1] if "/uploads/" in path else path
        media_dir = self.media_dir.resolve()
        source = (media_dir / posixpath.normpath(relative).lstrip("/")).resolve()
        if not source.is_relative_to(media_dir) or not source.is_file():
            self.summary.skipped.append(
                f"{attachment.label}: {relative} is not in the media directory"
            )
            return None
        try:
            with source.open("rb") as handle:
                return image_clean(File(handle, name=source.name))
        except ValidationError as exc:
            self.summary.skipped.append(
                f"{attachment.label}: {relative} refused ({exc.messages[0]})"
            )
            return None

    def _rewrite_media_urls(self) -> None:
        if not self.media_map:
            return
        longest_first = sorted(self.media_map, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(url) for url in longest_first))
        for obj in self.imported_bodies:
            body = pattern.sub(lambda m: self.media_map[m.group(0)], obj.body)
            if body != obj.body:
                obj.body = body
                obj.save()


def _planner_statistics_refresh() -> None:
    """Tell PostgreSQL what an import brought: until autovacuum gets to it, the
    planner plans a thread's query for the tables as they were (seen: a bitmap scan
    over the status index at twice the time, right after importing 10,000
    comments). SQLite keeps no statistics unless asked, and none are asked for."""
    if connection.vendor != "postgresql":
        return
    tables = [Comment._meta.db_table, Post._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def import_wxr(
    source,
    *,
    media_dir: Path | None = None,
    progress: TextIO | None = None,
    progress_seconds: float = PROGRESS_SECONDS,
) -> ImportSummary:
    """Import the WXR file `source` (a path or a binary file) in one transaction,
    writing how many comments are done to `progress` every `progress_seconds`.

    Raises WxrImportError when the file cannot be imported (not well-formed XML,
    the line named; its site named after its items; an id twice); nothing is
    stored then.
    """
    return WxrImporter(
        media_dir=media_dir, progress=progress, progress_seconds=progress_seconds
    ).run(source)
