"""Fixtures shared by every app's tests: a small district, one user per role, an index per test."""

import os
from dataclasses import dataclass

import pytest

from gongkai.orgs.models import Role, Unit, UnitKind, User
from gongkai.orgs.services import unit_create, user_create


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"gongkai: database engine {engine}"


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    """Each test gets its own search index and upload directory."""
    from django.core.cache import cache

    from gongkai.search import registry

    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    settings.SEARCH_POLL_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    yield
    registry.backend().close_writer()
    registry._backend_at.cache_clear()


@dataclass
class District:
    gov: Unit
    education: Unit
    finance: Unit
    town: Unit
    village: Unit
    users: dict[str, User]


@pytest.fixture
def district(db) -> District:
    gov = unit_create(name="测试区人民政府", kind=UnitKind.GOVERNMENT, code="113300000000000010")
    education = unit_create(
        name="测试区教育局", kind=UnitKind.DEPARTMENT, code="113300000000000020", parent=gov
    )
    finance = unit_create(
        name="测试区财政局", kind=UnitKind.DEPARTMENT, code="113300000000000030", parent=gov
    )
    town = unit_create(
        name="东湖街道办事处", kind=UnitKind.TOWN, code="113300000000000040", parent=gov
    )
    village = unit_create(
        name="新桥社区居民委员会", kind=UnitKind.VILLAGE, code="113300000000000050", parent=town
    )
    roles = {
        "admin": (gov, Role.ADMIN),
        "office": (gov, Role.OFFICE),
        "editor": (education, Role.EDITOR),
        "reviewer": (education, Role.REVIEWER),
        "leader": (gov, Role.LEADER),
        "town_editor": (town, Role.EDITOR),
    }
    users = {
        name: user_create(username=name, password="pw-" + name, memberships=[(unit, role)])
        for name, (unit, role) in roles.items()
    }
    users["citizen"] = user_create(username="citizen", password="pw-citizen")
    return District(gov, education, finance, town, village, users)


def require_or_skip(env_flag: str, reason: str) -> None:
    """Skip with a reason locally; fail when CI says the dependency must be there."""
    if os.environ.get(env_flag) == "1":
        pytest.fail(f"{reason} ({env_flag}=1 requires it)")
    pytest.skip(reason)


@pytest.fixture
def index_now():
    """Apply the change log to this test's index now, as the indexer thread would."""
    from gongkai.search.indexer import Indexer

    return lambda: Indexer().run_once()
