"""The file's site, and the records of what earlier imports brought over."""

from urllib.parse import urlsplit

from django.conf import settings

from blog.models import WordPressRecord

from .summary import WxrImportError

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


class RecordsMixin:
    """WxrImporter's site and records: which site the file is from, what its
    earlier imports left here, and a record for each object imported."""

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
