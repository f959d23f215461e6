"""How far an import is, by comments: written to a stream (the command's stderr,
a terminal or not) every few seconds, with the file's total when it is known."""

import re
import time
from pathlib import Path
from typing import TextIO

PROGRESS_SECONDS = 2.0
# An opening <wp:comment> tag, whatever the file's prefix for WordPress's namespace.
COMMENT_TAG = re.compile(rb"<[A-Za-z_][\w.-]*:comment>")
CHUNK = 1 << 20


def comments_in_file(source) -> int | None:
    """The number of comments in the file `source` (a path, or a binary file that
    can seek back), counted by their tags before the import reads it; None for a
    stream that can be read only once."""
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            return _count(handle)
    if getattr(source, "seekable", lambda: False)() and not hasattr(source, "encoding"):
        start = source.tell()
        count = _count(source)
        source.seek(start)
        return count
    return None


def _count(handle) -> int:
    count, tail = 0, b""
    while chunk := handle.read(CHUNK):
        text = tail + chunk
        # A tag wholly in the tail was counted with the chunk before; one cut at
        # that chunk's end is whole now.
        count += sum(1 for m in COMMENT_TAG.finditer(text) if m.end() > len(tail))
        tail = text[-64:]
    return count


class Progress:
    """Comments done so far, reported on `out` at most every `seconds`."""

    def __init__(self, out: TextIO, *, total: int | None, seconds: float):
        self.out = out
        self.total = total
        self.seconds = seconds
        self.done = 0
        self.reported_at = time.monotonic()
        self.terminal = getattr(out, "isatty", lambda: False)()

    def add(self, count: int) -> None:
        """`count` more comments done: a report if the last is old enough."""
        self.done += count
        if time.monotonic() - self.reported_at >= self.seconds:
            self.report()

    def report(self) -> None:
        of = f" of {self.total:,}" if self.total is not None else ""
        line = f"{self.done:,}{of} comments imported"
        # A terminal shows one line, rewritten; a log gets a line a report.
        self.out.write(f"\r{line}…" if self.terminal else f"{line}\n")
        self.out.flush()
        self.reported_at = time.monotonic()

    def finish(self) -> None:
        """The last report, and the end of the terminal's line."""
        self.report()
        if self.terminal:
            self.out.write("\n")
