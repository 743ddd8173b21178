import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from gongkai.search.indexer import serve


class Command(BaseCommand):
    help = "Keep this node's search index up to date with the database (run one per app node)."

    def add_arguments(self, parser):
        parser.add_argument("--poll", type=float, default=settings.SEARCH_POLL_SECONDS)

    def handle(self, *args, poll, **options):
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"indexer: {settings.SEARCH_INDEX_DIR}, polling every {poll}s")
        serve(stop, poll)
        self.stdout.write("indexer stopped")
