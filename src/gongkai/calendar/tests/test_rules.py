"""Working-day arithmetic on a calendar given as data (no library, no database)."""

from datetime import date

import pytest

from gongkai.calendar.rules import (
    DayInfo,
    ScheduleError,
    Source,
    add_working_days,
    parse_schedule,
    urgency,
    weekday_info,
    working_days_between,
)

# A made-up week: Wed 2031-10-01 to Fri 10-03 off, Sat 10-04 a make-up working day.
HOLIDAYS = {date(2031, 10, 1), date(2031, 10, 2), date(2031, 10, 3)}
MAKEUP = {date(2031, 10, 4)}


def oracle(day: date) -> DayInfo:
    if day in HOLIDAYS:
        return DayInfo(day, False, "国庆节假期", Source.TABLE)
    if day in MAKEUP:
        return DayInfo(day, True, "国庆节调休上班", Source.TABLE)
    return weekday_info(day, Source.TABLE)


@pytest.mark.parametrize(
    ("start", "n", "end"),
    [
        (date(2031, 9, 29), 0, date(2031, 9, 29)),  # zero days: the start day itself
        (date(2031, 9, 29), 1, date(2031, 9, 30)),  # Mon → Tue; the start day never counts
        (date(2031, 9, 29), 2, date(2031, 10, 4)),  # Tue, then Oct 1–3 off, Sat 4 is worked
        (date(2031, 9, 29), 3, date(2031, 10, 6)),  # Sun 5 off → Mon 6
        (date(2031, 10, 1), 1, date(2031, 10, 4)),  # starting on a holiday
        (date(2031, 10, 3), 5, date(2031, 10, 9)),  # Sat 4, Mon 6, Tue 7, Wed 8, Thu 9
        (date(2031, 10, 10), 1, date(2031, 10, 13)),  # Fri → next Mon
    ],
)
def test_add_working_days(start, n, end):
    assert add_working_days(start, n, oracle).end == end


def test_span_explains_skipped_days():
    span = add_working_days(date(2031, 9, 30), 1, oracle)
    assert span.end == date(2031, 10, 4)
    assert [(d.day, d.reason) for d in span.skipped] == [
        (date(2031, 10, 1), "国庆节假期"),
        (date(2031, 10, 2), "国庆节假期"),
        (date(2031, 10, 3), "国庆节假期"),
    ]
    assert not span.provisional


def test_weekday_only_days_make_the_result_provisional():
    span = add_working_days(date(2031, 9, 29), 1, lambda d: weekday_info(d))
    assert span.provisional


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2031, 9, 29), -1, oracle)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2031, 9, 29), date(2031, 9, 29), 0),
        (date(2031, 9, 29), date(2031, 10, 6), 3),  # Tue 30, Sat 4, Mon 6
        (date(2031, 10, 6), date(2031, 9, 29), -3),
        (date(2031, 10, 1), date(2031, 10, 3), 0),
    ],
)
def test_working_days_between(start, end, count):
    assert working_days_between(start, end, oracle) == count


@pytest.mark.parametrize("n", [0, 1, 2, 7, 15, 20, 40])
def test_between_inverts_add(n):
    start = date(2031, 9, 26)
    assert working_days_between(start, add_working_days(start, n, oracle).end, oracle) == n


def test_parse_schedule_expands_ranges():
    days = parse_schedule(
        "# 2031\n2031-10-01..2031-10-03 放假 国庆节\n\n2031-10-04 上班 国庆节", 2031
    )
    assert [(d.day.day, d.working, d.name) for d in days] == [
        (1, False, "国庆节"),
        (2, False, "国庆节"),
        (3, False, "国庆节"),
        (4, True, "国庆节"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2031-10-01 放假", "应为"),
        ("2031-10-01 调休 国庆节", "应为"),
        ("2031-13-01 放假 国庆节", "日期无效"),
        ("2030-10-01 放假 国庆节", "不在2031年内"),
        ("2031-10-03..2031-10-01 放假 国庆节", "起止颠倒"),
        ("2031-10-01 放假 国庆节\n2031-10-01 上班 国庆节", "重复出现"),
    ],
)
def test_parse_schedule_refuses_bad_lines(text, message):
    with pytest.raises(ScheduleError, match=message):
        parse_schedule(text, 2031)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2026-06-05", "overdue"),  # before today
        ("2026-06-08", "soon"),  # today
        ("2026-06-15", "soon"),  # the last day of the reminder period
        ("2026-06-16", "ok"),
    ],
)
def test_urgency_of_a_due_date(due, expected):
    today, limit = date(2026, 6, 8), date(2026, 6, 15)  # Mon; + 5 working days = Mon 15 June
    assert urgency(date.fromisoformat(due), today, limit) == expected
