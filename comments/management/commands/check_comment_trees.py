"""Find comment threads whose stored tree differs from their rebuild, and fix them.

The parent links are the truth; `tree_id/lft/rght/level` are derived from them.
A thread is sound when its rebuild from the parent links (what mptt's partial
rebuild makes: each comment's replies in the order they stand, numbered depth
first) changes nothing. Checking only reads: every thread comes from one SELECT
(one snapshot, in which a reply and the tree numbers it moved are there together
or not at all), streamed a thread at a time, and nothing is locked or written.
With --repair, each damaged thread is compared again under its lock, so that a
reply arriving meanwhile is never mistaken for damage, and its rebuild written.
The rebuild walks the thread with a stack, not recursion as mptt's does: a
thread may be thousands of replies deep.
"""

from itertools import groupby
from operator import itemgetter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, F

from comments.locks import tree_id_lock
from comments.models import Comment
from comments.services import thread_versions_bump

NODE_FIELDS = ("pk", "parent_id", "lft", "rght", "level")


class Command(BaseCommand):
    help = (
        "Compare every comment thread with its rebuild from the parent links and "
        "report the damaged ones; with --repair, rebuild them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Rebuild each damaged thread (mptt partial rebuild).",
        )

    def handle(self, *args, repair: bool, **options):
        damaged = self.check_shared_tree_ids(repair)
        damaged |= self.check_misplaced_replies(repair)
        checked = 0
        for tree_id, stored in self.threads():
            if tree_id in damaged and not repair:
                continue
            checked += 1
            roots = [pk for pk, parent_id, *_tree in stored.values() if not parent_id]
            changed = self.differences(roots[0], stored) if len(roots) == 1 else []
            if not changed:
                continue
            if not repair:
                root = Comment.objects.select_related("post").get(pk=roots[0])
                self.report(tree_id, root, changed, stored)
                damaged.add(tree_id)
            elif self.check_thread(tree_id, repair):
                # Compared again under the thread's lock, then rebuilt: the
                # reading above may be older than a reply or a repair.
                damaged.add(tree_id)
        if damaged and not repair:
            raise CommandError(
                f"{len(damaged)} damaged comment thread(s); "
                "run check_comment_trees --repair to rebuild them."
            )
        if damaged:
            # Cached threads of those posts show the old order: expire them.
            thread_versions_bump(
                post_ids=Comment.objects.filter(tree_id__in=damaged).values("post_id")
            )
            self.stdout.write(f"Repaired {len(damaged)} comment thread(s).")
        else:
            self.stdout.write(f"OK: all {checked} comment threads are sound.")

    def check_thread(self, tree_id: int, repair: bool) -> bool:
        """Report (and with `repair`, write) the rebuild of one thread if it differs."""
        with transaction.atomic():
            roots = self.lock_roots(tree_id)
            if len(roots) != 1:
                # Shared ids were split above; a thread without a root has no
                # parent links to rebuild from (check_misplaced_replies reports it).
                return False
            stored = self.nodes(tree_id)
            changed = self.differences(roots[0].pk, stored)
            if not changed:
                return False
            self.report(tree_id, roots[0], changed, stored)
            if repair:
                self.write_nodes(changed)
                self.stdout.write(f"  Repaired thread {tree_id} (partial rebuild).")
            return True

    def report(self, tree_id: int, root: Comment, changed: list, stored: dict) -> None:
        self.stdout.write(
            f"Thread {tree_id} ({self.describe(root)}): {len(changed)} of "
            f"{len(stored)} comments differ from the rebuild."
        )

    def check_shared_tree_ids(self, repair: bool) -> set[int]:
        """Threads whose root shares its tree id with another thread's root.

        Two new threads created at once without the tree-id lock get the same id.
        The later root (higher id) and the replies under it get a new tree id.
        """
        shared = (
            Comment.objects.filter(parent__isnull=True)
            .values("tree_id")
            .annotate(roots=Count("pk"))
            .filter(roots__gt=1)
            .order_by("tree_id")
            .values_list("tree_id", flat=True)
        )
        damaged = set()
        for tree_id in shared:
            with transaction.atomic():
                tree_id_lock()
                roots = self.lock_roots(tree_id)
                names = ", ".join(self.describe(root) for root in roots)
                self.stdout.write(f"Thread {tree_id} is shared by {names}.")
                damaged.add(tree_id)
                if not repair:
                    continue
                for root in roots[1:]:
                    new_tree_id = Comment.objects._get_next_tree_id()
                    subtree = self.subtree_pks(root.pk, tree_id)
                    Comment.objects.filter(pk__in=subtree).update(tree_id=new_tree_id)
                    self.rebuild(root.pk, new_tree_id)
                    damaged.add(new_tree_id)
                    self.stdout.write(
                        f"  Moved root comment {root.pk} and its "
                        f"{len(subtree) - 1} replies to tree id {new_tree_id}."
                    )
                self.rebuild(roots[0].pk, tree_id)
        return damaged

    def check_misplaced_replies(self, repair: bool) -> set[int]:
        """Threads holding replies whose tree id is not their parent's."""
        misplaced = Comment.objects.filter(parent__isnull=False).exclude(
            tree_id=F("parent__tree_id")
        )
        count = misplaced.count()
        if not count:
            return set()
        tree_ids = set(misplaced.values_list("parent__tree_id", flat=True))
        self.stdout.write(
            f"{count} replies carry another tree id than their parent, "
            f"in thread(s) {', '.join(str(t) for t in sorted(tree_ids))}."
        )
        if repair:
            with transaction.atomic():
                left = set(misplaced.values_list("tree_id", flat=True))
                for tree_id in sorted(tree_ids | left):
                    self.lock_roots(tree_id)
                # A pass moves each misplaced reply with the replies below it in
                # its thread, or leaves it to the next when its parent has just
                # moved; only a loop in the parent links could need more passes
                # than comments.
                fields = ("pk", "parent_id", "tree_id", "parent__tree_id")
                for _pass in range(Comment.objects.count() + 1):
                    moves = list(misplaced.values_list(*fields))
                    if not moves:
                        break
                    moved = set()
                    for pk, parent_id, tree_id, parent_tree_id in moves:
                        if pk in moved or parent_id in moved:
                            continue
                        subtree = self.subtree_pks(pk, tree_id)
                        Comment.objects.filter(pk__in=subtree).update(
                            tree_id=parent_tree_id
                        )
                        moved |= subtree
                else:
                    raise CommandError("The parent links of some comments loop.")
            self.stdout.write("  Moved them into their parent's thread.")
        return tree_ids

    @staticmethod
    def threads():
        """`(tree_id, nodes by pk)` of every thread, from one streamed SELECT."""
        rows = (
            Comment.objects.order_by("tree_id", "lft")
            .values_list("tree_id", *NODE_FIELDS)
            .iterator(chunk_size=10_000)
        )
        for tree_id, nodes in groupby(rows, key=itemgetter(0)):
            yield tree_id, {node[1]: node[1:] for node in nodes}

    @staticmethod
    def lock_roots(tree_id: int) -> list[Comment]:
        roots = Comment.objects.select_for_update().filter(
            tree_id=tree_id, parent__isnull=True
        )
        return list(roots.order_by("pk"))

    @staticmethod
    def nodes(tree_id: int) -> dict[int, tuple]:
        rows = Comment.objects.filter(tree_id=tree_id).values_list(*NODE_FIELDS)
        return {row[0]: row for row in rows}

    @staticmethod
    def differences(root_pk: int, stored: dict[int, tuple]) -> list[tuple]:
        """The nodes of a thread, as rebuilt from the parent links, that differ
        from `stored` (the thread's nodes by pk); `root_pk` is its root.

        As mptt's rebuild: each comment's replies in the order of their stored
        `lft` (then pk), numbered depth first from 1; a comment the root does not
        lead to is left as it is. With a stack rather than recursion.
        """
        in_order = sorted(stored.values(), key=lambda node: (node[2], node[0]))
        replies: dict[int, list[int]] = {}
        for pk, parent_id, *_tree_fields in in_order:
            replies.setdefault(parent_id, []).append(pk)
        changed, lefts, counter = [], {}, 1
        stack = [(root_pk, 0, False)]
        while stack:
            pk, level, done = stack.pop()
            if not done:
                lefts[pk] = counter
                stack.append((pk, level, True))
                below = replies.get(pk, ())
                stack.extend((reply, level + 1, False) for reply in reversed(below))
            else:
                node = (pk, stored[pk][1], lefts[pk], counter, level)
                if node != stored[pk]:
                    changed.append(node)
            counter += 1
        return changed

    @staticmethod
    def write_nodes(nodes: list[tuple]) -> None:
        rebuilt = [
            Comment(pk=pk, lft=lft, rght=rght, level=level)
            for pk, _parent_id, lft, rght, level in nodes
        ]
        Comment.objects.bulk_update(rebuilt, ["lft", "rght", "level"], batch_size=500)

    def rebuild(self, root_pk: int, tree_id: int) -> None:
        """Write the rebuild of the thread `tree_id` from its root `root_pk`."""
        self.write_nodes(self.differences(root_pk, self.nodes(tree_id)))

    @staticmethod
    def subtree_pks(top_pk: int, tree_id: int) -> set[int]:
        """The comment `top_pk` and its replies in the thread `tree_id`, found
        through the parent links alone."""
        links = Comment.objects.filter(tree_id=tree_id).values_list("pk", "parent_id")
        children: dict[int, list[int]] = {}
        for pk, parent_id in links:
            children.setdefault(parent_id, []).append(pk)
        found, todo = set(), [top_pk]
        while todo:
            pk = todo.pop()
            if pk not in found:  # a loop in the parent links comes back
                found.add(pk)
                todo.extend(children.get(pk, []))
        return found

    @staticmethod
    def describe(root: Comment) -> str:
        post = root.post
        return f"root comment {root.pk} on post {post.pk} “{post.title}”"
