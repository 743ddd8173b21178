"""Search benchmark at 100,000 and 1,000,000 documents: `make bench [SIZE=1000000]`.

With --report, the annual-report benchmark instead (bench/report_run.py, `make bench-report`);
with --join, a new node building its index from PostgreSQL (bench/join_run.py).

Uses the project's own code paths: settings with GONGKAI_VAR=var/bench/<size>, migrations, the
search index built by Indexer.rebuild(), queries through parse_query and the search backend, and
the JSON API served by gunicorn. The database and index are kept between runs (--fresh rebuilds
them). Results are printed and written to var/bench/results-<size>.json; goals are reported as
PASS/MISS but never fail the run.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import sys
import time
import urllib.parse
from datetime import datetime
from pathlib import Path

import machine

ROOT = Path(__file__).resolve().parent.parent
QUERY_SEED = 7
# (size, measurement, limit in ms)
GOALS = [
    (100_000, "module_p95_ms", 5.0),
    (100_000, "api_p95_ms", 20.0),
    (1_000_000, "module_p95_ms", 20.0),
]


def main() -> None:
    args = _args()
    if args.report:
        import report_run

        report_run.main(args)
        return
    if args.join:
        import join_run

        join_run.main(args)
        return
    var_dir = ROOT / "var" / "bench" / str(args.size)
    if args.fresh and var_dir.exists():
        shutil.rmtree(var_dir)
    _setup_django(var_dir)
    results: dict = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "size": args.size,
        "machine": _machine(),
    }
    results["load"] = _load(args.size, var_dir, analyze=args.analyze)
    results["index"] = _index(args.size, var_dir, reindex=args.reindex or args.fresh)
    results["rebuild_sample"] = _rebuild_sample()
    one, two = _queries(args.queries, results["load"]["issuers"])
    results["queries"] = {"one_word": len(one), "two_word": len(two), "examples": one[:5] + two[:3]}
    results["module"] = {"one_word": _module_latency(one), "two_word": _module_latency(two)}
    try:
        results["api"] = _api_latency(var_dir, one, two)
    except Exception as error:  # report what broke; the module figures still stand
        results["api"] = {"error": f"{type(error).__name__}: {error}"}
    results["goals"] = _goals(args.size, results)
    out = ROOT / "var" / "bench" / f"results-{args.size}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    _print_report(results, out)


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="number of documents")
    parser.add_argument("--queries", type=int, default=200, help="queries of each kind")
    parser.add_argument("--fresh", action="store_true", help="reload the database and index")
    parser.add_argument("--reindex", action="store_true", help="rebuild only the search index")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="run SQLite ANALYZE after loading (stays in the bench database; Django never runs it)",
    )
    import join_run
    import report_run

    report_run.add_arguments(parser)
    join_run.add_arguments(parser)
    return parser.parse_args()


def _setup_django(var_dir: Path) -> None:
    # The bench owns its SQLite database and index; a shared database or cache would mix the
    # bench data with something else's.
    for name in ("DATABASE_URL", "REDIS_URL", "GONGKAI_SEARCH_DIR"):
        if os.environ.pop(name, None):
            print(f"note: {name} ignored; the bench uses SQLite and its own index in {var_dir}")
    os.environ["GONGKAI_VAR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _phase(title: str) -> None:
    print(f"== {title}", flush=True)


# -- data ------------------------------------------------------------------------------------
def _load(size: int, var_dir: Path, *, analyze: bool) -> dict:
    import load
    from django.core.management import call_command
    from django.db import connection

    from gongkai.publishing.models import Document

    _phase("migrate")
    call_command("migrate", verbosity=0)
    stats_path = var_dir / "load.json"
    count = Document.objects.count()
    if count == size and stats_path.exists():
        _phase(f"database: {count:,} documents already loaded (--fresh to reload)")
        stats = json.loads(stats_path.read_text())
        stats["reused"] = True
    elif count:
        raise SystemExit(f"{var_dir} holds {count:,} documents, not {size:,}: run with --fresh")
    else:
        _phase(
            f"database: generating and bulk-inserting {size:,} documents "
            "(bulk_create, as a migration from an old CMS would load them)"
        )
        units = load.ensure_units()
        loaded = load.load_documents(size, units)
        with connection.cursor() as cursor:  # fold the WAL into the main file before measuring
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stats = {
            "documents": loaded.documents,
            "total_s": loaded.total_s,
            "issuers": [u.name for u in units],
            "reused": False,
        }
        stats_path.write_text(json.dumps(stats, ensure_ascii=False))
    with connection.cursor() as cursor:
        # SQLite's query plans depend on whether statistics exist (without them it walked the
        # status index rather than the primary key for "status = ? AND id IN (…)"), so each run
        # states which it measures; the default is the state Django leaves a database in.
        if analyze:
            _phase("database: ANALYZE")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    stats["sqlite_stat1"] = analyze
    stats["db_bytes"] = sum(p.stat().st_size for p in var_dir.glob("gongkai.sqlite3*"))
    return stats


def _index(size: int, var_dir: Path, *, reindex: bool) -> dict:
    from django.conf import settings

    from gongkai.search.indexer import Indexer, WriterLock
    from gongkai.search.registry import backend

    index = backend()
    stats_path = var_dir / "index.json"
    if reindex and index.path.exists():
        shutil.rmtree(index.path)  # not opened yet in this process; size it from scratch
    if not index.needs_rebuild() and index.num_docs() == size and stats_path.exists():
        _phase(f"index: {size:,} documents already indexed (--fresh to rebuild)")
        stats = json.loads(stats_path.read_text())
        stats["reused"] = True
    else:
        _phase(f"index: Indexer().rebuild() of {size:,} documents")
        lock = WriterLock(index.path)
        if not lock.acquire():
            raise SystemExit(f"another indexer holds {index.path}; stop it first")
        try:
            started = time.perf_counter()
            count = Indexer(index).rebuild()
            rebuilt = time.perf_counter()
            index.close_writer()  # waits for tantivy's background segment merges
            stats = {
                "documents": count,
                "rebuild_s": rebuilt - started,
                "merge_wait_s": time.perf_counter() - rebuilt,
                "reused": False,
            }
        finally:
            lock.release()
        stats_path.write_text(json.dumps(stats))
    index_dir = Path(settings.SEARCH_INDEX_DIR)
    stats["index_bytes"] = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
    stats["segments"] = len({p.stem for p in index_dir.glob("*.idx")})
    stats["num_docs"] = index.num_docs()
    return stats


def _rebuild_sample(n: int = 10_000) -> dict:
    """The two costs of a rebuild on the Python side, per document on one core, measured on the
    first n documents: DocumentSource.load and segmentation."""
    from gongkai.search.registry import sources
    from gongkai.search.segment import index_tokens

    source = sources()["document"]
    ids = source.all_ids()[:n]
    t0 = time.perf_counter()
    docs = [d for start in range(0, len(ids), 2000) for d in source.load(ids[start : start + 2000])]
    t1 = time.perf_counter()
    for d in docs:
        index_tokens(d.title)
        index_tokens(d.text)
    t2 = time.perf_counter()
    per_doc = 1e6 / max(len(docs), 1)
    return {
        "documents": len(docs),
        "load_us_per_doc": (t1 - t0) * per_doc,
        "segment_us_per_doc": (t2 - t1) * per_doc,
        "chars_per_doc": sum(len(d.title) + len(d.text) for d in docs) / max(len(docs), 1),
    }


# -- queries ---------------------------------------------------------------------------------
def _queries(k: int, issuers: list[str]) -> tuple[list[str], list[str]]:
    from gongkai.demo import corpus

    _phase(f"queries: {k} one-word and {k} two-word, from the corpus vocabulary")
    words = corpus.query_words(k, seed=QUERY_SEED, issuers=issuers)
    rng = random.Random(QUERY_SEED)
    pairs = []
    for word in words:
        other = rng.choice(words)
        while other == word:
            other = rng.choice(words)
        pairs.append(f"{word} {other}")
    return words, pairs


def _summary(ms: list[float], totals: list[int]) -> dict:
    return {
        "n": len(ms),
        "median_ms": statistics.median(ms),
        "p95_ms": statistics.quantiles(ms, n=100, method="inclusive")[94],
        "max_ms": max(ms),
        "mean_hits": statistics.fmean(totals),
        "zero_hit_queries": sum(1 for t in totals if t == 0),
    }


def _module_latency(queries: list[str]) -> dict:
    from gongkai.search.documents import SearchRequest
    from gongkai.search.query import parse_query
    from gongkai.search.registry import backend

    def run(q: str) -> int:
        parsed = parse_query(q)
        return backend().search(SearchRequest(terms=parsed.terms, limit=20)).total

    for q in queries:  # warm-up: caches, mmap'd index pages, the jieba dictionary
        run(q)
    ms, totals = [], []
    for q in queries:
        t0 = time.perf_counter()
        totals.append(run(q))
        ms.append((time.perf_counter() - t0) * 1000)
    return _summary(ms, totals)


def _api_latency(var_dir: Path, one: list[str], two: list[str]) -> dict:
    from server import HOST, Server

    _phase("API: gunicorn (1 worker, 1 thread), GET /api/v1/documents/search")
    with Server(var_dir, var_dir / "gunicorn.log") as server:
        conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
        try:
            for q in one + two:
                _get(conn, q)
            result = {}
            for name, queries in (("one_word", one), ("two_word", two)):
                ms, totals = [], []
                for q in queries:
                    t0 = time.perf_counter()
                    totals.append(_get(conn, q))
                    ms.append((time.perf_counter() - t0) * 1000)
                result[name] = _summary(ms, totals)
            return result
        finally:
            conn.close()


def _get(conn: http.client.HTTPConnection, q: str) -> int:
    # A sync gunicorn worker answers "Connection: close"; http.client then reconnects by itself,
    # so each request includes a loopback TCP connect, as a client without keep-alive would.
    conn.request("GET", "/api/v1/documents/search?" + urllib.parse.urlencode({"q": q}))
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET search q={q!r}: HTTP {response.status}: {body[:300]!r}")
    data = json.loads(body)
    if "total" not in data:
        raise RuntimeError(f"GET search q={q!r}: no 'total' in {body[:300]!r}")
    return int(data["total"])


# -- report ----------------------------------------------------------------------------------
def _machine() -> dict:
    return machine.describe("tantivy", "rjieba")


def _goals(size: int, results: dict) -> list[dict]:
    checks = []
    for goal_size, what, limit in GOALS:
        if goal_size != size:
            continue
        section = results["module" if what.startswith("module") else "api"]
        for kind in ("one_word", "two_word"):
            value = section.get(kind, {}).get("p95_ms")
            verdict = "MISS" if value is None or value > limit else "PASS"
            checks.append(
                {"goal": f"{what} ({kind}) <= {limit:g}", "value": value, "result": verdict}
            )
    return checks


def _mb(n: int) -> str:
    return f"{n / 1024**2:,.1f} MB"


def _print_report(r: dict, out: Path) -> None:
    m, load, index, sample = r["machine"], r["load"], r["index"], r["rebuild_sample"]
    reused = " (from the run that built it)"
    rebuild_us = index["rebuild_s"] * 1e6 / max(index["documents"], 1)
    rows = [
        ("date", r["date"]),
        ("machine", f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM"),
        (
            "software",
            f"Python {m['python']}, SQLite {m['sqlite']}, tantivy {m['tantivy']}, "
            f"rjieba {m['rjieba']}, Django {m['django']}",
        ),
        ("documents", f"{r['size']:,}"),
        (
            "corpus + DB load",
            f"{load['total_s']:.1f} s "
            f"({load['documents'] / load['total_s']:,.0f} docs/s, generation, "
            "bulk_create, events and change log)" + (reused if load["reused"] else ""),
        ),
        ("DB size", _mb(load["db_bytes"])),
        (
            "SQLite statistics",
            "present (ANALYZE has been run)"
            if load["sqlite_stat1"]
            else "none (no ANALYZE, as after a plain Django deployment)",
        ),
        (
            "index build",
            f"{index['rebuild_s']:.1f} s rebuild + {index['merge_wait_s']:.1f} s "
            f"merge wait ({index['documents'] / index['rebuild_s']:,.0f} docs/s)"
            + (reused if index["reused"] else ""),
        ),
        (
            "index size",
            f"{_mb(index['index_bytes'])}, {index['segments']} segments, "
            f"{index['num_docs']:,} docs",
        ),
        (
            "rebuild per doc",
            f"{rebuild_us:.0f} µs wall clock; on one core DocumentSource.load "
            f"{sample['load_us_per_doc']:.0f} µs, segmentation "
            f"{sample['segment_us_per_doc']:.0f} µs "
            f"({sample['chars_per_doc']:.0f} chars/doc)",
        ),
    ]
    for layer in ("module", "api"):
        section = r[layer]
        if "error" in section:
            rows.append((f"{layer} latency", f"FAILED: {section['error']}"))
            continue
        for kind in ("one_word", "two_word"):
            s = section[kind]
            rows.append(
                (
                    f"{layer} {kind.replace('_', '-')}",
                    f"median {s['median_ms']:.2f} ms, p95 {s['p95_ms']:.2f} ms, "
                    f"max {s['max_ms']:.2f} ms; mean hits {s['mean_hits']:,.0f}, "
                    f"{s['zero_hit_queries']} with none",
                )
            )
    for check in r["goals"]:
        value = "n/a" if check["value"] is None else f"{check['value']:.2f} ms"
        rows.append((f"goal {check['goal']} ms", f"{check['result']} ({value})"))
    width = max(len(k) for k, _ in rows)
    print()
    print(f"Search benchmark — {r['size']:,} documents")
    print("-" * (width + 60))
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print("-" * (width + 60))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
