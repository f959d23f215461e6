"""Import a WordPress eXtended RSS (WXR 1.0 to 1.2) export, in one transaction.

The file is streamed with `iterparse`: one <item> (a post with its comments) is
held in memory at a time, then cleared. Each post's comments are linked into
threads and handed to comments.tree, which writes them in bulk
(`comment_threads_bulk_insert`): a 10,000-comment thread takes seconds.

Every WordPress object imported is recorded in WordPressRecord by its WordPress
id and its site (ids are unique only within one WordPress site), so running the
same import again skips what is already there, and another site's objects with
the same ids are imported beside them.

The importer is a package, a module for each part of the work: `elements`
reads the file's tags and values, `records` settles the file's site and keeps
the records of earlier imports, `importer` reads the file item by item (its
authors, posts, pages and images), `comments` builds each post's threads, and
`summary` holds what an import reports.
"""

from .comments import KINDS, PARALLEL_FROM, STATES, KnownComments
from .elements import PREFIXES
from .importer import IMAGE_SUFFIXES, PROGRESS_EVERY, WxrImporter, import_wxr
from .records import SITE_MAX_LENGTH, SITE_TAGS, site_key
from .summary import ImportSummary, WxrImportError

__all__ = [
    "IMAGE_SUFFIXES",
    "KINDS",
    "PARALLEL_FROM",
    "PREFIXES",
    "PROGRESS_EVERY",
    "SITE_MAX_LENGTH",
    "SITE_TAGS",
    "STATES",
    "ImportSummary",
    "KnownComments",
    "WxrImportError",
    "WxrImporter",
    "import_wxr",
    "site_key",
]
