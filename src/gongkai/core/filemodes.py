"""Which files of personal data others than their owner may read or enter.

Settings create the var directory, the SQLite database (its WAL and shared-memory files follow
its mode), the uploads and the secret key owner-only, and the log file is made so too
(`core.logs`); files made by an older version, copied in or unpacked by hand may still be wider.
"""

import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings


def _tree(root: Path) -> Iterator[Path]:
    if root.exists():
        yield root
        yield from root.rglob("*")


def private_paths() -> list[Path]:
    """The var directory, the database files, the secret key, and every upload and log."""
    var = Path(settings.VAR_DIR)
    paths = [var, var / "secret_key"]
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        paths += [Path(f"{database['NAME']}{suffix}") for suffix in ("", "-wal", "-shm")]
    paths += _tree(Path(settings.STORAGES["default"]["OPTIONS"]["location"]))
    paths += _tree(var / "log")
    return [p for p in paths if p.exists()]


def too_open(paths: Iterable[Path]) -> list[tuple[Path, int]]:
    """(path, mode) of each path its group or others may use at all, in path order."""
    found = []
    for path in sorted(set(paths)):
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            found.append((path, mode))
    return found
