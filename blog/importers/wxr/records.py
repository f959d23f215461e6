"""The file's site, and the records of what earlier imports brought over."""

from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings

from blog.exporters.wxr import COMMENT_IDS, PAGE_IDS, POST_IDS
from blog.models import Page, Post, WordPressRecord
from comments.models import Comment

from .summary import ImportSummary, WxrImportError

# The channel's addresses that name the site, the blog's own first: in a multisite
# network base_site_url is the network's, shared by blogs that each number their
# posts from 1.
SITE_TAGS = ("wp:base_blog_url", "link", "wp:base_site_url")
SITE_MAX_LENGTH = 255


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


class SiteRecords:
    """The file's site and its records: which site the file is from (read from
    the channel's header), what its earlier imports left here (`ids`: by kind,
    WordPress id -> pk), and a record for each object this import brings."""

    def __init__(self, summary: ImportSummary):
        self.summary = summary
        self.header: dict[str, str] = {}  # the channel's addresses, by SITE_TAGS
        self.site: str | None = None  # settled before the first author or item
        self.ids: dict[str, dict[int, int]] = defaultdict(dict)
        self.made: set[tuple[str, int]] = set()  # (kind, wp_id) recorded by this run
        self.own = False  # the file is this blog's own export

    def read_header(self, name: str, text: str) -> None:
        """One of the channel's SITE_TAGS; after the site is settled, one naming
        another site is an error."""
        self.header.setdefault(name, text)
        if self.site is not None and self.site_named() != self.site:
            # Records already matched would belong to another site than the rest.
            raise WxrImportError(
                f"The file names its site ({name}) after its first author or item; "
                "WordPress writes it before them. Move it up; nothing was imported."
            )

    def site_named(self) -> str:
        """The site the header read so far names (a site_key; "" if none)."""
        addresses = (site_key(self.header.get(tag, "")) for tag in SITE_TAGS)
        return next((address for address in addresses if address), "")

    def settle_site(self) -> None:
        """The file's site, from the channel's header: its records are loaded."""
        self.site = self.summary.site = self.site_named()
        if len(self.site) > SITE_MAX_LENGTH:
            raise WxrImportError(
                f"The site's address is longer than {SITE_MAX_LENGTH} characters "
                f"({self.site[:60]}…); nothing was imported."
            )
        self._adopt_unnamed_records()
        if self.site == site_key(settings.SITE_URL):
            # This blog's own export: it wrote the ids of every site imported,
            # and its own objects' ids in their ranges.
            self.own = True
            recorded = WordPressRecord.objects.ids_by_object()
            for kind, ids in recorded.items():
                self.ids[kind] = {wp_id: pk for pk, wp_id in ids.items()}
            for kind, model, first in (
                (WordPressRecord.Kind.POST, Post, POST_IDS),
                (WordPressRecord.Kind.PAGE, Page, PAGE_IDS),
            ):
                native = model.objects.exclude(pk__in=list(recorded[kind]))
                for pk in native.values_list("pk", flat=True).iterator():
                    self.ids[kind][first + pk] = pk
            return
        records = WordPressRecord.objects.filter(site=self.site)
        for kind, wp_id, object_id in records.values_list("kind", "wp_id", "object_id"):
            self.ids[kind][wp_id] = object_id

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

    def comments_known(self, wp_ids: set[int]) -> dict[int, int]:
        """The comments the WordPress ids `wp_ids` name here: recorded (whether
        each still exists is the caller's to check), or, in this blog's own
        export, its own comments by their range of ids, those that exist (the
        others come in anew, as into a new database)."""
        done = self.ids[WordPressRecord.Kind.COMMENT]
        known = {wp_id: done[wp_id] for wp_id in wp_ids if wp_id in done}
        if self.own:
            native = {
                wp_id - COMMENT_IDS: wp_id
                for wp_id in wp_ids - known.keys()
                if wp_id > COMMENT_IDS
            }
            found = Comment.objects.filter(pk__in=list(native)).values_list("pk")
            known.update((native[pk], pk) for (pk,) in found)
        return known

    def record(self, kind: str, wp_id: int, object_id: int, link: str = "") -> None:
        """Record the object `object_id` imported from WordPress's `wp_id`."""
        WordPressRecord.objects.create(
            site=self.site,
            kind=kind,
            wp_id=wp_id,
            object_id=object_id,
            old_url=link[:1000],
            old_path=_path(link)[:500],
        )
        self.ids[kind][wp_id] = object_id
        self.made.add((kind, wp_id))

    def record_comments(self, comments: Iterable) -> None:
        """Record saved comments, each by its `wp_id`, a thousand at a time."""
        batch = []
        for comment in comments:
            batch.append(
                WordPressRecord(
                    site=self.site,
                    kind=WordPressRecord.Kind.COMMENT,
                    wp_id=comment.wp_id,
                    object_id=comment.pk,
                )
            )
            if len(batch) == 1000:
                self._record_batch(batch)
                batch = []
        self._record_batch(batch)

    def _record_batch(self, batch: list[WordPressRecord]) -> None:
        WordPressRecord.objects.bulk_create(batch)
        for record in batch:
            self.ids["comment"][record.wp_id] = record.object_id

    def already_imported(self, kind: str, wp_id: int, label: str) -> bool:
        """Whether the post or page `wp_id` is here; an id twice in the file is an
        error, as the second item would pass for the first and its comments join
        the first's."""
        if wp_id not in self.ids[kind]:
            return False
        if (kind, wp_id) in self.made:
            raise WxrImportError(
                f"{label} has the id of a {kind} earlier in the file, which one "
                "WordPress site never writes; nothing was imported."
            )
        self.summary.already_imported += 1
        return True
