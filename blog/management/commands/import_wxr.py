import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.importers.wxr import WxrImportError, import_wxr


class Command(BaseCommand):
    help = "Import a WordPress export (WXR file): authors, posts, pages, comments."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The WXR file WordPress exported.")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="A copy of wp-content/uploads: its images are imported too.",
        )

    def handle(self, *args, file: Path, media_dir: Path | None, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"No such directory: {media_dir}")
        try:
            # On stderr, a terminal or a log: a redirected run says how far it is.
            summary = import_wxr(file, media_dir=media_dir, progress=sys.stderr)
        except WxrImportError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines():
            self.stdout.write(line)
