"""Placeholder for parallel work: the real locked tree insert replaces this at merge."""

from .models import Comment


def comment_tree_insert(comment: Comment) -> Comment:
    comment.save()
    return comment
