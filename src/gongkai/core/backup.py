"""Backups that restore: the database, the uploads and the secret key in one archive, with a
manifest of the rows in each table and the checksum of each file.

The database is a consistent snapshot taken while the platform runs: SQLite's online backup
API, or pg_dump inside a repeatable-read transaction whose snapshot also counts the rows. It is
taken before the uploads: a file is stored before the row naming it commits, so every file the
snapshot names is in the archive (a file stored meanwhile is there too, named by nothing).

A restore checks every checksum before it writes anything, refuses a database that has tables
or an upload directory that has files unless forced, then checks the rows of every table against
the manifest. Modules whose state follows the database register what to do after a restore
(`on_restore`): the search index is rebuilt from the restored database.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
KEY_FILE = "secret_key"
MEDIA = "media"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1 << 20

_after_restore: list[Callable[[], str]] = []


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def on_restore(hook: Callable[[], str]) -> None:
    """Run `hook` after every restore; it returns a line for the operator."""
    if hook not in _after_restore:
        _after_restore.append(hook)


# -- where things are ---------------------------------------------------------------------------


def _media() -> Path:
    return Path(default_storage.location)


def _secret_key() -> Path | None:
    """The key file, unless the key comes from the environment."""
    return None if os.environ.get("GONGKAI_SECRET_KEY") else Path(settings.VAR_DIR) / KEY_FILE


def _vendor() -> str:
    if connection.vendor not in DATABASE:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库")
    return connection.vendor


def _pg_env() -> dict[str, str]:
    """pg_dump and pg_restore reach the database as Django does; the password stays out of argv."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, name in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[name] = str(db[key])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"找不到 {command[0]}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）"
        )
    done = subprocess.run(  # noqa: S603 (a PostgreSQL tool, arguments of our making)
        command, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()}")


def _count(cursor: Any, tables: list[str], quote: Callable[[str], str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return [name for (name,) in rows if not name.startswith("sqlite_")]


def _quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- backup -------------------------------------------------------------------------------------


def _snapshot_sqlite(target: Path) -> dict[str, int]:
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        return _count(copy.cursor(), _sqlite_tables(copy), _quote_sqlite)
    finally:
        copy.close()
        source.close()


def _snapshot_postgresql(target: Path) -> dict[str, int]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ]
        )
        tables = connection.introspection.table_names(cursor)
        return _count(cursor, tables, connection.ops.quote_name)


class _Hashing(io.RawIOBase):
    """Reads a file into the archive and its checksum at once."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.sha256.update(data)
        return data


def _add(tar: tarfile.TarFile, path: Path, name: str) -> str:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mtime = int(path.stat().st_mtime)
    info.mode = 0o600
    with path.open("rb") as f:
        reader = _Hashing(f)
        tar.addfile(info, reader)
    return reader.sha256.hexdigest()


def backup(output: Path) -> dict[str, Any]:
    """Write the archive to `output` (owner-only, replaced whole when it exists); returns the
    manifest."""
    vendor = _vendor()
    output = output.resolve()
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(dir=output.parent) as work:
        database = Path(work) / DATABASE[vendor]
        snapshot = _snapshot_sqlite if vendor == "sqlite" else _snapshot_postgresql
        tables = snapshot(database)
        files: dict[str, str] = {}
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as tar:
            files[database.name] = _add(tar, database, database.name)
            media = _media()
            for path in sorted(p for p in media.rglob("*") if p.is_file()):
                name = f"{MEDIA}/{path.relative_to(media).as_posix()}"
                files[name] = _add(tar, path, name)
            key = _secret_key()
            if key is not None and key.exists():
                files[KEY_FILE] = _add(tar, key, KEY_FILE)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.localtime().isoformat(),
                "database": {"vendor": vendor, "file": database.name, "tables": tables},
                "key_file": KEY_FILE in files,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
    partial.replace(output)
    return manifest


# -- restore ------------------------------------------------------------------------------------


def _member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"备份文件中有不安全的路径：{name}")
    return path


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def verify(archive: Path) -> dict[str, Any]:
    """The manifest of `archive`, once every file in it matches its checksum."""
    manifest: dict[str, Any] | None = None
    found: dict[str, str] = {}
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                _member_path(member.name)
                if not member.isfile():
                    raise BackupError(f"备份文件中有非普通文件：{member.name}")
                stream = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.load(stream)
                else:
                    found[member.name] = _sha256(stream)
    except (tarfile.TarError, ValueError) as error:
        raise BackupError(f"{archive} 不是本平台的备份文件（{error}）") from error
    except OSError as error:
        raise BackupError(f"无法读取备份文件 {archive}：{error}") from error
    if manifest is None or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} 不是本平台的备份文件（没有可识别的清单）")
    bad = sorted(
        n
        for n in found.keys() | manifest["files"].keys()
        if found.get(n) != manifest["files"].get(n)
    )
    if bad:
        raise BackupError(f"备份文件已损坏或被改动，校验不符：{'、'.join(bad[:5])}")
    if next(iter(found), None) != manifest["database"]["file"]:  # restore relies on the order
        raise BackupError(f"{archive} 中数据库不是第一个文件：不是本命令写出的备份")
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _media_is_empty() -> bool:
    media = _media()
    return not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def _restore_database(source: Path, vendor: str, force: bool) -> None:
    if vendor == "sqlite":
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
    else:
        connection.close()
        clean = ["--clean", "--if-exists"] if force else []
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *clean,
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ]
        )


def _write_private(stream: IO[bytes], target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(stream, out, CHUNK)


def _check_rows(tables: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        missing = sorted(set(tables) - present)
        counts = _count(cursor, [t for t in tables if t in present], connection.ops.quote_name)
    wrong = sorted(t for t, n in counts.items() if n != tables[t])
    if missing or wrong:
        raise BackupError(f"恢复后的数据与清单不符：缺少表 {missing}，行数不同的表 {wrong}")


def restore(archive: Path, *, force: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Restore `archive` into this installation's database, upload directory and key file.
    Returns the manifest and the lines the modules' restore hooks said."""
    manifest = verify(archive)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"这是 {manifest['database']['vendor']} 数据库的备份，不能恢复到 {vendor} 数据库"
        )
    if not force:
        if not _database_is_empty():
            raise BackupError("目标数据库已有数据表：请恢复到空数据库，或确认覆盖后加 --force")
        if not _media_is_empty():
            raise BackupError(
                f"附件目录 {_media()} 不是空的：请恢复到空目录，或确认覆盖后加 --force"
            )
    media = _media()
    key = _secret_key()
    with tempfile.TemporaryDirectory(dir=settings.VAR_DIR) as work, tarfile.open(archive) as tar:
        for member in tar:  # the database comes first: the uploads are replaced once it is in
            path = _member_path(member.name)
            stream = tar.extractfile(member)
            if member.name == manifest["database"]["file"]:
                database = Path(work) / path.name
                _write_private(stream, database)
                _restore_database(database, vendor, force)
                if force and media.exists():
                    shutil.rmtree(media)
                media.mkdir(mode=0o700, parents=True, exist_ok=True)
            elif path.parts[0] == MEDIA and len(path.parts) > 1:
                target = media.joinpath(*path.parts[1:])
                for parent in reversed(target.relative_to(media).parents[:-1]):
                    (media / parent).mkdir(mode=0o700, exist_ok=True)
                _write_private(stream, target)
            elif member.name == KEY_FILE and key is not None:
                _write_private(stream, key)
    _check_rows(manifest["database"]["tables"])
    return manifest, [hook() for hook in _after_restore]
