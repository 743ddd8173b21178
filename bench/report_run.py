"""Annual-report benchmark: `make bench-report` (SQLite) or, for PostgreSQL,
`DATABASE_URL=postgres://… make bench-report`; `bench/run.py --report --help` for the options.

One district government with 50 units under it and ten years of records (bench/report_load.py);
times the statutory annual report — compute(Scope(government, year, rollup=True)) and
fees_collected(…), which is what the report page computes — and the office's statistics page,
year_figures(units, year). Each is run once on a fresh connection (cold: the first run in the
process; the OS page cache is not dropped, and right after a load it holds the data) and then
`--repeat` times (warm, median). One more run of each is captured query by query: each query is
run again alone with its rows fetched, which splits the time into SQL and Python, and the
slowest are EXPLAINed (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL). Results
are printed and written next to the database as JSON.

The SQLite database lives in $GONGKAI_VAR/bench/report-<N>/ (default var/bench/report-<N>/);
with DATABASE_URL set, that PostgreSQL database is used instead: its name must contain "bench"
and it must be empty or hold an earlier load of this benchmark. A load is reused
when its row counts match; --fresh drops it and loads again.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

from machine import describe_with_database

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 5.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("annual-report benchmark (--report)")
    group.add_argument(
        "--report",
        action="store_true",
        help="run the annual-report benchmark instead of the search benchmark",
    )
    group.add_argument(
        "--applications", type=int, default=1_000_000, help="applications over ten years"
    )
    group.add_argument("--repeat", type=int, default=5, help="warm runs of each computation")
    group.add_argument("--year", type=int, default=None, help="report year (default: this year)")


def main(args: argparse.Namespace) -> None:
    postgres_url = os.environ.get("DATABASE_URL", "")
    base = Path(os.environ.get("GONGKAI_VAR") or ROOT / "var") / "bench"
    suffix = "-pg" if postgres_url else ""
    var_dir = base / f"report-{args.applications}{suffix}"
    if args.fresh and not postgres_url and var_dir.exists():
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    for name in ("REDIS_URL", "GONGKAI_SEARCH_DIR"):
        os.environ.pop(name, None)
    os.environ["GONGKAI_VAR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    results: dict = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": _describe(connection),
        "machine": describe_with_database(connection),
    }
    _phase(f"database: {results['database']}")
    results["load"] = _ensure_loaded(args, var_dir)
    year = args.year or timezone.localdate().year
    results["year"] = year
    results["timings"], results["figures"] = _measure(results["load"], year, args.repeat)
    results["goal"] = _goal(results["timings"])
    vendor = connection.vendor
    analyzed = "-analyze" if vendor == "sqlite" and args.analyze else ""
    out = var_dir / f"results-report-{vendor}{analyzed}-{args.applications}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    _print(results, out)


def _phase(title: str) -> None:
    print(f"== {title}", flush=True)


def _describe(connection) -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"PostgreSQL {settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    return f"SQLite {settings['NAME']}"


# -- the load -----------------------------------------------------------------------------------
def _ensure_loaded(args: argparse.Namespace, var_dir: Path) -> dict:
    import report_load
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "postgresql" and "bench" not in name:
        raise SystemExit(f"DATABASE_URL names {name!r}: use a database of its own, named *bench*")
    held = report_load.marker()
    if held is None and _holds_data(connection):
        raise SystemExit(
            "this database holds data that is not a report-benchmark load: "
            "use an empty database of its own (createdb …) for DATABASE_URL"
        )
    if held is not None and args.fresh and connection.vendor == "postgresql":
        _phase("database: dropping the earlier load (--fresh)")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        held = None
    _phase("migrate")
    call_command("migrate", verbosity=0)
    if held:
        if not held.get("complete"):
            raise SystemExit("an earlier load did not finish: run with --fresh")
        if held["applications"] != args.applications:
            raise SystemExit(
                f"the database holds a load of {held['applications']:,} applications, "
                f"not {args.applications:,}: run with --fresh"
            )
        now = report_load.counts()
        if now != held["counts"]:
            raise SystemExit(f"row counts changed since the load ({now}): run with --fresh")
        _phase(f"database: reusing the load of {held['as_of']} (--fresh to reload)")
        stats = {**held, "reused": True}
    else:
        _phase(f"database: loading {args.applications:,} applications and the rest")
        loaded = report_load.load(args.applications, timezone.localdate())
        stats = {**loaded.__dict__, "reused": False}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # As the search benchmark: measure what a plain Django deployment has (no
            # statistics) unless --analyze asks for them.
            if args.analyze:
                _phase("database: ANALYZE")
                cursor.execute("ANALYZE")
            else:
                cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            stats["sqlite_stat1"] = args.analyze
            stats["db_bytes"] = sum(p.stat().st_size for p in var_dir.glob("gongkai.sqlite3*"))
        else:
            cursor.execute("SELECT pg_database_size(current_database())")
            stats["db_bytes"] = cursor.fetchone()[0]
    return stats


def _holds_data(connection) -> bool:
    tables = connection.introspection.table_names()
    if "orgs_unit" not in tables:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM orgs_unit")
        return cursor.fetchone()[0] > 0


# -- the measurements -----------------------------------------------------------------------------
def _measure(load: dict, year: int, repeat: int) -> tuple[dict, dict]:
    from django.db import connection

    from gongkai.orgs.models import Unit
    from gongkai.reports.compute import Scope, compute, fees_collected
    from gongkai.reports.statistics import year_figures

    connection.close()  # cold: a new connection, nothing cached by this process
    government = Unit.objects.get(pk=load["government_id"])
    scope = Scope(government, year, rollup=True)
    runs = {
        "compute": lambda: compute(scope),
        "fees_collected": lambda: fees_collected(scope),
        "year_figures": lambda: year_figures(scope.units(), year),
    }
    timings, values = {}, {}
    _phase(f"timing: cold run, then {repeat} warm runs of each")
    for name, run in runs.items():
        t0 = time.perf_counter()
        values[name] = run()
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            run()
            warm.append(time.perf_counter() - t0)
        timings[name] = {
            "cold_s": cold,
            "warm_median_s": statistics.median(warm),
            "warm_min_s": min(warm),
            "warm_max_s": max(warm),
        }
        print(f"   {name}: cold {cold:.3f} s, warm {statistics.median(warm):.3f} s", flush=True)
    _phase("queries: one more run of each, query by query")
    for name, run in runs.items():
        timings[name]["queries"] = _profile(run)
    return timings, _figures(values)


def _profile(run) -> dict:
    """One run with its queries captured; then each query run again alone, rows fetched, and
    timed (Django's debug cursor times only the execute call, and SQLite steps to the first row
    there, leaving the rest of the work to the fetch); the slowest three explained."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        t0 = time.perf_counter()
        run()
        wall = time.perf_counter() - t0
    queries = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            t0 = time.perf_counter()
            cursor.execute(query["sql"])
            rows = len(cursor.fetchall())
            queries.append((time.perf_counter() - t0, rows, query["sql"]))
    sql_s = sum(t for t, _, _ in queries)
    slowest = sorted(queries, key=lambda q: -q[0])[:3]
    return {
        "wall_s": wall,
        "count": len(queries),
        "sql_s": sql_s,
        "python_s": max(wall - sql_s, 0.0),
        "slowest": [
            {"s": t, "rows": n, "sql": sql, "plan": _explain(sql)} for t, n, sql in slowest
        ],
    }


