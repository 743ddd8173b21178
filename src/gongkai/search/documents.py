"""What the index stores per record, and what a search asks and returns (plain values)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class IndexDoc:
    entity: str
    object_id: int
    title: str
    text: str
    issuer_id: int
    topic: str
    genre: str
    kind: str
    validity: str
    year: int
    published: int  # seconds since the epoch, for sorting by date

    @property
    def key(self) -> str:
        return f"{self.entity}:{self.object_id}"


@dataclass(frozen=True)
class SearchRequest:
    terms: tuple[str, ...]
    filters: dict[str, str | int] = field(default_factory=dict)  # issuer, topic, genre, kind…
    sort: str = "relevance"  # or "date"
    offset: int = 0
    limit: int = 20
    match_all: bool = True  # every term must occur; False: any term


@dataclass(frozen=True)
class Hit:
    object_id: int
    score: float


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[Hit]


class Source(Protocol):
    """A kind of searchable record (documents today; Q&A, letters later)."""

    entity: str

    def load(self, ids: list[int]) -> list[IndexDoc]:
        """The searchable ones among these ids; ids left out are removed from the index."""

    def all_ids(self) -> list[int]:
        """Every searchable id, for a rebuild."""


class SearchBackend(Protocol):
    """What the indexer and the selectors use of an index (TantivyBackend is the one we have)."""

    def index(self, docs: Iterable[IndexDoc]) -> None: ...
    def delete(self, entity: str, ids: Iterable[int]) -> None: ...
    def commit(self, checkpoint: int | None = None) -> None: ...
    def checkpoint(self) -> int: ...
    def search(self, request: SearchRequest) -> SearchPage: ...
    def rebuild(self, batches: Iterable[list[IndexDoc]], checkpoint: int) -> int: ...
    def needs_rebuild(self) -> bool: ...
    def built(self) -> bool: ...
