"""A new app node joining several that share one PostgreSQL:
`DATABASE_URL=postgres://…/gongkai_bench_join bench/run.py --join [--size N] [--fresh]`.

Loads N documents into the PostgreSQL database at DATABASE_URL (bench/load.py, the search
benchmark's corpus and bulk path; reused when the database holds them; its name must contain
"bench"), then starts `gongkai indexer` — what a new node runs — on an empty var/ and times it:
until it enters the table of nodes (building), and until its index is built and it follows the
change log (what /healthz?scope=node waits for). Then it publishes documents one at a time, as
another node would, and times until the new node's index holds each. Results are printed and
written to $GONGKAI_VAR/bench/join-<N>/results-join-<N>.json (default var/bench/).
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from machine import describe_with_database

ROOT = Path(__file__).resolve().parent.parent
PROBES = 20
PROBE_SEED = 9
JOIN_TIMEOUT = 4 * 3600.0  # seconds
PROBE_TIMEOUT = 60.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("a new node joining (--join; PostgreSQL at DATABASE_URL)")
    group.add_argument(
        "--join",
        action="store_true",
        help="time a new node building its index from PostgreSQL, then publications reaching it",
    )


def main(args: argparse.Namespace) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("--join needs DATABASE_URL: a PostgreSQL database of its own, *bench*")
    var_dir = Path(os.environ.get("GONGKAI_VAR") or ROOT / "var") / "bench" / f"join-{args.size}"
    var_dir.mkdir(parents=True, exist_ok=True)
    for name in ("REDIS_URL", "GONGKAI_SEARCH_DIR"):
        os.environ.pop(name, None)
    os.environ["GONGKAI_VAR"] = str(var_dir / "loader")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection

    results: dict = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": describe_with_database(connection, "tantivy", "rjieba"),
    }
    results["load"] = _ensure_loaded(args)
    node = var_dir / "node"
    shutil.rmtree(node, ignore_errors=True)
    node.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "GONGKAI_SECRET_KEY"}
    env["GONGKAI_VAR"] = str(node)
    log = (node / "indexer.log").open("w")
    _phase(f"a new node: gongkai indexer on the empty {node}")
    process = subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "indexer"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        results["join"] = _join((node / "search").resolve(), process)
        results["publication"] = _publication((node / "search").resolve(), results["load"])
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()
    results["join"]["log"] = [
        line for line in (node / "indexer.log").read_text().splitlines() if "rebuilt" in line
    ]
    out = var_dir / f"results-join-{args.size}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    _print(results, out)


def _phase(title: str) -> None:
    print(f"== {title}", flush=True)


def _ensure_loaded(args: argparse.Namespace) -> dict:
    import load
    from django.core.management import call_command
    from django.db import connection

    from gongkai.publishing.models import Document
    from gongkai.search.indexer import GAP_TIMEOUT
    from gongkai.search.models import SearchChange

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        raise SystemExit(f"DATABASE_URL names {name!r}: use a database of its own, named *bench*")
    if args.fresh:
        _phase("database: dropping the earlier load (--fresh)")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    _phase("migrate")
    call_command("migrate", verbosity=0)
    count = Document.objects.count()
    stats: dict = {"documents": count}
    if count == args.size:
        _phase(f"database: {count:,} documents already loaded (--fresh to reload)")
        stats["reused"] = True
    elif count:
        raise SystemExit(f"the database holds {count:,} documents, not {args.size:,}: --fresh")
    else:
        _phase(f"database: generating and bulk-inserting {args.size:,} documents")
        loaded = load.load_documents(args.size, load.ensure_units())
        stats |= {"documents": loaded.documents, "load_s": loaded.total_s, "reused": False}
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a load this size
    # A node rebuilds, then applies again the changes younger than the indexer's gap timeout:
    # the end of a bulk load is not what a node joining a running installation finds.
    newest = SearchChange.objects.order_by("-id").values_list("created_at", flat=True).first()
    if newest is not None:
        from django.utils import timezone

        settle = GAP_TIMEOUT - (timezone.now() - newest).total_seconds()
        if settle > 0:
            _phase(f"waiting {settle:.0f} s for the load's last changes to settle")
            time.sleep(settle)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        stats["db_bytes"] = cursor.fetchone()[0]
    stats["change_log"] = SearchChange.objects.count()
    return stats


def _join(index_dir: Path, process: subprocess.Popen) -> dict:
    from django.db import close_old_connections
    from django.utils import timezone

    from gongkai.search.models import IndexNode
    from gongkai.search.nodes import node_health
    from gongkai.search.registry import node_name

    name = node_name(index_dir)
    IndexNode.objects.filter(name=name).delete()  # the previous run's: a new node has no row
    started = time.perf_counter()
    entered = built = None
    while True:
        if process.poll() is not None:
            raise SystemExit(f"the indexer exited with {process.returncode}")
        elapsed = time.perf_counter() - started
        if elapsed > JOIN_TIMEOUT:
            raise SystemExit(f"the node did not join within {JOIN_TIMEOUT:.0f} s")
        row = IndexNode.objects.filter(name=name).values("building").first()
        if row is not None and entered is None and row["building"]:
            entered = elapsed
        if row is not None and not row["building"]:
            built = elapsed
            entered = built if entered is None else entered  # both between two looks
            break
        close_old_connections()
        time.sleep(0.2)
    while (health := node_health(name, timezone.now())) is None or health.lag_entries:
        time.sleep(0.2)
    following = time.perf_counter() - started
    files = [p for p in index_dir.rglob("*") if p.is_file()]
    return {
        "entered_s": entered,
        "built_s": built,
        "following_s": following,
        "index_bytes": sum(p.stat().st_size for p in files),
        "segments": len({p.stem for p in index_dir.glob("*.idx")}),
    }


def _publication(index_dir: Path, loaded: dict) -> dict:
    """Documents published one at a time: how long until the new node's index holds each."""
    import load
    from django.conf import settings

    from gongkai.demo import corpus, loader
    from gongkai.publishing.models import Document
    from gongkai.search.backend import TantivyBackend
    from gongkai.search.documents import SearchRequest
    from gongkai.search.query import parse_query

    _phase(f"publication: {PROBES} documents, one at a time, found in the new node's index")
    units = load.ensure_units()
    index = TantivyBackend(index_dir, reload_seconds=0)
    rng = random.Random(PROBE_SEED)
    probes = corpus.generate(PROBES, issuers=[u.name for u in units], seed=PROBE_SEED)
    seconds, published = [], []
    try:
        for n, doc in enumerate(probes):
            # A mark no corpus document has, so that the search finds this one.
            doc = replace(doc, title=f"{doc.title}（探针{n:02d}号）")
            time.sleep(rng.uniform(0, 1))  # anywhere in the indexer's poll interval
            loader.bulk_publish([doc], units)
            committed = time.perf_counter()
            published.append(Document.objects.get(title=doc.title).pk)
            request = SearchRequest(terms=parse_query(doc.title).terms, limit=100)
            while published[-1] not in {h.object_id for h in index.search(request).hits}:
                if time.perf_counter() - committed > PROBE_TIMEOUT:
                    raise SystemExit(f"document {published[-1]} not indexed in {PROBE_TIMEOUT} s")
                time.sleep(0.01)
            seconds.append(time.perf_counter() - committed)
    finally:  # the corpus stays as loaded for the next run
        Document.objects.filter(pk__in=published).delete()
    return {
        "documents": len(seconds),
        "poll_s": settings.SEARCH_POLL_SECONDS,
        "median_s": statistics.median(seconds),
        "max_s": max(seconds),
        "all_s": seconds,
    }