def _explain(sql: str) -> list[str]:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE) "
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            rows = cursor.fetchall()
    except Exception as error:  # the logged SQL is for reading; report, do not stop
        return [f"EXPLAIN failed: {type(error).__name__}: {error}"]
    if connection.vendor == "sqlite":
        return [f"{row[1]}:{row[2]} {row[3]}" for row in rows]
    return [row[0] for row in rows]


def _figures(values: dict) -> dict:
    """A few of the computed figures, to see that the load gives a plausible report."""
    tables, figures = values["compute"], values["year_figures"]
    table3 = tables.table3
    return {
        "table3_new_total": table3[0][-1],
        "table3_carried_total": table3[1][-1],
        "table3_results_total": table3[-2][-1],
        "table3_forward_total": table3[-1][-1],
        "table3_balanced": table3[0][-1] + table3[1][-1] == table3[-2][-1] + table3[-1][-1],
        "table2_documents": {
            "/".join(k): v for k, v in tables.table2.items() if k[1] in ("规章", "行政规范性文件")
        },
        "table2_decisions": {
            "/".join(k): v for k, v in tables.table2.items() if k[1] in ("行政许可", "行政处罚")
        },
        "table4": tables.table4,
        "fees_yuan": str(values["fees_collected"]),
        "received_in_year": sum(figures.received),
        "closed_in_year": figures.handling.closed,
        "average_working_days": figures.handling.average_days,
        "on_time_share": figures.handling.on_time_share,
        "publishing_units": len(figures.documents),
    }


