"""The rules of the house a machine can check beyond the import contract: module size, that the
contract names every app's views, and that every log declares its actions."""

import tomllib
from pathlib import Path

from django.apps import apps

from gongkai.core.models import EventBase

SRC = Path(__file__).resolve().parents[2]
ROOT = SRC.parents[1]
LIMIT = 600


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        if not {"tests", "migrations"} & set(path.relative_to(SRC).parts):
            yield path


def test_no_module_passes_600_lines():
    """Past ~600 lines a module becomes a package (STYLE.md): one concern per module."""
    long = {
        str(p.relative_to(SRC)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert long == {}


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


VIEW_MODULES = {"views", "public", "staff", "api"}


def test_the_contract_protects_every_apps_views():
    """A new app's views are protected the day they are written, not when someone remembers."""
    protected = {
        m for c in _contracts() if c["type"] == "protected" for m in c["protected_modules"]
    }
    views = {
        f"gongkai.{p.parent.name}.{p.stem}"
        for p in _modules()
        if p.stem in VIEW_MODULES and p.parent.parent == SRC
    }
    assert views - protected == set()


def test_every_log_declares_its_actions_and_subject():
    logs = [m for m in apps.get_models() if issubclass(m, EventBase)]
    assert len(logs) >= 9
    for model in logs:
        assert model.Action.choices, model
        if model.__name__ != "ConfigChange":  # its subject is named by type and key
            field = model._meta.get_field(model.SUBJECT)
            assert field.many_to_one, model
