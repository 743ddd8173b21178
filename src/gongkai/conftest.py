"""Fixtures shared by every app's tests: a small district, one user per role, an index per test."""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from gongkai.core.actors import SYSTEM
from gongkai.orgs.models import Role, Unit, UnitKind, User
from gongkai.orgs.services import unit_create, user_create


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"gongkai: database engine {engine}"


def _uses_database(request) -> bool:
    return bool(request.node.get_closest_marker("django_db")) or bool(
        {"db", "transactional_db", "django_db_setup"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _statutory_periods_without_a_database(request, monkeypatch):
    """A rule test without a database reads the statutory table itself: its worked examples
    are the statutes' periods, and there is no admin's change to look up."""
    if not _uses_database(request):
        from gongkai.core import periods

        monkeypatch.setattr(periods, "_refresh", None)


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    """Each test gets its own search index and upload directory."""
    from django.core.cache import cache

    from gongkai.calendar import workdays
    from gongkai.core.periods import use_changes
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
    # A period a test changed must not outlive its rolled-back row in the next test's rules.
    workdays._tables.clear()
    workdays.forget()
    use_changes({})


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
    gov = unit_create(
        actor=SYSTEM, name="测试区人民政府", kind=UnitKind.GOVERNMENT, code="113300000000000010"
    )
    education = unit_create(
        actor=SYSTEM,
        name="测试区教育局",
        kind=UnitKind.DEPARTMENT,
        code="113300000000000020",
        parent=gov,
    )
    finance = unit_create(
        actor=SYSTEM,
        name="测试区财政局",
        kind=UnitKind.DEPARTMENT,
        code="113300000000000030",
        parent=gov,
    )
    town = unit_create(
        actor=SYSTEM,
        name="东湖街道办事处",
        kind=UnitKind.TOWN,
        code="113300000000000040",
        parent=gov,
    )
    village = unit_create(
        actor=SYSTEM,
        name="新桥社区居民委员会",
        kind=UnitKind.VILLAGE,
        code="113300000000000050",
        parent=town,
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
        name: user_create(
            actor=SYSTEM, username=name, password="pw-" + name, memberships=[(unit, role)]
        )
        for name, (unit, role) in roles.items()
    }
    users["citizen"] = user_create(actor=SYSTEM, username="citizen", password="pw-citizen")
    return District(gov, education, finance, town, village, users)


def require_or_skip(env_flag: str, reason: str) -> None:
    """Skip with a reason locally; fail when CI says the dependency must be there."""
    if os.environ.get(env_flag) == "1":
        pytest.fail(f"{reason} ({env_flag}=1 requires it)")
    pytest.skip(reason)


def database_url(name: str | None = None) -> str:
    """The URL of the test database (or of database `name` on the same PostgreSQL server), for
    a `gongkai` command run as another process."""
    from django.db import connection

    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name or db['NAME']}"


@pytest.fixture
def index_now():
    """Apply the change log to this test's index now, as the indexer thread would."""
    from gongkai.search.indexer import Indexer

    return lambda: Indexer().run_once()


# Screenshots a browser test leaves for a human to look at.
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        require_or_skip(
            "GONGKAI_REQUIRE_BROWSER",
            "Chromium/chromedriver not installed (apt-get install chromium chromium-driver)",
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


# Reading a page while the browser replaces it fails in several ways; waits ignore them all.
def _flaky():
    from selenium.common.exceptions import (
        NoSuchElementException,
        StaleElementReferenceException,
        WebDriverException,
    )

    return [NoSuchElementException, StaleElementReferenceException, WebDriverException]


def click_and_wait(browser, element) -> None:
    """Click something that loads a new page, and wait until the old page is gone."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    element.click()

    def gone(_browser) -> bool:
        try:
            old.is_enabled()
        except tuple(_flaky()):  # stale, or "node does not belong to the document"
            return True
        return False

    WebDriverWait(browser, 15).until(gone)


def arrive(browser, title: str) -> None:
    """Wait for the page whose h1 is `title`."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 15, ignored_exceptions=_flaky()).until(
        lambda b: b.find_element(By.TAG_NAME, "h1").text == title
    )


def wait_for_text(browser, selector: str, text: str) -> str:
    """Wait until the element's text holds `text`."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 15, ignored_exceptions=_flaky()).until(
        lambda b: text in b.find_element(By.CSS_SELECTOR, selector).text
    )
    return browser.find_element(By.CSS_SELECTOR, selector).text
