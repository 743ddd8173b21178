from django.db import models


class SearchChange(models.Model):
    """One row per change to a searchable record, written in the same transaction as the change.

    The indexer on each app node applies rows past its own checkpoint; the row says only which
    record changed, and the indexer reads the record's current state (so applying is idempotent).
    """

    entity = models.CharField(max_length=30)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.entity}:{self.object_id}"


class IndexNode(models.Model):
    """An app node's indexer: how far it has applied the change log, and when it last said so.

    Pruning keeps what the slowest node's checkpoint still needs; the lag counts the changes past
    the newest it applied. A node silent for too long is removed, and its indexer, finding itself
    gone, rebuilds from the database (gongkai.search.nodes). A node enters the table when it
    starts building its index, so that what changes meanwhile is kept for it.
    """

    name = models.CharField(max_length=500, unique=True)
    checkpoint = models.BigIntegerField(default=0)  # every change at or below it is settled
    newest = models.BigIntegerField(default=0)  # the newest change applied
    heartbeat_at = models.DateTimeField()
    building = models.BooleanField(default=False)  # rebuilding: no index fit to serve until done

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ #{self.checkpoint}"
