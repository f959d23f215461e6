"""The discussion rules, one `ModerationSettings` record edited in the admin, read
once a request and forgotten when it is saved (comments.signals)."""

import threading

from .models import ModerationSettings

_local = threading.local()


def moderation_settings() -> ModerationSettings:
    """The rules record; one query a request. Until it is first saved in the admin,
    an unsaved record with the defaults (reading a page writes nothing)."""
    record = getattr(_local, "record", None)
    if record is None:
        saved = ModerationSettings.objects.raw(_RULES_RECORD)
        record = next(iter(saved), None)
        if record is None:
            record = ModerationSettings()
        _local.record = record
    return record


# Every comment and every post page reads it: building `objects.get(pk=1)` through
# the ORM cost 3% of a comment's posting (callgrind).
_RULES_RECORD = "SELECT * FROM comments_moderationsettings WHERE id = 1"


def forget_moderation_settings(**kwargs) -> None:
    """Read the record again next time (a new request, or the record was saved)."""
    _local.record = None
