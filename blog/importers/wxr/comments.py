"""Each post's comments: those not imported yet, rendered, linked into threads
and written by comments.tree in bulk.

A reply deeper than the thread depth of the moderation settings allows hangs beside
the comment it answers, right after it, at the deepest level, as WordPress shows
it: every thread stays as deep as the site's own replies can make it.
"""

import multiprocessing
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F
from django.utils import timezone
from django.utils.html import escape

from blog.exporters.wxr import COMMENT_IDS
from blog.models import Page, Post, WordPressRecord
from blog.text import single_line, web_url
from comments.locks import tree_id_lock
from comments.markup import CommentMarkupError, clean_comment_html
from comments.models import Comment
from comments.moderation_settings import moderation_settings
from comments.queries import comment_ids_reserve
from comments.rendering import refresh_stale_fragments
from comments.tree import comment_threads_bulk_insert

from .authors import Authors
from .elements import _body, _date, _email, _int, _ip
from .records import SiteRecords
from .summary import ImportSummary

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
PARALLEL_FROM = 500  # comments in one post
URL_MAX_LENGTH = 200  # Comment.author_url's


def _old_number(wp_id: int) -> int:
    """The number a comment went by where it came from, in its `#comment-N`
    links: its WordPress id, or, for a comment written in Colloquy, its id there
    (Colloquy's export writes it in a range of its own).

    0 for a number no site reaches (from COMMENT_IDS up): kept, it would move
    every comment id given after it up there, for good (ids never go down), and
    into the range the export gives Colloquy's own comments.
    """
    number = wp_id - COMMENT_IDS if wp_id > COMMENT_IDS else wp_id
    return number if number < COMMENT_IDS else 0


def _parents_renumbered(raw: list[dict], ids: set[int]) -> None:
    """Replies whose parent is no comment of the file, but the id Colloquy's
    export gave one (`_colloquy_id`), are given that comment's id in the file.

    WordPress renumbers the comments it imports; importing a later export of
    the same blog, it leaves a new reply to a comment already there with the id
    the export gave that comment as its parent (WordPress then shows the reply
    nowhere); its own export writes it so.
    """
    aliases = {}
    for data in raw:
        old = _int(data["metas"].get("_colloquy_id"))
        if old and old not in ids:
            aliases.setdefault(old, data.get("wp:comment_id", ""))
    if not aliases:
        return
    for data in raw:
        parent = _int(data.get("wp:comment_parent"))
        if parent not in ids and parent in aliases:
            data["wp:comment_parent"] = aliases[parent]


def _render(body: str, markup: str) -> str | None:
    try:
        return clean_comment_html(body, markup=markup)
    except CommentMarkupError:
        return None


def _render_all(bodies: list[tuple[str, str]], done) -> list[str | None]:
    """Comment bodies through the comment sanitizer (None: it refused one),
    `done(n)` called as they are rendered.

    The sanitizer costs milliseconds a comment, most of a big import's time, so
    large threads are rendered on every core (forked workers: no database use).
    """
    cores = os.cpu_count() or 1
    rendered = []
    if len(bodies) < PARALLEL_FROM or cores < 2:
        for body in bodies:
            rendered.append(_render(*body))
            done(1)
        return rendered
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        for html in pool.imap(_render_one, bodies, chunksize=100):
            rendered.append(html)
            done(1)
    return rendered


def _render_one(body: tuple[str, str]) -> str | None:
    return _render(*body)


def _author_name(data: dict) -> str:
    """The comment's author, as the comment form takes a name (blog.text)."""
    return single_line(data.get("wp:comment_author", "")).strip()[:100]


def _comment_date(post: Post | Page, data: dict) -> datetime:
    found = _date(data.get("wp:comment_date_gmt"), data.get("wp:comment_date"))
    return found or getattr(post, "published_at", None) or timezone.now()


