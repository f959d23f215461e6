"""What an import reports: its summary, or why the file cannot be imported."""

from collections import Counter
from dataclasses import dataclass, field


class WxrImportError(Exception):
    """The file cannot be imported; the message says why (where XML broke, the line)."""


@dataclass
class ImportSummary:
    site: str = ""
    posts: int = 0
    pages: int = 0
    comments: Counter = field(default_factory=Counter)  # by status
    pingbacks: int = 0
    trackbacks: int = 0
    authors_created: int = 0
    authors_matched: int = 0
    media: int = 0
    media_urls: list[str] = field(default_factory=list)
    already_imported: int = 0
    categories_as_tags: set[str] = field(default_factory=set)
    default_category_skipped: int = 0  # posts filed under "Uncategorized"
    terms_skipped: Counter = field(default_factory=Counter)  # by taxonomy
    notes: list[str] = field(default_factory=list)  # what was changed, and why
    skipped: list[str] = field(default_factory=list)  # what was left out, and why

    def lines(self) -> list[str]:
        states = ", ".join(f"{n} {s}" for s, n in sorted(self.comments.items()))
        lines = [
            f"Site: {self.site or 'not named in the file'}",
            f"Posts: {self.posts}",
            f"Pages: {self.pages}",
            f"Comments: {sum(self.comments.values())} ({states or 'none'})",
            f"Pingbacks: {self.pingbacks}, trackbacks: {self.trackbacks}",
            f"Authors: {self.authors_created} created, "
            f"{self.authors_matched} matched to existing accounts",
            f"Media: {self.media} imported, {len(self.media_urls)} image URLs recorded",
        ]
        if self.already_imported:
            lines.append(f"Already imported, left as they are: {self.already_imported}")
        if self.categories_as_tags:
            names = ", ".join(f"“{name}”" for name in sorted(self.categories_as_tags))
            lines.append(f"Categories imported as tags: {names}")
        lines += [f"Note: {note}" for note in self.notes]
        if self.default_category_skipped:
            lines.append(
                "Skipped: WordPress's default category “Uncategorized”, on "
                f"{self.default_category_skipped} posts"
            )
        lines += [
            f"Skipped: {n} terms of the taxonomy “{taxonomy}”: only tags and "
            "categories are imported"
            for taxonomy, n in sorted(self.terms_skipped.items())
        ]
        lines += [f"Skipped: {item}" for item in self.skipped]
        return lines
