"""Files of personal data are their owner's only: the var directory, the SQLite database and its
WAL and shared-memory files, the uploads, the logs and the secret key; the demo warns of wider
ones."""

import json
import os
import stat
import subprocess
import sys
from io import StringIO

import pytest

from gongkai.core.filemodes import private_paths, too_open
from gongkai.demo.management.commands.demo import warn_of_open_files

# A fresh installation as the `gongkai` command starts one: settings read in a new process
# with an ordinary umask, a write to the database, an upload.
FRESH = """
import json, os, stat
os.umask(0o022)
import django
django.setup()
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x)")
    cursor.execute("INSERT INTO t VALUES (1)")
    default_storage.save("files/ab/upload.pdf", ContentFile(b"%PDF"))
    var = settings.VAR_DIR
    names = ["", "secret_key", "gongkai.sqlite3", "gongkai.sqlite3-wal", "gongkai.sqlite3-shm",
             "media", "media/files", "media/files/ab", "media/files/ab/upload.pdf"]
    print(json.dumps({n: stat.S_IMODE((var / n).stat().st_mode) for n in names}))
"""


def test_a_new_installation_keeps_personal_data_to_its_owner(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GONGKAI_SECRET_KEY"}}
    env |= {"GONGKAI_VAR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    done = subprocess.run(
        [sys.executable, "-c", FRESH], env=env, capture_output=True, text=True, check=True
    )
    modes = json.loads(done.stdout)
    assert {name: oct(mode) for name, mode in modes.items()} == {
        "": "0o700",
        "secret_key": "0o600",
        "gongkai.sqlite3": "0o600",
        "gongkai.sqlite3-wal": "0o600",
        "gongkai.sqlite3-shm": "0o600",
        "media": "0o700",
        "media/files": "0o700",
        "media/files/ab": "0o700",
        "media/files/ab/upload.pdf": "0o600",
    }


def _var(tmp_path, settings):
    var = tmp_path / "var"
    (var / "media" / "files").mkdir(parents=True)
    (var / "log").mkdir()
    for name in ("secret_key", "gongkai.sqlite3", "media/files/a.pdf", "log/gongkai.log"):
        (var / name).write_text("x")
        (var / name).chmod(0o600)
    for directory in (var, var / "media", var / "media" / "files", var / "log"):
        directory.chmod(0o700)
    settings.VAR_DIR = var
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": var / "media"}},
    }
    settings.DATABASES = {  # the demo's database, whichever the suite runs on
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": var / "gongkai.sqlite3"}
    }
    return var


# These tests read paths from the settings and open no database.
quiet = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@quiet
def test_owner_only_files_give_no_warning(tmp_path, settings):
    var = _var(tmp_path, settings)
    assert too_open(private_paths()) == []
    assert {var, var / "secret_key", var / "media" / "files" / "a.pdf"} <= set(private_paths())


@quiet
def test_the_demo_warns_of_each_file_others_may_read(tmp_path, settings):
    var = _var(tmp_path, settings)
    (var / "gongkai.sqlite3").chmod(0o644)
    (var / "media" / "files").chmod(0o755)
    (var / "log" / "gongkai.log").chmod(0o640)
    assert too_open(private_paths()) == [
        (var / "gongkai.sqlite3", 0o644),
        (var / "log" / "gongkai.log", 0o640),
        (var / "media" / "files", 0o755),
    ]
    out = StringIO()
    warn_of_open_files(out)
    text = out.getvalue()
    assert f"chmod 600 {var / 'gongkai.sqlite3'}" in text
    assert f"chmod 700 {var / 'media' / 'files'}" in text
    assert text.count("警告") == 3
    assert stat.S_IMODE((var / "gongkai.sqlite3").stat().st_mode) == 0o644  # warned, not changed
