"""The WordPress WXR importer, moved whole into importer.py to be split."""

from .importer import (
    IMAGE_SUFFIXES,
    KINDS,
    PARALLEL_FROM,
    PREFIXES,
    PROGRESS_EVERY,
    SITE_MAX_LENGTH,
    SITE_TAGS,
    STATES,
    ImportSummary,
    KnownComments,
    WxrImporter,
    WxrImportError,
    import_wxr,
    site_key,
)

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
