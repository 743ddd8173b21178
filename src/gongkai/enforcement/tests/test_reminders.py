"""Overdue decisions: which ones `late` flags on which day, and `gongkai remind` telling the right
people once."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from gongkai.core.models import Notification
from gongkai.enforcement import services
from gongkai.enforcement.models import Decision
from gongkai.enforcement.selectors import late

from .conftest import register

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def four(district):
    """Due 15 October and unpublished; published on time; published, revoked 9 October (withdraw
    by 13 October) and still up; revoked and withdrawn."""
    reviewer, editor, office = (district.users[n] for n in ("reviewer", "editor", "office"))
    waiting = register(district, decision_no="A")
    on_time = services.decision_publish(
        actor=reviewer, decision=register(district, decision_no="B")
    )
    still_up = services.decision_publish(
        actor=reviewer, decision=register(district, decision_no="C")
    )
    services.decision_revoked(actor=editor, decision=still_up, on=D("2026-10-09"), reason="撤销")
    gone = services.decision_publish(actor=reviewer, decision=register(district, decision_no="D"))
    services.decision_revoked(actor=editor, decision=gone, on=D("2026-10-09"), reason="撤销")
    services.decision_withdraw(actor=office, decision=gone, reason="已撤销")
    return waiting, on_time, still_up, gone


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-10-13", set()),  # the withdrawal deadline day itself is not late
        ("2026-10-14", {"C"}),
        ("2026-10-15", {"C"}),  # nor the publication deadline day
        ("2026-10-16", {"A", "C"}),
    ],
)
def test_late_flags_what_is_past_its_deadline(four, today, expected):
    flagged = late(Decision.objects.all(), D(today))
    assert {d.decision_no for d in flagged} == expected


def test_a_late_town_decision_reminds_the_town_and_the_office(district, clock, capsys):
    register(district, actor="town_editor", unit=district.town, decision_no="东湖罚〔2026〕1号")
    clock.move_to("2026-10-16 09:00 +0800")
    call_command("remind")
    assert "行政执法决定 东湖罚〔2026〕1号 已超过公示期限（2026-10-15）" in capsys.readouterr().out
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"town_editor", "office"}


def test_remind_once_to_the_units_staff_and_the_office(
    district, four, clock, capsys, django_capture_on_commit_callbacks
):
    district.users["reviewer"].email = "reviewer@example.com"
    district.users["reviewer"].save()
    clock.move_to("2026-10-16 09:00 +0800")
    with django_capture_on_commit_callbacks(execute=True):  # mail goes out once committed
        call_command("remind")
    out = capsys.readouterr().out
    assert "行政执法决定 A 已超过公示期限（2026-10-15）" in out
    assert "行政执法决定 C 已超过撤回期限（2026-10-13）" in out
    assert "2 reminders sent" in out
    waiting, _, still_up, _ = four
    by_url = {
        url: set(Notification.objects.filter(url=url).values_list("user__username", flat=True))
        for url in (reverse("publicity_staff:detail", args=[d.pk]) for d in (waiting, still_up))
    }
    assert list(by_url.values()) == [{"editor", "reviewer", "office"}] * 2
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["reviewer@example.com"]

    call_command("remind")
    assert "0 reminders sent" in capsys.readouterr().out
    assert Notification.objects.count() == 6


def test_nothing_is_reminded_once_done(district, four, clock, capsys):
    waiting, _, still_up, _ = four
    services.decision_publish(actor=district.users["reviewer"], decision=waiting)
    services.decision_withdraw(actor=district.users["office"], decision=still_up, reason="已撤销")
    clock.move_to("2026-10-16 09:00 +0800")
    call_command("remind")
    assert "0 reminders sent" in capsys.readouterr().out
    assert not Notification.objects.exists()
