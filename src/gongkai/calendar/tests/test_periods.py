"""A statutory period changed by the platform admin (a new regulation, a local rule) moves the
deadlines computed from then on and the running ones, shows on the public pages, and deleting
the change restores the statutory period."""

from datetime import date

import pytest
import time_machine

from gongkai.core.models import PeriodChange
from gongkai.core.periods import PERIODS, period
from gongkai.foi.tests import factories

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def test_a_changed_period_moves_running_and_new_deadlines(
    client, district, django_capture_on_commit_callbacks
):
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False):
        case = factories.submit(district.gov).case
        # 20 working days from Mon 1 June: 2–5 → 4, 8–12 → 9, 15–18 → 13 (19 June is the
        # Dragon Boat holiday), 22–26 → 18, 29 → 19, 30 → 20.
        assert case.due_on == D("2026-06-30")
        client.force_login(district.users["admin"])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/admin/core/periodchange/add/",
                {"key": "foi.reply", "amount": 15, "unit": "working_days", "source": "某省规定"},
            )
        case.refresh_from_db()
        assert case.due_on == D("2026-06-23")  # 15 working days: … 18 June → 13, 22 → 14, 23
        assert "15个工作日" in client.get("/foi/guide/").content.decode()
        change = PeriodChange.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/admin/core/periodchange/{change.pk}/delete/", {"post": "yes"})
        case.refresh_from_db()
        assert case.due_on == D("2026-06-30")
    assert period("foi.reply") == PERIODS["foi.reply"]


def test_only_a_period_of_the_statutory_table_can_change(client, district):
    client.force_login(district.users["admin"])
    response = client.post(
        "/admin/core/periodchange/add/",
        {"key": "foi.nonsense", "amount": 1, "unit": "days", "source": "无"},
    )
    assert response.status_code == 200 and not PeriodChange.objects.exists()
