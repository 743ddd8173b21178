"""`gongkai backup` and `gongkai restore`: the round trip reproduces every record and file, on
SQLite and on PostgreSQL; a restore refuses a target that holds data unless forced, and an
archive whose checksums do not match."""

import hashlib
import io
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from gongkai.conftest import database_url
from gongkai.core.backup import BackupError, restore, verify
from gongkai.publishing import services
from gongkai.publishing.tests import factories
from gongkai.publishing.tests.test_services import _docx

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "k" * 50


@pytest.fixture
def source(district, settings, tmp_path, monkeypatch):
    """A district with a published document and its attachment, a key file, no key in the
    environment."""
    monkeypatch.delenv("GONGKAI_SECRET_KEY", raising=False)
    var = tmp_path / "source"
    var.mkdir()
    (var / "secret_key").write_text(KEY)
    settings.VAR_DIR = var
    office = district.users["office"]
    doc = factories.document(district.education, actor=office, publish=False, title="政务公开要点")
    upload = SimpleUploadedFile("要点.docx", _docx("数字乡村建设"))
    services.attachment_add(actor=office, document=doc, upload=upload)
    services.document_import(actor=office, document=doc)
    return var


def _rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if "sqlite_" not in t]
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _gongkai(*args: str, var: Path, database_url: str | None = None):
    """The `gongkai` command as an operator runs it on another machine: its own var/."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "GONGKAI_SECRET_KEY", "GONGKAI_SEARCH_DIR"}
    }
    env["GONGKAI_VAR"] = str(var)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _backup(tmp_path) -> tuple[Path, dict]:
    archive = tmp_path / "backups" / "gongkai-20261205.tar.gz"
    archive.parent.mkdir()
    out = io.StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert "secret key file included" in out.getvalue()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    return archive, verify(archive)


def _manifest_matches_the_source(manifest: dict, source_var: Path) -> None:
    assert manifest["database"]["tables"] == _rows()
    media = Path(default_storage.location)
    files = {f"media/{name}": data for name, data in _files(media).items()}
    assert files  # the attachment
    files["secret_key"] = KEY.encode()
    assert manifest["files"].keys() - files.keys() == {manifest["database"]["file"]}
    for name, data in files.items():
        assert manifest["files"][name] == hashlib.sha256(data).hexdigest()


# The table of search nodes is the one that differs after a restore, and on purpose: the restore
# forgets the nodes of the old installation and this node registers its rebuilt index.
NODES = "search_indexnode"


def test_sqlite_round_trip_into_an_empty_var(source, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip runs in the SQLite pass of the suite")
    archive, manifest = _backup(tmp_path)
    _manifest_matches_the_source(manifest, source)

    target = tmp_path / "restored"
    done = _gongkai("restore", str(archive), var=target)
    assert done.returncode == 0, done.stderr
    assert "rebuilt (1 records)" in done.stdout

    restored = sqlite3.connect(target / "gongkai.sqlite3")
    for table, count in manifest["database"]["tables"].items():
        if table != NODES:
            n = restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            assert n == count, table
    titles = restored.execute("SELECT title FROM publishing_document").fetchall()
    assert titles == [("政务公开要点",)]
    restored.close()
    assert _files(target / "media") == _files(Path(default_storage.location))
    assert (target / "secret_key").read_text() == KEY
    for path in [target / "secret_key", *(target / "media").rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) in {0o600, 0o700}, path

    again = _gongkai("restore", str(archive), var=target)
    assert again.returncode != 0 and "目标数据库已有数据表" in again.stderr
    forced = _gongkai("restore", "--force", str(archive), var=target)
    assert forced.returncode == 0, forced.stderr
    assert _files(target / "media") == _files(Path(default_storage.location))


@pytest.mark.postgres
def test_postgresql_round_trip_into_an_empty_database(source, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL round trip: DATABASE_URL is not PostgreSQL (see make test)")
    archive, manifest = _backup(tmp_path)
    _manifest_matches_the_source(manifest, source)

    db = connection.settings_dict
    empty = f"{db['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{empty}"')
        cursor.execute(f'CREATE DATABASE "{empty}"')
    url = database_url(empty)
    try:
        target = tmp_path / "restored"
        done = _gongkai("restore", str(archive), var=target, database_url=url)
        assert done.returncode == 0, done.stderr
        assert "rebuilt (1 records)" in done.stdout
        import psycopg

        with psycopg.connect(url) as restored:
            for table, count in manifest["database"]["tables"].items():
                if table != NODES:
                    n = restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                    assert n == count, table
            # The sequences came along: the next document gets a new id.
            top = restored.execute("SELECT MAX(id) FROM publishing_document").fetchone()[0]
            nxt = restored.execute(
                "SELECT nextval(pg_get_serial_sequence('publishing_document', 'id'))"
            ).fetchone()[0]
            assert nxt > top
        assert _files(target / "media") == _files(Path(default_storage.location))
        again = _gongkai("restore", str(archive), var=target, database_url=url)
        assert again.returncode != 0 and "目标数据库已有数据表" in again.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')


def test_a_restore_over_data_is_refused_unless_forced(source, tmp_path):
    archive, _ = _backup(tmp_path)
    before = _rows()
    with pytest.raises(BackupError, match="--force"):
        restore(archive)
    assert _rows() == before


def test_an_archive_that_was_altered_is_refused_before_anything_is_written(source, tmp_path):
    archive, manifest = _backup(tmp_path)
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive) as old, tarfile.open(altered, "w:gz") as new:
        for member in old:
            data = old.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data[:-1] + b"!"
            new.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="校验不符"):
        restore(altered, force=True)
    assert manifest["database"]["tables"] == _rows()
    with pytest.raises(BackupError, match="不是本平台的备份文件"):
        verify(Path(__file__))
    # The uploads are replaced only once the database is in: the database comes first.
    reordered = tmp_path / "reordered.tar.gz"
    with tarfile.open(archive) as old, tarfile.open(reordered, "w:gz") as new:
        members = sorted(old.getmembers(), key=lambda m: not m.name.startswith("media/"))
        for member in members:
            new.addfile(member, old.extractfile(member))
    with pytest.raises(BackupError, match="数据库不是第一个文件"):
        restore(reordered, force=True)


def test_a_key_set_by_the_environment_is_not_in_the_backup(source, tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_SECRET_KEY", KEY)
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    manifest = verify(archive)
    assert manifest["key_file"] is False and "secret_key" not in manifest["files"]
