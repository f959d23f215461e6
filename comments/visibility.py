"""Who sees which comments of a post: approved ones for everyone, held ones for those
who moderate the post and for their writers, removed ones for moderators, and
placeholders for the hidden comments that shown ones hang under."""

from django.db.models import Q

from .models import Comment
from .permissions import can_moderate
from .writer_cookies import written_ids


def held_shown(request, post) -> tuple[bool, tuple[int, ...], int | None]:
    """Which held comments of `post` this viewer sees in place: every one (True,
    for those who moderate the post), else their own: the guest comments this
    browser wrote (ids) and, signed in, their account's (its id)."""
    user = request.user
    if can_moderate(user, post):
        return True, (), None
    return False, written_ids(request), user.pk if user.is_authenticated else None


def shown_here(request, post) -> Q:
    """The comments of `post` this viewer sees for themselves: approved ones, the
    held ones `held_shown` names, and removed ones for those who moderate (so that
    they can restore them)."""
    shown = Q(status=Comment.Status.APPROVED)
    every_held, own_ids, own_user_id = held_shown(request, post)
    if every_held:
        shown |= Q(status__in=(Comment.Status.PENDING, Comment.Status.REMOVED))
    elif own_ids or own_user_id:
        own = Q(pk__in=own_ids)
        if own_user_id:
            own |= Q(user_id=own_user_id)
        shown |= own & Q(status=Comment.Status.PENDING)
    return shown


def placeholder_ids(request, post, rows) -> frozenset[int]:
    """The rows shown only because replies hang under them (not `shown_here`)."""
    every_held, own_ids, own_user_id = held_shown(request, post)

    def seen_for_itself(row) -> bool:
        if row.status == Comment.Status.APPROVED:
            return True
        if every_held:
            return row.status in (Comment.Status.PENDING, Comment.Status.REMOVED)
        own = row.pk in own_ids or (own_user_id and row.user_id == own_user_id)
        return bool(own) and row.status == Comment.Status.PENDING

    return frozenset(row.pk for row in rows if not seen_for_itself(row))