def _print(r: dict, out: Path) -> None:
    m, load, join, pub = r["machine"], r["load"], r["join"], r["publication"]
    rows = [
        ("date", r["date"]),
        ("machine", f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM"),
        (
            "software",
            f"Python {m['python']}, PostgreSQL {m['postgresql']}, psycopg {m['psycopg']}, "
            f"tantivy {m['tantivy']}, rjieba {m['rjieba']}, Django {m['django']}",
        ),
        ("documents", f"{load['documents']:,}" + (" (reused)" if load["reused"] else "")),
        ("database size", f"{load['db_bytes'] / 1024**2:,.0f} MB"),
        ("change log", f"{load['change_log']:,} entries"),
        ("node in the table (building)", f"{join['entered_s']:.1f} s after start"),
        ("index built, node registered", f"{join['built_s']:.1f} s after start"),
        ("following the log, no lag", f"{join['following_s']:.1f} s after start"),
        ("index size", f"{join['index_bytes'] / 1024**2:,.1f} MB, {join['segments']} segments"),
        ("indexer's own line", "; ".join(join["log"])),
        (
            "publication → new node's index",
            f"median {pub['median_s']:.2f} s, max {pub['max_s']:.2f} s over "
            f"{pub['documents']} (indexer poll {pub['poll_s']:g} s)",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    print()
    print(f"A new node joining — {load['documents']:,} documents on PostgreSQL")
    print("-" * (width + 60))
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print("-" * (width + 60))
    print(f"written to {out}")
