"""What a benchmark ran on: CPU, cores, memory and the versions that matter."""

import importlib.metadata
import os
import platform
import sqlite3
from pathlib import Path


def describe(*packages: str) -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    ram_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            ram_kb = int(line.split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(ram_kb / 1024**2, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        **{name: importlib.metadata.version(name) for name in ("django", *packages)},
    }


def describe_with_database(connection, *packages: str) -> dict:
    """As describe(), and the PostgreSQL server's version when the connection is to one."""
    machine = describe(*packages)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            machine["postgresql"] = cursor.fetchone()[0]
        machine["psycopg"] = importlib.metadata.version("psycopg")
    return machine
