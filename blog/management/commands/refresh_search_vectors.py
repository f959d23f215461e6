"""Make every post's stored search vector again: after SEARCH_CONFIG changed."""

from django.core.management.base import BaseCommand
from django.db import connection

from blog.models import Post
from blog.search import search_vectors_refresh


class Command(BaseCommand):
    help = (
        "Make every post's PostgreSQL search vector again, with the current "
        "SEARCH_CONFIG (saving a post makes its own)."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Only PostgreSQL stores search vectors: nothing to do.")
            return
        count = search_vectors_refresh(Post.objects.all())
        self.stdout.write(f"Made the search vectors of {count} posts again.")
