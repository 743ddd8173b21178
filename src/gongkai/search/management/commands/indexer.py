import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.search.indexer import serve
from gongkai.search.models import SearchChange
from gongkai.search.nodes import nodes_health


class Command(BaseCommand):
    help = (
        "Keep this node's search index up to date with the database (run one per app node); "
        "with --status, show how far behind each node's indexer is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--poll", type=float, default=settings.SEARCH_POLL_SECONDS)
        parser.add_argument("--status", action="store_true", help="show the nodes, then exit")

    def handle(self, *args, poll, status, **options):
        if status:
            self._status()
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"indexer: {settings.SEARCH_INDEX_DIR}, polling every {poll}s")
        serve(stop, poll)
        self.stdout.write("indexer stopped")

    def _status(self) -> None:
        self.stdout.write(f"change log: {SearchChange.objects.count()} entries")
        self.stdout.write(
            "node\tcheckpoint\tlag entries\tlag seconds\tlast report (seconds ago)\tstate"
        )
        for node in nodes_health(timezone.now()):
            self.stdout.write(
                f"{node.name}\t{node.checkpoint}\t{node.lag_entries}\t{node.lag_seconds:.0f}"
                f"\t{node.heartbeat_age:.0f}\t{'building' if node.building else 'following'}"
            )
