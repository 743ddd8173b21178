"""Wrong passwords slow a login down, then lock it; the openness office unlocks."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from gongkai.orgs.models import LoginThrottle, LoginThrottleEvent
from gongkai.orgs.rules import LOCK_FOR, THROTTLES, Scope

pytestmark = pytest.mark.django_db

STAFF, ADMIN = "/accounts/login/", "/admin/login/"
WAIT = "密码错误次数较多"
LOCKED = "登录已被锁定"
WRONG = "请输入一个正确的"  # Django's own message for a wrong username or password
ACCOUNT = THROTTLES[Scope.ACCOUNT]


@pytest.fixture
def clock():
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False) as traveller:
        yield traveller


def login(client, url, username, password, address="127.0.0.1"):
    response = client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code, response.content.decode()


def fail_until_locked(client, clock, url, username, address="127.0.0.1"):
    """Wrong passwords, each after the wait the one before it asked for, up to the lock."""
    for failures in range(1, ACCOUNT.lock_at + 1):
        status, page = login(client, url, username, "wrong-password", address)
        assert status == 200
        clock.shift(ACCOUNT.wait_after(failures) if failures < ACCOUNT.lock_at else 0)
    return page


@pytest.mark.parametrize("url", [STAFF, ADMIN])
def test_typing_mistakes_cost_nothing_then_the_next_try_waits(client, district, clock, url):
    user = "admin" if url == ADMIN else "editor"
    for _ in range(ACCOUNT.free):
        status, page = login(client, url, user, "wrong-password")
        assert WRONG in page and WAIT not in page
    _, page = login(client, url, user, "wrong-password")
    assert WAIT in page and "10:00:30" in page
    # While the wait lasts, not even the right password is tried.
    status, page = login(client, url, user, f"pw-{user}")
    assert status == 200 and WAIT in page
    clock.shift(timedelta(seconds=30))
    status, _ = login(client, url, user, f"pw-{user}")
    assert status == 302
    # A successful login forgets the account's failures.
    assert LoginThrottle.objects.get(scope=Scope.ACCOUNT, key=user).failures == 0


@pytest.mark.parametrize("url", [STAFF, ADMIN])
def test_repeated_failures_lock_the_account_for_a_while(client, district, clock, url):
    user = "admin" if url == ADMIN else "editor"
    page = fail_until_locked(client, clock, url, user)
    assert LOCKED in page and "政务公开办" in page
    # From another address too: it is the account that is locked.
    status, page = login(client, url, user, f"pw-{user}", address="10.0.0.9")
    assert status == 200 and LOCKED in page
    event = LoginThrottleEvent.objects.get()
    assert event.action == "locked" and event.details["failures"] == ACCOUNT.lock_at
    clock.shift(LOCK_FOR)
    status, _ = login(client, url, user, f"pw-{user}", address="10.0.0.9")
    assert status == 302


def test_one_address_guessing_many_accounts_is_slowed_down(client, district, clock):
    address = THROTTLES[Scope.ADDRESS]
    for n in range(address.free):
        login(client, STAFF, f"nobody{n}", "wrong-password", "198.51.100.1")
    _, page = login(client, STAFF, "nobody", "wrong-password", "198.51.100.1")
    assert WAIT in page
    _, page = login(client, STAFF, "editor", "pw-editor", "198.51.100.1")
    assert WAIT in page
    status, _ = login(client, STAFF, "editor", "pw-editor", "198.51.100.2")
    assert status == 302


def test_a_forged_address_header_does_not_reset_the_count(client, district, clock):
    for n in range(THROTTLES[Scope.ADDRESS].free + 1):
        client.post(
            STAFF,
            {"username": f"nobody{n}", "password": "wrong-password"},
            HTTP_X_REAL_IP=f"203.0.113.{n}",
        )
    assert WAIT in login(client, STAFF, "editor", "pw-editor")[1]


def test_a_quiet_day_forgets_the_count(client, district, clock):
    for _ in range(ACCOUNT.free):
        login(client, STAFF, "editor", "wrong-password")
    clock.shift(timedelta(hours=24, seconds=1))
    _, page = login(client, STAFF, "editor", "wrong-password")
    assert WAIT not in page and WRONG in page


def test_the_office_unlocks(client, district, clock):
    fail_until_locked(client, clock, STAFF, "editor")
    office = district.users["office"]
    client.force_login(office)
    page = client.get(reverse("login_locks")).content.decode()
    assert "editor" in page and "锁定至" in page
    throttle = LoginThrottle.objects.get(scope=Scope.ACCOUNT, key="editor")
    response = client.post(reverse("login_unlock", args=[throttle.pk]))
    assert response.status_code == 302
    unlocked = LoginThrottleEvent.objects.filter(action="unlocked").get()
    assert unlocked.actor == office and unlocked.throttle == throttle
    client.logout()
    status, _ = login(client, STAFF, "editor", "pw-editor")
    assert status == 302


@pytest.mark.parametrize("role", ["editor", "reviewer", "leader", "town_editor", "citizen"])
def test_only_the_office_and_the_admin_unlock(client, district, clock, role):
    fail_until_locked(client, clock, STAFF, "reviewer")
    throttle = LoginThrottle.objects.get(scope=Scope.ACCOUNT, key="reviewer")
    client.force_login(district.users[role])
    assert client.get(reverse("login_locks")).status_code == 403
    assert client.post(reverse("login_unlock", args=[throttle.pk])).status_code == 403
    assert not LoginThrottleEvent.objects.filter(action="unlocked").exists()
    client.force_login(district.users["admin"])
    assert client.get(reverse("login_locks")).status_code == 200
