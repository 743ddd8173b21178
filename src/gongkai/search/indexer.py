"""Applies the change log to this node's index: one writer per index, guarded by a file lock.

Run as `gongkai indexer` in production (one per app node), or as a thread in the demo server.
"""

import fcntl
import logging
import threading
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from django.db import close_old_connections, connections
from django.db.models import Max
from django.utils import timezone

from . import nodes
from .cursor import ChangeCursor
from .documents import SearchBackend
from .models import IndexNode, SearchChange
from .registry import backend, node_name, sources

logger = logging.getLogger(__name__)

BATCH = 2000
GAP_TIMEOUT = 300.0
HEARTBEAT = 10.0  # seconds between two reports of where this node stands
PRUNE_EVERY = 600.0  # seconds between two prunings of the change log by this node


class WriterLock:
    """An exclusive, non-blocking flock on the index directory; released when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path / "writer.lock"
        self._file = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class Indexer:
    def __init__(self, index: SearchBackend | None = None) -> None:
        self.index = index or backend()
        self.cursor = ChangeCursor(self.index.checkpoint(), GAP_TIMEOUT)
        self.node = node_name(self.index.path)
        self._reported: float | None = None
        self._pruned: float | None = None

    def rebuild(self) -> int:
        """Index every searchable record from the database, in one commit."""
        # Changes newer than the gap timeout are re-applied after the rebuild, so a transaction
        # still open while we read is not lost.
        settled_before = timezone.now() - timedelta(seconds=GAP_TIMEOUT)
        mark = (
            SearchChange.objects.filter(created_at__lt=settled_before).aggregate(m=Max("id"))["m"]
            or 0
        )
        nodes.hold(self.node, mark, timezone.now(), serving=self.index.built())
        count = self.index.rebuild(self._all_batches(), checkpoint=mark)
        self.cursor = ChangeCursor(mark, GAP_TIMEOUT)
        nodes.register(self.node, mark, timezone.now())
        logger.info("search index rebuilt: %d records", count)
        return count

    def _all_batches(self):
        for source in sources().values():
            ids = source.all_ids()
            for start in range(0, len(ids), BATCH):
                yield source.load(ids[start : start + BATCH])

    def run_once(self) -> int:
        """Apply what is pending in the change log; returns how many changes were applied."""
        if self.index.needs_rebuild():
            self.rebuild()
        applied = 0
        while True:
            rows = list(
                SearchChange.objects.filter(id__gt=self.cursor.checkpoint)
                .order_by("id")
                .values_list("id", "entity", "object_id")[:BATCH]
            )
            todo = set(self.cursor.pending(r[0] for r in rows))
            batch = [r for r in rows if r[0] in todo]
            if batch:
                self._apply(batch)
                applied += len(batch)
            before = self.cursor.checkpoint
            checkpoint = self.cursor.applied((r[0] for r in batch), time.monotonic())
            if batch or checkpoint != before:
                self.index.commit(checkpoint)
            if len(rows) < BATCH or not batch:
                break
        self._keep_house()
        return applied

    def _keep_house(self) -> None:
        """Report where this node stands every HEARTBEAT seconds; prune every PRUNE_EVERY."""
        clock = time.monotonic()
        if self._reported is not None and clock - self._reported < HEARTBEAT:
            return
        self._reported = clock
        now = timezone.now()
        if not nodes.report(self.node, self.cursor.checkpoint, self.cursor.newest, now):
            # Removed while silent (or never known): changes it had not applied may be pruned.
            logger.warning("search node %s is not in the table of nodes: rebuilding", self.node)
            self.index.request_rebuild()
            return
        if self._pruned is None or clock - self._pruned >= PRUNE_EVERY:
            self._pruned = clock
            nodes.prune_change_log(now)

    def _apply(self, rows: list[tuple[int, str, int]]) -> None:
        by_entity: dict[str, set[int]] = defaultdict(set)
        for _, entity, object_id in rows:
            by_entity[entity].add(object_id)
        for entity, ids in by_entity.items():
            source = sources().get(entity)
            if source is None:
                logger.warning("change log names unknown entity %r; skipped", entity)
                continue
            docs = source.load(sorted(ids))
            self.index.index(docs)
            self.index.delete(entity, ids - {d.object_id for d in docs})

    def run_forever(self, stop: threading.Event, poll: float) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # keep serving; the next poll retries from the checkpoint
                logger.exception("indexer pass failed")
            finally:
                close_old_connections()
            stop.wait(poll)


def serve(stop: threading.Event, poll: float) -> None:
    """Be this node's indexer when the lock is free; otherwise wait for it to become free."""
    index = backend()
    lock = WriterLock(index.path)
    while not stop.is_set():
        if lock.acquire():
            try:
                logger.info("indexer started on %s", index.path)
                Indexer(index).run_forever(stop, poll)
            finally:
                index.close_writer()
                lock.release()
        else:
            stop.wait(max(poll, 5.0))
    connections.close_all()  # this thread's own connection, before the thread ends


def rebuild_here() -> int | None:
    """Rebuild this node's index now and return the records indexed; None when this node's
    indexer holds the lock: it is asked to rebuild on its next pass instead."""
    index = backend()
    lock = WriterLock(index.path)
    if not lock.acquire():
        index.request_rebuild()
        return None
    try:
        count = Indexer(index).rebuild()
        index.close_writer()
        return count
    finally:
        lock.release()


def after_restore() -> str:
    """A restored database: every node's index follows another history now. Forget every node
    (each indexer, finding itself forgotten, rebuilds) and rebuild this one's at once."""
    IndexNode.objects.all().delete()
    count = rebuild_here()
    done = "rebuilding on its next pass" if count is None else f"rebuilt ({count} records)"
    return f"Search index of this node: {done}; the other nodes rebuild theirs by themselves."


class IndexerThread:
    """The in-process indexer of the demo server."""

    def __init__(self, poll: float) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=serve, args=(self._stop, poll), name="gongkai-indexer", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)
