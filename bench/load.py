"""Filling the benchmark database: the demo district's units and N published documents.

Documents go in through the demo loader's bulk path (bulk_create, with each document's event
and change-log row), the way a migration from an old CMS would load them, not one
document_publish transaction per document. The search index is then built by the real rebuild.
"""

import itertools
import time
from dataclasses import dataclass

from django.utils import timezone

from gongkai.demo import corpus, loader
from gongkai.orgs.models import Unit, UnitKind

SEED = 2026
BATCH = 5000


@dataclass
class LoadStats:
    documents: int
    total_s: float


def ensure_units() -> list[Unit]:
    """The demo district's units that publish (villages do not)."""
    if not loader.is_loaded():
        loader.load_units()
    return list(Unit.objects.exclude(kind=UnitKind.VILLAGE).order_by("sort_order"))


def load_documents(size: int, units: list[Unit]) -> LoadStats:
    docs = corpus.generate(
        size, issuers=[u.name for u in units], seed=SEED, until=timezone.localdate()
    )
    started = time.perf_counter()
    loaded = 0
    while batch := list(itertools.islice(docs, BATCH * 20)):
        loaded += loader.bulk_publish(batch, units, batch=BATCH)
        print(f"   {loaded:,} documents loaded ({time.perf_counter() - started:.0f} s)", flush=True)
    return LoadStats(loaded, time.perf_counter() - started)