def _goal(timings: dict) -> dict:
    compute, fees, page = timings["compute"], timings["fees_collected"], timings["year_figures"]
    report_cold = compute["cold_s"] + fees["cold_s"]
    report_warm = compute["warm_median_s"] + fees["warm_median_s"]
    page_cold, page_warm = page["cold_s"], page["warm_median_s"]
    return {
        "report_cold_s": report_cold,
        "report_warm_s": report_warm,
        "report": "PASS" if max(report_cold, report_warm) < GOAL_S else "MISS",
        "statistics_page": "PASS" if max(page_cold, page_warm) < GOAL_S else "MISS",
    }


# -- the report -----------------------------------------------------------------------------------
def _print(r: dict, out: Path) -> None:
    m, load, goal = r["machine"], r["load"], r["goal"]
    engine = f"PostgreSQL {m['postgresql']}" if "postgresql" in m else f"SQLite {m['sqlite']}"
    counts = load["counts"]
    print()
    print(f"Annual-report benchmark — {engine}, report year {r['year']}")
    print(f"date      {r['date']}")
    print(
        f"machine   {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; "
        f"Python {m['python']}, Django {m['django']}"
    )
    print(
        "rows      "
        + ", ".join(f"{name} {n:,}" for name, n in counts.items())
        + f" (as of {load['as_of']})"
    )
    reused = " (from the run that loaded it)" if load["reused"] else ""
    print(f"load      {load['seconds']['total']:.1f} s{reused}; database {_mb(load['db_bytes'])}")
    if "sqlite_stat1" in load:
        print(f"ANALYZE   {'yes' if load['sqlite_stat1'] else 'no (as Django leaves SQLite)'}")
    print()
    print(f"{'':<16} {'cold':>8} {'warm median':>12} {'warm min–max':>16} {'queries':>8} "
          f"{'SQL':>8} {'Python':>8}")  # fmt: skip
    for name, t in r["timings"].items():
        q = t["queries"]
        print(
            f"{name:<16} {t['cold_s']:>7.3f}s {t['warm_median_s']:>11.3f}s "
            f"{t['warm_min_s']:>7.3f}–{t['warm_max_s']:.3f}s {q['count']:>8} "
            f"{q['sql_s']:>7.3f}s {q['python_s']:>7.3f}s"
        )
    print()
    print(
        f"report (compute + fees_collected): cold {goal['report_cold_s']:.3f} s, warm "
        f"{goal['report_warm_s']:.3f} s — goal < {GOAL_S:g} s: {goal['report']}; "
        f"statistics page: {goal['statistics_page']}"
    )
    f = r["figures"]
    print(
        f"figures   表三 新收 {f['table3_new_total']:,} + 上年结转 {f['table3_carried_total']:,} = "
        f"办理结果 {f['table3_results_total']:,} + 结转下年 {f['table3_forward_total']:,} "
        f"({'balanced' if f['table3_balanced'] else 'NOT BALANCED'}); fees {f['fees_yuan']} 元"
    )
    print()
    print("slowest queries:")
    for name, t in r["timings"].items():
        for q in t["queries"]["slowest"][:2]:
            print(f"  {name} {q['s']:.3f} s, {q['rows']:,} rows  {q['sql'][:150]}")
            for line in q["plan"][:8]:
                print(f"      {line}")
    print(f"written to {out}")


def _mb(n: int) -> str:
    return f"{n / 1024**2:,.1f} MB"
