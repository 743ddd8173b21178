import time

from django.core.management.base import BaseCommand

from gongkai.search.indexer import rebuild_here
from gongkai.search.registry import backend


class Command(BaseCommand):
    help = "Rebuild this node's search index from the database."

    def handle(self, *args, **options):
        started = time.monotonic()
        count = rebuild_here()
        if count is None:
            self.stdout.write(
                "An indexer is running on this index; it will rebuild on its next pass."
            )
            return
        self.stdout.write(
            f"Rebuilt {backend().path}: {count} records in {time.monotonic() - started:.1f}s"
        )
