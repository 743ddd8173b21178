"""The nodes that follow the change log, how far behind each is, and pruning the log behind them.

Each node's indexer reports its checkpoint (every change at or below it settled), the newest
change it applied and a heartbeat. The log is pruned up to the slowest node's checkpoint,
keeping the last SEARCH_LOG_KEEP_HOURS; a node's lag is what lies past the newest change it
applied, so that a hole a rolled-back transaction left is not counted as lag. A node that
has not reported for SEARCH_NODE_TIMEOUT_HOURS is removed from the table so that it does not hold
pruning back for ever; its indexer, finding itself removed, rebuilds its index from the database,
as a new node does. A node that is not in the table enters it before it reads the database: a
rebuild takes minutes at a million documents, and what changes meanwhile must still be in the log
when it is done.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min

from .models import IndexNode, SearchChange

logger = logging.getLogger(__name__)

# A rebuild re-applies the changes younger than the indexer's gap timeout (indexer.GAP_TIMEOUT):
# they must still be in the log, whatever the setting says.
MIN_KEEP = timedelta(minutes=10)
BATCH = 2000


def report(name: str, checkpoint: int, newest: int, now: datetime) -> bool:
    """Record where node `name` stands; False when the node is not (or no longer) in the table."""
    stands = {"checkpoint": checkpoint, "newest": newest, "heartbeat_at": now}
    return IndexNode.objects.filter(name=name).update(**stands) == 1


def hold(name: str, checkpoint: int, now: datetime, *, serving: bool) -> None:
    """Keep the log past `checkpoint` for node `name`, about to build its index from the database.

    A node in the table that serves an index while it rebuilds holds the log already: every
    change up to its checkpoint was committed before the build reads. Any other enters as
    building, which /healthz reports as not ready: a new node, one that was forgotten, and one
    whose index is gone (a container restarted on an empty disk keeps its name and its row).
    """
    if serving and IndexNode.objects.filter(name=name).exists():
        return
    stands = {"checkpoint": checkpoint, "newest": checkpoint, "heartbeat_at": now}
    IndexNode.objects.update_or_create(name=name, defaults={**stands, "building": True})


def register(name: str, checkpoint: int, now: datetime) -> None:
    stands = {"checkpoint": checkpoint, "newest": checkpoint, "heartbeat_at": now}
    IndexNode.objects.update_or_create(name=name, defaults={**stands, "building": False})


def prune_change_log(now: datetime) -> int:
    """Forget silent nodes, then delete the changes every node has applied and the margin has
    passed; returns how many were deleted."""
    timeout = timedelta(hours=settings.SEARCH_NODE_TIMEOUT_HOURS)
    for node in IndexNode.objects.filter(heartbeat_at__lt=now - timeout):
        logger.warning(
            "search node %s silent since %s: no longer waited for", node.name, node.heartbeat_at
        )
        node.delete()
    slowest = IndexNode.objects.aggregate(m=Min("checkpoint"))["m"]
    if slowest is None:
        return 0
    keep = max(timedelta(hours=settings.SEARCH_LOG_KEEP_HOURS), MIN_KEEP)
    done = SearchChange.objects.filter(id__lte=slowest, created_at__lt=now - keep)
    deleted = 0
    while ids := list(done.values_list("id", flat=True)[:BATCH]):
        deleted += SearchChange.objects.filter(id__in=ids).delete()[0]
    if deleted:
        logger.info("search change log: %d applied entries pruned", deleted)
    return deleted


@dataclass(frozen=True)
class NodeHealth:
    name: str
    checkpoint: int
    heartbeat_age: float  # seconds since the node's indexer last reported
    lag_entries: int  # changes past the newest it applied
    lag_seconds: float  # age of the oldest of them; 0 when there are none
    building: bool  # rebuilding: no index fit to serve until done


def _health(node: IndexNode, now: datetime) -> NodeHealth:
    pending = SearchChange.objects.filter(id__gt=node.newest)
    oldest = pending.order_by("id").values_list("created_at", flat=True).first()
    return NodeHealth(
        name=node.name,
        checkpoint=node.checkpoint,
        heartbeat_age=max((now - node.heartbeat_at).total_seconds(), 0.0),
        lag_entries=pending.count(),
        lag_seconds=max((now - oldest).total_seconds(), 0.0) if oldest else 0,
        building=node.building,
    )


def nodes_health(now: datetime) -> list[NodeHealth]:
    return [_health(node, now) for node in IndexNode.objects.all()]


def node_health(name: str, now: datetime) -> NodeHealth | None:
    node = IndexNode.objects.filter(name=name).first()
    return _health(node, now) if node is not None else None
