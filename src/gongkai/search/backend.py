"""The tantivy index: BM25 over pre-segmented Chinese text, embedded, one directory per node.

Text is segmented in Python (segment.py) and handed to tantivy as space-separated tokens, so the
index and the queries agree on words without a tokenizer compiled into tantivy.

Keys are "<entity>:<id>", but a search does not filter by entity: documents are the only kind of
record today, and a filter matching every record triples the cost of common words at a million
documents. A second kind of record gets its own index directory (its own BM25 statistics too).
"""

import json
import multiprocessing
import os
import shutil
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import chain
from pathlib import Path

import tantivy

from .documents import Hit, IndexDoc, SearchPage, SearchRequest
from .segment import index_tokens

SCHEMA_VERSION = 2
ANALYZER = "zh_tokens"
TITLE_BOOST = 3.0
PARALLEL_FROM = 1000  # documents in the first batch of a rebuild
FILTER_FIELDS = {
    "issuer": "issuer",
    "topic": "topic",
    "genre": "genre",
    "kind": "kind",
    "validity": "validity",
    "year": "year",
}
INTEGER_FIELDS = {"object_id", "issuer", "year"}


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("key", stored=True, tokenizer_name="raw")
    b.add_unsigned_field("object_id", stored=True, indexed=True, fast=True)
    b.add_text_field("title", tokenizer_name=ANALYZER, index_option="freq")
    b.add_text_field("body", tokenizer_name=ANALYZER, index_option="freq")
    b.add_unsigned_field("issuer", indexed=True, fast=True)
    for name in ("topic", "genre", "kind", "validity"):
        b.add_text_field(name, tokenizer_name="raw", index_option="basic")
    b.add_unsigned_field("year", indexed=True, fast=True)
    b.add_integer_field("published", fast=True)
    return b.build()


def _analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.remove_long(120))
        .build()
    )


def _tokens(doc: IndexDoc) -> tuple[str, str]:
    return " ".join(index_tokens(doc.title)), " ".join(index_tokens(doc.text))


def _tokens_of_batch(batch: list[IndexDoc]) -> list[tuple[str, str]]:
    return [_tokens(doc) for doc in batch]


def _segmented(batches: Iterable[list[IndexDoc]]) -> Iterator[tuple[list[IndexDoc], list]]:
    """Segmentation is most of a rebuild's time: spread it over the cores, a few batches ahead,
    without reading the whole corpus into memory."""
    batches = iter(batches)
    first = next(batches, [])
    batches = chain([first], batches)
    workers = os.cpu_count() or 1
    if workers == 1 or len(first) < PARALLEL_FROM:  # a small index: forking costs more
        yield from ((batch, _tokens_of_batch(batch)) for batch in batches)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, pool.submit(_tokens_of_batch, batch)))
            if len(pending) > 2 * workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


