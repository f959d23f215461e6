"""Import a WordPress eXtended RSS (WXR 1.0 to 1.2) export, in one transaction.

The file is streamed with `iterparse`: one <item> (a post with its comments) is
held in memory at a time, then cleared. Each post's comments are built into their
MPTT trees in Python (lft, rght, level, tree_id) and written with bulk_create, a
level at a time, which is what makes a 10,000-comment thread take seconds.

Every WordPress object imported is recorded in WordPressRecord by its WordPress
id and its site (ids are unique only within one WordPress site), so running the
same import again skips what is already there, and another site's objects with
the same ids are imported beside them.
"""

import ipaddress
import multiprocessing
import os
import posixpath
import re
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError, iterparse

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from blog.images import image_clean, renditions_make
from blog.models import Image, Page, Post, Tag, WordPressRecord
from comments.markup import CommentMarkupError, clean_comment_html
from comments.models import Comment
from comments.tree import comment_tree_insert, tree_id_lock

PREFIXES = {
    "http://wordpress.org/export/": "wp",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
STATES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
KINDS = {
    "": Comment.Kind.COMMENT,
    "comment": Comment.Kind.COMMENT,
    "pingback": Comment.Kind.PINGBACK,
    "trackback": Comment.Kind.TRACKBACK,
}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
# The channel's addresses that name the site, the blog's own first: in a multisite
# network base_site_url is the network's, shared by blogs that each number their
# posts from 1.
SITE_TAGS = ("wp:base_blog_url", "link", "wp:base_site_url")
SITE_MAX_LENGTH = 255
PROGRESS_EVERY = 1000
PARALLEL_FROM = 500  # comments in one post


def _render(body: str, markup: str) -> str | None:
    try:
        return clean_comment_html(body, markup=markup)
    except CommentMarkupError:
        return None


def _render_all(bodies: list[tuple[str, str]]) -> list[str | None]:
    """Comment bodies through the comment sanitizer (None: it refused one).

    The sanitizer costs milliseconds a comment, most of a big import's time, so
    large threads are rendered on every core (forked workers: no database use).
    """
    cores = os.cpu_count() or 1
    if len(bodies) < PARALLEL_FROM or cores < 2:
        return [_render(*body) for body in bodies]
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        return pool.starmap(_render, bodies, chunksize=100)


class WxrImportError(Exception):
    """The file cannot be imported; the message says why (where XML broke, the line)."""


@dataclass
class ImportSummary:
    site: str = ""
    posts: int = 0
    pages: int = 0
    comments: Counter = field(default_factory=Counter)  # by status
    pingbacks: int = 0
    trackbacks: int = 0
    authors_created: int = 0
    authors_matched: int = 0
    media: int = 0
    media_urls: list[str] = field(default_factory=list)
    already_imported: int = 0
    notes: list[str] = field(default_factory=list)  # what was changed, and why
    skipped: list[str] = field(default_factory=list)  # what was left out, and why

    def lines(self) -> list[str]:
        states = ", ".join(f"{n} {s}" for s, n in sorted(self.comments.items()))
        lines = [
            f"Site: {self.site or 'not named in the file'}",
            f"Posts: {self.posts}",
            f"Pages: {self.pages}",
            f"Comments: {sum(self.comments.values())} ({states or 'none'})",
            f"Pingbacks: {self.pingbacks}, trackbacks: {self.trackbacks}",
            f"Authors: {self.authors_created} created, "
            f"{self.authors_matched} matched to existing accounts",
            f"Media: {self.media} imported, {len(self.media_urls)} image URLs recorded",
        ]
        if self.already_imported:
            lines.append(f"Already imported, left as they are: {self.already_imported}")
        lines += [f"Note: {note}" for note in self.notes]
        lines += [f"Skipped: {item}" for item in self.skipped]
        return lines


def _name(tag: str) -> str:
    """`{http://wordpress.org/export/1.2/}post_id` -> `wp:post_id`, any WXR version."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if uri.startswith("http://wordpress.org/export/"):
        return (
            f"excerpt:{local}" if uri.rstrip("/").endswith("excerpt") else f"wp:{local}"
        )
    for prefix, short in PREFIXES.items():
        if uri.startswith(prefix):
            return f"{short}:{local}"
    return local


def _fields(element: Element) -> dict:
    """The text of each simple child, by short name (the first of repeated ones)."""
    found = {}
    for child in element:
        found.setdefault(_name(child.tag), (child.text or "").strip("\n"))
    return found


def _int(value: str | None) -> int:
    try:
        return int((value or "").strip() or 0)
    except ValueError:
        return 0


def _date(gmt: str | None, local: str | None = None) -> datetime | None:
    """WordPress dates: GMT when known ("0000-00-00 00:00:00" for unsaved drafts)."""
    for value, zone in ((gmt, UTC), (local, timezone.get_default_timezone())):
        value = (value or "").strip()
        if value and not value.startswith("0000"):
            try:
                naive = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            return naive.replace(tzinfo=zone)
    return None


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _markup(item: Element, meta_tag: str = "wp:postmeta") -> str:
    """HTML, as WordPress stores it, unless our own export marked the body Markdown."""
    for child in item:
        if _name(child.tag) == meta_tag:
            meta = _fields(child)
            ours = meta.get("wp:meta_key") == "_colloquy_markup"
            if ours and meta.get("wp:meta_value") == Post.Markup.MARKDOWN:
                return Post.Markup.MARKDOWN
    return Post.Markup.HTML


def _comment_date(post: Post | Page, data: dict) -> datetime:
    found = _date(data.get("wp:comment_date_gmt"), data.get("wp:comment_date"))
    return found or getattr(post, "published_at", None) or timezone.now()


def _ids(ids: list[int], shown: int = 5) -> str:
    """`1, 2, 3, 4, 5 and 22 more`: ids for a note, the list kept short."""
    listed = ", ".join(str(i) for i in ids[:shown])
    return listed + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


def _titles(titles) -> str:
    """`“A”, “B”`: the titles of posts or pages, each once, in a note."""
    return ", ".join(f"“{title}”" for title in dict.fromkeys(titles))


def _path(url: str) -> str:
    parts = urlsplit(url or "")
    return parts.path + (f"?{parts.query}" if parts.query else "")


def site_key(url: str) -> str:
    """`https://www.Example.com/blog/` -> `example.com/blog`, as records name sites.

    The scheme and a leading "www." are left out: a site that moved to https, or
    dropped its "www.", is still the site whose ids were recorded.
    """
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = parts.netloc.rpartition("@")[2].lower().removeprefix("www.")
    return host + parts.path.rstrip("/")


def _within(address: str, site: str) -> bool:
    """Whether `address` (a site_key) lies at or under the site `site`."""
    return address == site or address.startswith(f"{site}/")


@dataclass
class KnownComments:
    """What the records say of some WordPress comment ids, for one post or page."""

    here: dict[int, int] = field(default_factory=dict)  # on it: id -> pk
    gone: set[int] = field(default_factory=set)  # imported, deleted here since
    elsewhere: dict[int, str] = field(default_factory=dict)  # id -> other's title

    def where(self, wp_id: int) -> str:
        """Where the comment `wp_id`, missing from the post, went."""
        if wp_id in self.elsewhere:
            return f"which was imported on {_titles([self.elsewhere[wp_id]])}"
        if wp_id in self.gone:
            return "which was deleted here"
        return "which is not in the file"


class WxrImporter:
    def __init__(
        self, *, media_dir: Path | None = None, progress: TextIO | None = None
    ):
        self.media_dir = media_dir
        self.progress = progress
        self.summary = ImportSummary()
        self.users: dict[str, object] = {}  # WordPress login -> user
        self.users_by_wp_id: dict[int, object] = {}
        self.tree_ids_locked = False
        self.items = 0
        self.media_map: dict[str, str] = {}  # old image URL -> new URL
        self.imported_bodies: list[Post | Page] = []
        self.header: dict[str, str] = {}  # the channel's addresses, by SITE_TAGS
        self.site: str | None = None  # settled before the first author or item
        self.records: dict[str, dict[int, int]] = defaultdict(dict)  # this site's
        self.unrecorded: set[int] = set()  # id() of new comments whose id is taken
        self.made: set[tuple[str, int]] = set()  # (kind, wp_id) recorded by this run

    # --- the file -----------------------------------------------------------

    def run(self, source) -> ImportSummary:
        try:
            with transaction.atomic():
                self._parse(source)
                self._rewrite_media_urls()
        except ParseError as exc:
            line, column = exc.position
            raise WxrImportError(
                f"The file is not well-formed XML at line {line}, column {column} "
                f"({exc.msg if hasattr(exc, 'msg') else exc}); nothing was imported."
            ) from exc
        return self.summary

    def _site_named(self) -> str:
        addresses = (site_key(self.header.get(tag, "")) for tag in SITE_TAGS)
        return next((address for address in addresses if address), "")

    def _settle_site(self) -> None:
        """The file's site, from the channel's header: its records are loaded."""
        self.site = self.summary.site = self._site_named()
        if len(self.site) > SITE_MAX_LENGTH:
            raise WxrImportError(
                f"The site's address is longer than {SITE_MAX_LENGTH} characters "
                f"({self.site[:60]}…); nothing was imported."
            )
        self._adopt_unnamed_records()
        if self.site == site_key(settings.SITE_URL):
            # This blog's own export: it wrote the ids of every site imported.
            for kind, ids in WordPressRecord.objects.ids_by_object().items():
                self.records[kind] = {wp_id: pk for pk, wp_id in ids.items()}
            return
        records = WordPressRecord.objects.filter(site=self.site)
        for kind, wp_id, object_id in records.values_list("kind", "wp_id", "object_id"):
            self.records[kind][wp_id] = object_id

    def _adopt_unnamed_records(self) -> None:
        """Records made before records named their site become this site's, if
        nothing says they are another's (migration 0007 of blog explains why).

        Only a site with no records yet adopts them, and only when every old
        post and page address among them lies under the site's address.
        """
        unnamed = WordPressRecord.objects.filter(site="")
        if not self.site or not unnamed.exists():
            return
        if WordPressRecord.objects.filter(site=self.site).exists():
            return
        addresses = (
            unnamed.filter(
                kind__in=[WordPressRecord.Kind.POST, WordPressRecord.Kind.PAGE]
            )
            .exclude(old_url="")
            .values_list("old_url", flat=True)
        )
        if all(_within(site_key(url), self.site) for url in addresses.iterator()):
            adopted = unnamed.update(site=self.site)
            self.summary.notes.append(
                f"{adopted} records of an import made before records named their "
                f"site were taken as {self.site}'s: their addresses lie under it"
            )
        else:
            self.summary.notes.append(
                "Records of an import made before records named their site were "
                f"left alone: some of their addresses lie outside {self.site}"
            )

    def _parse(self, source) -> None:
        channel = None
        depth = 0
        # The file is the site owner's own export; expat never fetches external
        # entities and (2.4+) refuses exponential entity expansion.
        events = iterparse(source, events=("start", "end"))  # noqa: S314
        for event, element in events:
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
                self._header(name, element.text or "")
            elif name in {"wp:author", "item"} and self.site is None:
                self._settle_site()
            if name == "wp:author":
                self._author(_fields(element))
            elif name == "item":
                self._item(element)
                self._tick()
            if name in {"wp:author", "item", "wp:term", "wp:category", "wp:tag"}:
                element.clear()
                channel.remove(element)
        if self.site is None:  # nothing to import; the summary still names the site
            self.summary.site = self._site_named()

    def _header(self, name: str, text: str) -> None:
        self.header.setdefault(name, text)
        if self.site is not None and self._site_named() != self.site:
            # Records already matched would belong to another site than the rest.
            raise WxrImportError(
                f"The file names its site ({name}) after its first author or item; "
                "WordPress writes it before them. Move it up; nothing was imported."
            )

    def _tick(self, count: int = 1) -> None:
        """Count items and comments read; report every PROGRESS_EVERY of them."""
        before, self.items = self.items, self.items + count
        if self.progress and before // PROGRESS_EVERY != self.items // PROGRESS_EVERY:
            self.progress.write(f"\r{self.items} items and comments read…")
            self.progress.flush()

    # --- authors ------------------------------------------------------------

    def _author(self, data: dict) -> None:
        login = data.get("wp:author_login", "").strip()
        if not login:
            return
        self._user(
            login,
            email=data.get("wp:author_email", "").strip(),
            display_name=data.get("wp:author_display_name", "").strip(),
            first_name=data.get("wp:author_first_name", "").strip(),
            last_name=data.get("wp:author_last_name", "").strip(),
            wp_id=_int(data.get("wp:author_id")),
        )

    def _user(self, login: str, *, email: str = "", wp_id: int = 0, **names):
        if login in self.users:
            return self.users[login]
        User = get_user_model()
        match = Q(username__iexact=login)
        if email:
            match |= Q(email__iexact=email)
        user = User.objects.filter(match).order_by("pk").first()
        if user is None:
            user = User(username=login[:150], email=email, **names)
            user.set_unusable_password()
            user.save()
            self.summary.authors_created += 1
        else:
            self.summary.authors_matched += 1
        self.users[login] = user
        if wp_id:
            self.users_by_wp_id[wp_id] = user
        return user

    def _default_author(self):
        if self.users:
            return next(iter(self.users.values()))
        return self._user("wordpress")

    # --- items --------------------------------------------------------------

    def _item(self, element: Element) -> None:
        data = _fields(element)
        post_type = data.get("wp:post_type", "post") or "post"
        wp_id = _int(data.get("wp:post_id"))
        title = data.get("title", "").strip()
        label = (
            f"“{title}” (WordPress id {wp_id})" if title else f"WordPress id {wp_id}"
        )
        if post_type == "attachment":
            self._attachment(data, wp_id, label)
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
        comments = [
            {**_fields(c), "markup": _markup(c, "wp:commentmeta")}
            for c in element
            if _name(c.tag) == "wp:comment"
        ]
        self._tick(len(comments))
        if post_type == "page":
            page = self._page(element, data, wp_id, status, label)
            if page is not None:
                self._comments(page, comments)
            return
        post = self._post(element, data, wp_id, status, label)
        if post is not None:
            self._comments(post, comments)

    def _record(self, kind: str, wp_id: int, object_id: int, link: str = "") -> None:
        WordPressRecord.objects.create(
            site=self.site,
            kind=kind,
            wp_id=wp_id,
            object_id=object_id,
            old_url=link[:1000],
            old_path=_path(link)[:500],
        )
        self.records[kind][wp_id] = object_id
        self.made.add((kind, wp_id))

    def _already_imported(self, kind: str, wp_id: int, label: str) -> bool:
        """Whether the post or page `wp_id` is here; an id twice in the file is an
        error, as the second item would pass for the first and its comments join
        the first's."""
        if wp_id not in self.records[kind]:
            return False
        if (kind, wp_id) in self.made:
            raise WxrImportError(
                f"{label} has the id of a {kind} earlier in the file, which one "
                "WordPress site never writes; nothing was imported."
            )
        self.summary.already_imported += 1
        return True

    def _unique_slug(self, model, wanted: str, title: str, max_length: int) -> str:
        base = (slugify(wanted) or slugify(title) or "untitled")[: max_length - 6]
        slug, n = base, 2
        while model.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def _post(self, element, data, wp_id, status, label) -> Post | None:
        if self._already_imported(WordPressRecord.Kind.POST, wp_id, label):
            return Post.objects.filter(pk=self.records["post"][wp_id]).first()
        author = self.users.get(data.get("dc:creator", "").strip())
        if author is None:
            creator = data.get("dc:creator", "").strip()
            author = self._user(creator) if creator else self._default_author()
        published_at = _date(data.get("wp:post_date_gmt"), data.get("wp:post_date"))
        title = data.get("title", "").strip() or "(untitled)"
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
        post = Post(
            title=title[:200],
            slug=self._unique_slug(Post, data.get("wp:post_name", ""), title, 200),
            author=author,
            body=data.get("content:encoded", ""),
            markup=_markup(element),
            excerpt=data.get("excerpt:encoded", ""),
            status=new_status,
            published_at=published_at or timezone.now(),
            allow_comments=data.get("wp:comment_status", "open") == "open",
            password=password,
        )
        post.save()
        tags = []
        for child in element:
            if _name(child.tag) == "category" and (child.text or "").strip():
                tags.append(self._tag(child.text.strip(), child.get("nicename", "")))
        if tags:
            post.tags.set(tags)
        self._record(WordPressRecord.Kind.POST, wp_id, post.pk, data.get("link", ""))
        self.summary.posts += 1
        self.imported_bodies.append(post)
        return post

    def _tag(self, name: str, nicename: str) -> Tag:
        name = name[:60]
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            slug = self._unique_slug(Tag, nicename, name, 60)
            tag = Tag.objects.create(name=name, slug=slug)
        return tag

    def _page(self, element, data, wp_id, status, label) -> Page | None:
        if self._already_imported(WordPressRecord.Kind.PAGE, wp_id, label):
            return Page.objects.filter(pk=self.records["page"][wp_id]).first()
        title = data.get("title", "").strip() or "(untitled)"
        published = status == "publish" and not data.get("wp:post_password")
        if status == "publish" and not published:
            self.summary.notes.append(
                f"The page {label} was password-protected: imported unpublished"
            )
        page = Page(
            title=title[:200],
            slug=self._unique_slug(Page, data.get("wp:post_name", ""), title, 100),
            body=data.get("content:encoded", ""),
            markup=Post.Markup.HTML,
            is_published=published,
        )
        page.save()
        self._record(WordPressRecord.Kind.PAGE, wp_id, page.pk, data.get("link", ""))
        self.summary.pages += 1
        self.imported_bodies.append(page)
        return page

    # --- attachments --------------------------------------------------------

    def _attachment(self, data: dict, wp_id: int, label: str) -> None:
        url = data.get("wp:attachment_url", "").strip() or data.get("guid", "")
        if Path(urlsplit(url).path).suffix.lower() not in IMAGE_SUFFIXES:
            self.summary.skipped.append(f"{label}: an attachment that is not an image")
            return
        self.summary.media_urls.append(url)
        if wp_id in self.records["attachment"]:
            self.summary.already_imported += 1
            return
        if self.media_dir is None:
            self.summary.skipped.append(
                f"{label}: image {url} recorded, not imported (no --media-dir given)"
            )
            return
        self._import_image(url, wp_id, label, data.get("title", ""))

    def _import_image(self, url: str, wp_id: int, label: str, alt: str) -> None:
        path = urlsplit(url).path
        relative = path.split("/uploads/", 1)[1] if "/uploads/" in path else path
        source = (self.media_dir / posixpath.normpath(relative).lstrip("/")).resolve()
        if not source.is_relative_to(self.media_dir.resolve()) or not source.is_file():
            self.summary.skipped.append(
                f"{label}: {relative} is not in the media directory"
            )
            return
        try:
            with source.open("rb") as handle:
                cleaned = image_clean(File(handle, name=source.name))
        except ValidationError as exc:
            self.summary.skipped.append(
                f"{label}: {relative} refused ({exc.messages[0]})"
            )
            return
        image = Image(file=cleaned, alt=alt[:250])
        image.save()
        image.renditions = renditions_make(image.file)
        image.save(update_fields=["renditions"])
        self._record(WordPressRecord.Kind.ATTACHMENT, wp_id, image.pk, url)
        self.media_map[url] = image.file.url
        self.summary.media += 1

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

    # --- comments -----------------------------------------------------------

    def _comments(self, post: Post | Page, raw: list[dict]) -> None:
        """The comments of `post` in the file: those not here yet join its threads."""
        ids = {_int(data.get("wp:comment_id")) for data in raw}
        parents = {_int(data.get("wp:comment_parent")) for data in raw}
        known = self._recorded_comments(post, (ids | parents) - {0})
        new = self._new_comments(post, raw, known)
        if not new:
            return
        for comment, html in zip(
            new, _render_all([(c.body, c.markup) for c in new]), strict=True
        ):
            if html is None:
                comment.body_html = f"<p>{escape(comment.body)}</p>"
                self.summary.notes.append(
                    f"Comment {comment.wp_id} on “{post.title}” could not be "
                    "formatted: kept as plain text"
                )
            else:
                comment.body_html = html
        roots, into_existing, replies = self._link_replies(post, new, known)
        self._build_trees(roots, replies)
        for comment in into_existing:
            parent_pk = known.here[comment.wp_parent]
            self._insert_under_existing(comment, parent_pk, replies)
        if isinstance(post, Post):
            count = post.comments.filter(status=Comment.Status.APPROVED).count()
            # New comments on a post already here: its cached thread and page go.
            Post.objects.filter(pk=post.pk).update(
                comment_count=count, thread_version=F("thread_version") + 1
            )

    def _new_comments(self, post, raw: list[dict], known: KnownComments) -> list:
        """The comments in `raw` not imported yet, unsaved; a comment found again
        is added to `known.here`, one whose id cannot be recorded to `unrecorded`."""
        self.unrecorded.clear()
        copies = None
        new, first, clashes, twice = [], set(), [], []
        for data in raw:
            wp_id = _int(data.get("wp:comment_id"))
            if wp_id in known.here or wp_id in known.gone:
                self.summary.already_imported += 1
                continue
            if wp_id in known.elsewhere:
                # One site numbers its comments once: this file and an earlier one
                # disagree. The comment is kept, but its id cannot be recorded
                # twice, so an import again finds it by author and date.
                copies = self._unrecorded_comments(post) if copies is None else copies
                same = copies.get(self._identity(post, data))
                if same:
                    known.here[wp_id] = same.pop(0)
                    self.summary.already_imported += 1
                    continue
                clashes.append(wp_id)
            elif wp_id in first:
                twice.append(wp_id)
            comment = self._comment(post, data, wp_id)
            if wp_id in known.elsewhere or wp_id in first:
                self.unrecorded.add(id(comment))
            new.append(comment)
            first.add(wp_id)
        if clashes:
            where = _titles(known.elsewhere[wp_id] for wp_id in clashes)
            self.summary.notes.append(
                f"{len(clashes)} comments on “{post.title}” (ids {_ids(clashes)}) "
                f"have WordPress ids recorded before for comments on {where}, "
                "which one site never does (is the file from another site at the "
                "same address?): imported here as well, without records of their ids"
            )
        if twice:
            self.summary.notes.append(
                f"Comment ids {_ids(twice)} appear more than once on “{post.title}”: "
                "each copy is imported, replies go under the first"
            )
        return new

    def _link_replies(self, post, new: list, known: KnownComments) -> tuple:
        """The new threads, the replies to comments already here, and the new
        replies to each comment (by `id(comment)`), all in WordPress's order.

        A reply whose parent is nowhere in the post starts a thread; so does each
        reply in a cycle of parents.
        """
        by_wp_id: dict[int, Comment] = {}
        for comment in new:
            by_wp_id.setdefault(comment.wp_id, comment)  # a repeated id: the first
        replies: dict[int, list[Comment]] = defaultdict(list)
        roots, into_existing = [], []
        for comment in new:
            parent = comment.wp_parent
            if parent == comment.wp_id:
                continue  # a circle of one, reported below
            if parent and parent in by_wp_id:
                replies[id(by_wp_id[parent])].append(comment)
            elif parent and parent in known.here:
                into_existing.append(comment)
            else:
                if parent:
                    self.summary.notes.append(
                        f"Comment {comment.wp_id} on “{post.title}” replies to comment "
                        f"{parent}, {known.where(parent)}: imported as a new thread"
                    )
                roots.append(comment)
        order = lambda c: (c.created_at, c.wp_id)  # noqa: E731 - WordPress's order
        for group in (roots, into_existing, *replies.values()):
            group.sort(key=order)
        reached, stack = set(), roots + into_existing
        while stack:
            comment = stack.pop()
            reached.add(id(comment))
            stack.extend(replies.get(id(comment), []))
        circle = [c for c in new if id(c) not in reached]
        if circle:
            self.summary.notes.append(
                f"{len(circle)} comments on “{post.title}” reply in a circle: "
                "imported as new threads"
            )
            for comment in circle:
                replies.pop(id(comment), None)
            roots = sorted(roots + circle, key=order)
        return roots, into_existing, replies

    @staticmethod
    def _comments_on(post: Post | Page):
        if isinstance(post, Page):
            return Comment.objects.filter(page=post)
        return Comment.objects.filter(post=post)

    def _recorded_comments(self, post: Post | Page, ids: set[int]) -> KnownComments:
        """What this site's records say of the WordPress comment ids `ids`."""
        done = self.records["comment"]
        recorded = {wp_id: done[wp_id] for wp_id in ids if wp_id in done}
        if not recorded:
            return KnownComments()
        on_post = set(self._comments_on(post).values_list("pk", flat=True))
        here = {wp_id: pk for wp_id, pk in recorded.items() if pk in on_post}
        others = {pk: wp_id for wp_id, pk in recorded.items() if pk not in on_post}
        found = Comment.objects.filter(pk__in=list(others)).values_list(
            "pk", "post__title", "page__title"
        )
        elsewhere = {others[pk]: a or b for pk, a, b in found}
        gone = set(others.values()) - set(elsewhere)
        return KnownComments(here, gone, elsewhere)

    def _unrecorded_comments(self, post: Post | Page) -> dict[tuple, list[int]]:
        """The comments on `post` no record names, by `_identity`: among them, those
        an earlier import could not record (see `_new_comments`)."""
        recorded = WordPressRecord.objects.filter(kind=WordPressRecord.Kind.COMMENT)
        rows = (
            self._comments_on(post)
            .exclude(pk__in=recorded.values("object_id"))
            .order_by("pk")
            .values_list("author_name", "created_at", "pk")
        )
        found = defaultdict(list)
        for author_name, created_at, pk in rows:
            found[author_name, created_at].append(pk)
        return found

    @staticmethod
    def _identity(post: Post | Page, data: dict) -> tuple:
        return data.get("wp:comment_author", "")[:100], _comment_date(post, data)

    def _comment(self, post: Post | Page, data: dict, wp_id: int) -> Comment | None:
        kind = KINDS.get(data.get("wp:comment_type", "").strip())
        if kind is None:
            kind = Comment.Kind.COMMENT
        state = data.get("wp:comment_approved", "1").strip()
        status = STATES.get(state, Comment.Status.PENDING)
        body = data.get("wp:comment_content", "")
        user = self.users_by_wp_id.get(_int(data.get("wp:comment_user_id")))
        on_page = isinstance(post, Page)
        comment = Comment(
            post=None if on_page else post,
            page=post if on_page else None,
            user=user,
            kind=kind,
            author_name=data.get("wp:comment_author", "")[:100],
            author_email=data.get("wp:comment_author_email", "").strip()[:254],
            author_url=data.get("wp:comment_author_url", "").strip()[:200],
            body=body,
            markup=data["markup"],
            status=status,
            created_at=_comment_date(post, data),
            ip_address=_ip(data.get("wp:comment_author_IP", "")),
        )
        # Two attributes only: a third would cost each comment a kilobyte more (its
        # __dict__ stops sharing keys), 13 MB in a 10,000-comment thread.
        comment.wp_id = wp_id
        comment.wp_parent = _int(data.get("wp:comment_parent"))
        self.summary.comments[status] += 1
        if kind == Comment.Kind.PINGBACK:
            self.summary.pingbacks += 1
        elif kind == Comment.Kind.TRACKBACK:
            self.summary.trackbacks += 1
        return comment

    def _tree_ids(self, count: int) -> int:
        """The first of `count` new tree ids, allocated under comments.tree's lock."""
        if not self.tree_ids_locked:
            tree_id_lock()  # held until the import's transaction ends
            self.tree_ids_locked = True
        return (Comment.objects.aggregate(top=Max("tree_id"))["top"] or 0) + 1

    def _build_trees(self, roots: list[Comment], replies: dict) -> None:
        """New threads from `roots` and their `replies`, each level written with
        one bulk_create."""
        levels: dict[int, list[Comment]] = defaultdict(list)
        first = self._tree_ids(len(roots))
        for offset, root in enumerate(roots):
            counter = 1
            stack = [(root, 0, False)]
            while stack:
                comment, level, leaving = stack.pop()
                if leaving:
                    comment.rght = counter
                    counter += 1
                    continue
                comment.tree_id, comment.level = first + offset, level
                comment.lft = counter
                counter += 1
                levels[level].append(comment)
                stack.append((comment, level, True))
                for child in reversed(replies.get(id(comment), [])):
                    stack.append((child, level + 1, False))
        for level in sorted(levels):
            batch = levels[level]
            Comment.objects.bulk_create(batch, batch_size=1000)
            self._record_comments(batch)
            for comment in batch:
                for reply in replies.get(id(comment), []):
                    reply.parent_id = comment.pk

    def _record_comments(self, batch: list[Comment]) -> None:
        batch = [c for c in batch if id(c) not in self.unrecorded]
        WordPressRecord.objects.bulk_create(
            [
                WordPressRecord(
                    site=self.site,
                    kind=WordPressRecord.Kind.COMMENT,
                    wp_id=c.wp_id,
                    object_id=c.pk,
                )
                for c in batch
            ],
            batch_size=1000,
        )
        for c in batch:
            self.records["comment"][c.wp_id] = c.pk

    def _insert_under_existing(self, comment, parent_pk: int, replies: dict) -> None:
        """A new reply to a comment of an earlier import, with the replies below it
        in this file: inserted the slow way, each as its parent's last reply."""
        queue = deque([(comment, Comment.objects.get(pk=parent_pk))])
        while queue:
            current, parent = queue.popleft()
            current.parent = parent
            comment_tree_insert(current)
            self._record_comments([current])
            queue.extend((reply, current) for reply in replies.get(id(current), []))


def import_wxr(
    source, *, media_dir: Path | None = None, progress: TextIO | None = None
) -> ImportSummary:
    """Import the WXR file `source` (a path or a binary file) in one transaction.

    Raises WxrImportError when the file cannot be imported (not well-formed XML,
    the line named; its site named after its items; an id twice); nothing is
    stored then.
    """
    return WxrImporter(media_dir=media_dir, progress=progress).run(source)
