"""Worked examples against the 2026 holidays (劳动节 5月1日–5日, 5月9日（周六）上班; 国庆节
10月1日–7日, 9月20日（周日）、10月10日（周六）上班)."""

from datetime import date

import chinese_calendar
import pytest

from gongkai.calendar.rules import DayInfo, Source
from gongkai.enforcement.rules import Kind, publication_due, withdrawal_due

D = date.fromisoformat


def library(day: date) -> DayInfo:
    holiday, name = chinese_calendar.get_holiday_detail(day)
    return DayInfo(day, not holiday, name or "", Source.LIBRARY)


@pytest.mark.parametrize(
    ("kind", "decided", "due"),
    [
        # 7 working days from Tue 28 Apr: 29, 30 → 2; May 1–5 off; 6, 7, 8 → 5; Sat 9 → 6; 11 → 7.
        (Kind.PENALTY, "2026-04-28", "2026-05-11"),
        (Kind.PERMIT, "2026-04-28", "2026-05-11"),
        # 20 for the others: … 11 → 7; 12–15 → 11; 18–22 → 16; 25–28 → 20.
        (Kind.COMPULSORY, "2026-04-28", "2026-05-28"),
        (Kind.INSPECTION, "2026-04-28", "2026-05-28"),
        # 7 from Wed 30 Sep: Oct 1–7 off; 8, 9 → 2; Sat 10 → 3; 12–15 → 7.
        (Kind.PENALTY, "2026-09-30", "2026-10-15"),
    ],
)
def test_publication_due(kind, decided, due):
    assert publication_due(kind, D(decided), library) == D(due)


@pytest.mark.parametrize(
    ("revoked", "due"),
    [
        ("2026-04-29", "2026-05-07"),  # 30 → 1; May 1–5 off; 6 → 2; 7 → 3
        ("2026-10-09", "2026-10-13"),  # Sat 10 (make-up) → 1; 12 → 2; 13 → 3
    ],
)
def test_withdrawal_due(revoked, due):
    assert withdrawal_due(D(revoked), library) == D(due)
