from django.core.management.base import BaseCommand

from blog.exporters.wxr import export_wxr


class Command(BaseCommand):
    help = "Write the blog as a WordPress export (WXR 1.2) to standard output."

    def handle(self, *args, **options):
        export_wxr(self.stdout)
