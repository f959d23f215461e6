"""Import a WordPress eXtended RSS (WXR 1.0 to 1.2) export, in one transaction.

The file is streamed (`elements._events`, which refuses a DTD): one <item> (a
post with its comments) is held in memory at a time, then cleared. Each post's
comments are linked into threads and handed to comments.tree, which writes them
in bulk (`comment_threads_bulk_insert`): a 10,000-comment thread takes seconds.

Every WordPress object imported is recorded in WordPressRecord by its WordPress
id and its site (ids are unique only within one WordPress site), so running the
same import again skips what is already there, and another site's objects with
the same ids are imported beside them.

Imports take turns (comments.locks.import_lock, taken first): two at once would
both find a slug, a username or a WordPress id free. A waiting import holds
nothing. A running one holds, to its end, the tree id lock from its first new
thread (a reader's new thread waits; replies and reading do not) and the rows of
the posts it gave comments.

The importer is a package, a module for each part of the work, each part an
object owning its state and handed the others it needs: `elements` reads the
file's tags and values, `records` settles the file's site and keeps the records
of earlier imports and this one (SiteRecords), `authors` the file's authors'
accounts (Authors), `comments` links each post's comments into threads
(CommentImporter), `importer` reads the file item by item and brings its posts,
pages and images over (WxrImporter), `summary` holds what an import reports,
and `progress` says how far it is.
"""

from .authors import Authors
from .comments import KINDS, PARALLEL_FROM, STATES, CommentImporter, KnownComments
from .elements import PREFIXES
from .importer import IMAGE_SUFFIXES, WxrImporter, import_wxr
from .progress import PROGRESS_SECONDS, Progress, comments_in_file
from .records import SITE_MAX_LENGTH, SITE_TAGS, SiteRecords, site_key
from .summary import ImportSummary, WxrImportError

__all__ = [
    "IMAGE_SUFFIXES",
    "KINDS",
    "PARALLEL_FROM",
    "PREFIXES",
    "PROGRESS_SECONDS",
    "SITE_MAX_LENGTH",
    "SITE_TAGS",
    "STATES",
    "Authors",
    "CommentImporter",
    "ImportSummary",
    "KnownComments",
    "Progress",
    "SiteRecords",
    "WxrImportError",
    "WxrImporter",
    "comments_in_file",
    "import_wxr",
    "site_key",
]
