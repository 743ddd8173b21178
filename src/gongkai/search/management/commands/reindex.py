import time

from django.core.management.base import BaseCommand

from gongkai.search.indexer import Indexer, WriterLock
from gongkai.search.registry import backend


class Command(BaseCommand):
    help = "Rebuild this node's search index from the database."

    def handle(self, *args, **options):
        index = backend()
        lock = WriterLock(index.path)
        if not lock.acquire():
            index.request_rebuild()
            self.stdout.write(
                "An indexer is running on this index; it will rebuild on its next pass."
            )
            return
        try:
            started = time.monotonic()
            count = Indexer(index).rebuild()
            index.close_writer()
            self.stdout.write(
                f"Rebuilt {index.path}: {count} records in {time.monotonic() - started:.1f}s"
            )
        finally:
            lock.release()
