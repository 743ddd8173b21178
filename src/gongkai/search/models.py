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