class TantivyBackend:
    """Readers and the one writer of an index directory.

    Readers pick up the writer's commits at most `reload_seconds` late. Only the process holding
    the indexer's file lock may call the writing methods.
    """

    def __init__(self, path: Path, reload_seconds: float = 1.0) -> None:
        self.path = Path(path)
        self.reload_seconds = reload_seconds
        self.schema = _schema()
        self._index: tantivy.Index | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._last_reload = 0.0
        self._lock = threading.Lock()

    # -- opening ---------------------------------------------------------------------------
    @property
    def _meta_path(self) -> Path:
        return self.path / "gongkai.json"

    def _meta(self) -> dict:
        try:
            return json.loads(self._meta_path.read_text())
        except (OSError, ValueError):
            return {}

    def built(self) -> bool:
        """An index the indexer has committed at least once with this schema: one to serve."""
        return self._meta().get("schema") == SCHEMA_VERSION

    def _load(self) -> tantivy.Index:
        index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        index.register_tokenizer(ANALYZER, _analyzer())
        return index

    def open_for_writing(self) -> None:
        """Called by the lock holder: start afresh when the directory holds no usable index."""
        self.path.mkdir(parents=True, exist_ok=True)
        if not self.built():
            for child in self.path.iterdir():
                if child.name != "writer.lock":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
        self._index = self._load()

    def needs_rebuild(self) -> bool:
        return not self.built() or (self.path / "rebuild-requested").exists()

    def request_rebuild(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / "rebuild-requested").touch()

    # -- writing (indexer only) -----------------------------------------------------------
    def _w(self) -> tantivy.IndexWriter:
        if self._writer is None:
            if self._index is None:
                self.open_for_writing()
            self._writer = self._index.writer(heap_size=128_000_000, num_threads=1)
        return self._writer

    def _document(self, doc: IndexDoc, tokens: tuple[str, str] | None = None) -> tantivy.Document:
        title, body = tokens or _tokens(doc)
        return tantivy.Document.from_dict(
            {
                "key": doc.key,
                "object_id": doc.object_id,
                "title": title,
                "body": body,
                "issuer": doc.issuer_id,
                "topic": doc.topic,
                "genre": doc.genre,
                "kind": doc.kind,
                "validity": doc.validity,
                "year": doc.year,
                "published": doc.published,
            },
            self.schema,
        )

    def index(self, docs: Iterable[IndexDoc]) -> None:
        writer = self._w()
        for doc in docs:
            writer.delete_documents_by_term("key", doc.key)
            writer.add_document(self._document(doc))

    def delete(self, entity: str, ids: Iterable[int]) -> None:
        writer = self._w()
        for object_id in ids:
            writer.delete_documents_by_term("key", f"{entity}:{object_id}")

    def commit(self, checkpoint: int | None = None) -> None:
        self._w().commit()
        meta = {"schema": SCHEMA_VERSION, "checkpoint": checkpoint}
        if checkpoint is None:
            meta["checkpoint"] = self.checkpoint()
        tmp = self._meta_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta))
        tmp.replace(self._meta_path)
        self._index.reload()

    def checkpoint(self) -> int:
        return int(self._meta().get("checkpoint") or 0)

    def rebuild(self, batches: Iterable[list[IndexDoc]], checkpoint: int) -> int:
        """Replace the whole index in one commit; readers see the old one until then."""
        writer = self._w()
        writer.delete_all_documents()
        count = 0
        for batch, tokens in _segmented(batches):
            for doc, doc_tokens in zip(batch, tokens, strict=True):
                writer.add_document(self._document(doc, doc_tokens))
            count += len(batch)
        self.commit(checkpoint)
        (self.path / "rebuild-requested").unlink(missing_ok=True)
        return count

    def close_writer(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    # -- reading ----------------------------------------------------------------------------
    def _searcher(self) -> tantivy.Searcher | None:
        now = time.monotonic()
        if now - self._last_reload >= self.reload_seconds:
            with self._lock:
                if self._index is None and self.built():
                    self._index = self._load()
                elif self._index is not None:
                    self._index.reload()
                self._last_reload = now
        return self._index.searcher() if self._index is not None else None

    def _term_clause(self, term: str) -> tantivy.Query:
        Q, Occur = tantivy.Query, tantivy.Occur
        title = Q.boost_query(Q.term_query(self.schema, "title", term), TITLE_BOOST)
        body = Q.term_query(self.schema, "body", term)
        return Q.boolean_query([(Occur.Should, title), (Occur.Should, body)])

    def _query(self, request: SearchRequest) -> tantivy.Query:
        Q, Occur = tantivy.Query, tantivy.Occur
        occur = Occur.Must if request.match_all else Occur.Should
        clauses = [(occur, self._term_clause(t)) for t in request.terms]
        filters = []
        for name, value in request.filters.items():
            field = FILTER_FIELDS[name]
            value = int(value) if field in INTEGER_FIELDS else str(value)
            filters.append((Occur.Must, Q.term_query(self.schema, field, value)))
        if not clauses:
            return Q.boolean_query(filters) if filters else Q.all_query()
        return Q.boolean_query([(Occur.Must, Q.boolean_query(clauses)), *filters])

    def search(self, request: SearchRequest) -> SearchPage:
        searcher = self._searcher()
        if searcher is None:  # no index on this node yet: the indexer is building it
            return SearchPage(total=0, hits=[])
        kwargs = {}
        if request.sort == "date":
            kwargs = {"order_by_field": "published", "order": tantivy.Order.Desc}
        result = searcher.search(
            self._query(request), limit=request.limit, offset=request.offset, count=True, **kwargs
        )
        hits = []
        for score, address in result.hits:
            stored = searcher.doc(address)
            hits.append(Hit(object_id=stored["object_id"][0], score=float(score)))
        return SearchPage(total=result.count or 0, hits=hits)

    def num_docs(self) -> int:
        searcher = self._searcher()
        return searcher.num_docs if searcher is not None else 0
