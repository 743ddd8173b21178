"""The index each process reads, and the kinds of records that feed it."""

import socket
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .backend import TantivyBackend
from .documents import Source

_sources: dict[str, Source] = {}


def register_source(source: Source) -> None:
    if _sources.keys() - {source.entity}:
        # Searches do not filter by entity (see backend.py): a second kind of record needs its
        # own index directory before it can be registered.
        raise ImproperlyConfigured(f"the search index already holds {list(_sources)}")
    _sources[source.entity] = source


def sources() -> dict[str, Source]:
    return _sources


@cache
def _backend_at(path: Path) -> TantivyBackend:
    return TantivyBackend(path, reload_seconds=settings.SEARCH_POLL_SECONDS)


def backend() -> TantivyBackend:
    return _backend_at(Path(settings.SEARCH_INDEX_DIR))


def node_name(index_path: Path | None = None) -> str:
    """A node's name in the table of nodes: this host and the index directory (one writer)."""
    return f"{socket.gethostname()}:{index_path or settings.SEARCH_INDEX_DIR}"