def _ids(ids: list[int], shown: int = 5) -> str:
    """`1, 2, 3, 4, 5 and 22 more`: ids for a note, the list kept short."""
    listed = ", ".join(str(i) for i in ids[:shown])
    return listed + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


def _deepest_level() -> int:
    """The deepest level a reply is imported at: the thread depth of the moderation
    settings counts the top-level comment. At least 1, so that a reply stays in its
    thread (where a depth of 1 shows it beside the comment it answers anyway)."""
    return max(moderation_settings().max_depth - 1, 1)


def _titles(titles) -> str:
    """`“A”, “B”`: the titles of posts or pages, each once, in a note."""
    return ", ".join(f"“{title}”" for title in dict.fromkeys(titles))


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


class CommentImporter:
    """The comments of each post or page the import reads: it reports to
    `summary`, finds earlier imports' comments in `records` and records its own
    there, and takes comment authors' accounts from `authors`."""

    def __init__(
        self, *, summary: ImportSummary, records: SiteRecords, authors: Authors
    ):
        self.summary = summary
        self.records = records
        self.authors = authors
        self.progress = None  # a Progress, when the import reports one

    def _done(self, count: int) -> None:
        if self.progress is not None and count:
            self.progress.add(count)

    def import_comments(self, post: Post | Page, raw: list[dict]) -> None:
        """The comments of `post` in the file: those not here yet join its threads."""
        ids = {_int(data.get("wp:comment_id")) for data in raw}
        _parents_renumbered(raw, ids)
        parents = {_int(data.get("wp:comment_parent")) for data in raw}
        known = self._recorded_comments(post, (ids | parents) - {0})
        new, unrecorded = self._new_comments(post, raw, known)
        self._done(len(raw) - len(new))  # found here already
        if not new:
            return
        rendered = _render_all([(c.body, c.markup) for c in new], self._done)
        for comment, html in zip(new, rendered, strict=True):
            if html is None:
                comment.body_html = f"<p>{escape(comment.body)}</p>"
                self.summary.notes.append(
                    f"Comment {comment.wp_id} on “{post.title}” could not be "
                    "formatted: kept as plain text"
                )
            else:
                comment.body_html = html
        roots, into_existing, replies = self._link_replies(post, new, known)
        for comment in into_existing:
            comment.parent_id = known.here[comment.wp_parent]
        self._keep_numbers(new, ids | parents, into_existing, replies, unrecorded)
        self._numbers_shown_by_others(post, new)
        comment_threads_bulk_insert(
            tops=roots + into_existing, replies=replies, deepest_level=_deepest_level()
        )
        # Each comment's block now: else the first view of a big thread renders them.
        refresh_stale_fragments(new)
        self.records.record_comments(c for c in new if id(c) not in unrecorded)
        if isinstance(post, Post):
            count = post.comments.filter(status=Comment.Status.APPROVED).count()
            # New comments on a post already here: its cached thread and page go.
            Post.objects.filter(pk=post.pk).update(
                comment_count=count, thread_version=F("thread_version") + 1
            )

    @staticmethod
    def _keep_numbers(new, ids: set[int], into_existing, replies, unrecorded) -> None:
        """Each new comment keeps its number in WordPress as its id where no
        comment has it, so that the old `#comment-N` links to it land on it; no
        id the database gives from now on is one of the post's old numbers, so
        that no old link to the post lands on another comment.

        A comment whose number is taken (another site's, imported before) gets
        a new id, above those numbers. So do the new replies to comments already
        here, and theirs: comments.tree saves those one at a time, the
        database's way.
        """
        numbers = {_old_number(wp_id) for wp_id in ids}
        comment_ids_reserve(max(numbers, default=0))
        # Held to the end of the import, which takes it to save the threads anyway:
        # another import wanting the same ids waits, then finds them taken.
        tree_id_lock()
        skip, below = set(unrecorded), list(into_existing)
        while below:
            comment = below.pop()
            skip.add(id(comment))
            below.extend(replies.get(id(comment), []))
        wanted = {}
        for comment in new:
            number = _old_number(comment.wp_id)
            if number and id(comment) not in skip:
                wanted.setdefault(number, comment)
        taken = Comment.objects.filter(pk__in=list(wanted)).values_list("pk", flat=True)
        for number in wanted.keys() - set(taken):
            wanted[number].pk = number

    def _numbers_shown_by_others(self, post: Post | Page, new: list) -> None:
        """Say which new comments' old numbers a comment already on the post has
        as its id: an old `#comment-N` link to one, sent here with the post's
        address, shows that other comment.

        Only both sides living on does this: a comment written here after an
        earlier import took a number WordPress gave a comment of its own since.
        Neither can move: the comment here answers to that number in this
        site's own links (its notifications, its permalink), WordPress's in the
        old ones, and both links reach the same page with the same `#comment-N`,
        which browsers never send.
        """
        numbers = {_old_number(c.wp_id) for c in new if c.pk != _old_number(c.wp_id)}
        shown = self._comments_on(post).filter(pk__in=list(numbers - {0}))
        found = sorted(shown.values_list("pk", flat=True))
        if found:
            self.summary.notes.append(
                f"{len(found)} comments on “{post.title}” (numbers {_ids(found)}) "
                "came from WordPress with a number a comment written here since "
                "has on this post: an old link #comment-N to them shows the "
                "comment here (both sites had comments after the earlier import)"
            )

    def _new_comments(self, post, raw: list[dict], known: KnownComments) -> tuple:
        """The comments in `raw` not imported yet, unsaved, and the `id()` of those
        whose WordPress id cannot be recorded; a comment found again is added to
        `known.here`."""
        unrecorded: set[int] = set()
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
                unrecorded.add(id(comment))
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
        return new, unrecorded

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
        recorded = self.records.comments_known(ids)
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
        return _author_name(data), _comment_date(post, data)

    def _comment(self, post: Post | Page, data: dict, wp_id: int) -> Comment | None:
        kind = KINDS.get(data.get("wp:comment_type", "").strip())
        if kind is None:
            kind = Comment.Kind.COMMENT
        metas = data["metas"]
        state = data.get("wp:comment_approved", "1").strip()
        status = STATES.get(state, Comment.Status.PENDING)
        # What WordPress's Restore of a comment in its Trash puts back.
        before = STATES.get(metas.get("_wp_trash_meta_status", "").strip(), "")
        before = before if status == Comment.Status.REMOVED else ""
        body, markup = _body(data.get("wp:comment_content", ""), metas)
        user = self.authors.by_wp_id.get(_int(data.get("wp:comment_user_id")))
        on_page = isinstance(post, Page)
        name, email = _author_name(data), data.get("wp:comment_author_email", "")
        url = data.get("wp:comment_author_url", "")
        if metas.get("_colloquy_status") in Comment.Status.values:
            # Colloquy's export gave WordPress another state: spam in the Trash,
            # or a placeholder for a hidden comment's replies' sake.
            status = metas["_colloquy_status"]
            before = metas.get("_colloquy_status_before_removal", "")
            before = before if before in Comment.Status.values else ""
        if "_colloquy_author" in metas:  # the placeholder's comment itself
            name = single_line(metas["_colloquy_author"]).strip()[:100]
            email = metas.get("_colloquy_author_email", "")
            url = metas.get("_colloquy_author_url", "")
        # Only an http(s) website is kept: the others are not shown as links.
        # One longer than its column is left out: cut, it is another address.
        website = web_url(url)
        comment = Comment(
            post=None if on_page else post,
            page=post if on_page else None,
            user=user,
            kind=kind,
            author_name=name,
            author_email=_email(email),
            author_url=website if len(website) <= URL_MAX_LENGTH else "",
            body=body,
            markup=markup,
            status=status,
            status_before_removal=before,
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
