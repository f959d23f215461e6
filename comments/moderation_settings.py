"""The discussion rules, one `ModerationSettings` record edited in the admin, read
once a request and forgotten when it is saved (comments.signals)."""

import threading

from .models import ModerationSettings
from .queries import moderation_settings_record

_local = threading.local()


def moderation_settings() -> ModerationSettings:
    """The rules record; one query a request. Until it is first saved in the admin,
    an unsaved record with the defaults (reading a page writes nothing)."""
    record = getattr(_local, "record", None)
    if record is None:
        saved = moderation_settings_record()
        record = saved or ModerationSettings()
        _local.record = record
    return record


def forget_moderation_settings(**kwargs) -> None:
    """Read the record again next time (a new request, or the record was saved)."""
    _local.record = None
