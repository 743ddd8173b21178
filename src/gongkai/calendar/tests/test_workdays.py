"""The platform calendar: chinese_calendar for the years it knows, the admin table otherwise.

Worked examples across the 2026 holidays (国务院办公厅关于2026年部分节假日安排的通知):
元旦 1月1日–3日, 1月4日（周日）上班; 春节 2月15日–23日, 2月14日（周六）、2月28日（周六）上班;
劳动节 5月1日–5日, 5月9日（周六）上班; 国庆节 10月1日–7日, 9月20日（周日）、10月10日（周六）上班;
中秋节 9月25日–27日.
"""

from datetime import date

import pytest

from gongkai.calendar import add_working_days, day_info, working_day_span, working_days_between
from gongkai.calendar.rules import Source, parse_schedule
from gongkai.calendar.services import calendar_days_set
from gongkai.core.actors import SYSTEM

pytestmark = pytest.mark.django_db

WORKED_EXAMPLES = [
    # Art. 33's 20 working days from 2 Feb 10 (Tue): Feb 11, 12, 13, Sat 14 (make-up) = 4;
    # 15–23 off; 24, 25, 26, 27, Sat 28 (make-up) = 9; Mar 2–6 = 14; Mar 9–13 = 19; Mar 16 = 20.
    (date(2026, 2, 10), 20, date(2026, 3, 16)),
    # 7 working days from Apr 28 (Tue): 29, 30 = 2; May 1–5 off; 6, 7, 8 = 5; Sat 9 = 6; Mon 11 = 7.
    (date(2026, 4, 28), 7, date(2026, 5, 11)),
    # 20 from Sep 18 (Fri): Sun 20 = 1; 21–24 = 5; 25–27 off; 28–30 = 8; Oct 1–7 off; 8, 9 = 10;
    # Sat 10 = 11; 12–16 = 16; 19–22 = 20.
    (date(2026, 9, 18), 20, date(2026, 10, 22)),
    # 3 from New Year's Eve: Jan 1–3 off; Sun 4 (make-up) = 1; 5 = 2; 6 = 3.
    (date(2025, 12, 31), 3, date(2026, 1, 6)),
    # Starting on a holiday: Oct 3 + 1 → Oct 8.
    (date(2026, 10, 3), 1, date(2026, 10, 8)),
    # 15 working days (Art. 32) from Sep 30: Oct 8, 9, Sat 10 = 3; 12–16 = 8; 19–23 = 13; 26, 27.
    (date(2026, 9, 30), 15, date(2026, 10, 27)),
]


@pytest.mark.parametrize(("start", "n", "due"), WORKED_EXAMPLES)
def test_worked_examples_2026(start, n, due):
    assert add_working_days(start, n) == due
    assert working_days_between(start, due) == n
    assert not working_day_span(start, n).provisional


def test_explanation_names_the_holidays():
    span = working_day_span(date(2026, 4, 28), 7)
    reasons = {d.day: d.reason for d in span.skipped}
    assert reasons[date(2026, 5, 1)] == "劳动节假期"
    assert reasons[date(2026, 5, 10)] == "周末"
    assert day_info(date(2026, 5, 9)).reason == "劳动节调休上班"
    assert day_info(date(2026, 5, 9)).source is Source.LIBRARY


def test_a_year_without_data_counts_weekdays_and_says_so():
    # 2026-12-24 (Thu) + 10: Dec 25, 28–31 = 5; 2027 is unknown: Jan 1 (Fri) counts; 4–7 = 10.
    span = working_day_span(date(2026, 12, 24), 10)
    assert span.end == date(2027, 1, 7)
    assert span.provisional


def test_the_admin_table_fills_a_year_the_library_lacks():
    calendar_days_set(
        actor=SYSTEM,
        year=2027,
        days=parse_schedule("2027-01-01 放假 元旦\n2027-01-09 上班 元旦", 2027),
        source_document="测试用节假日安排",
    )
    # Dec 25, 28–31 = 5; Jan 1 off; 4–8 = 10.
    span = working_day_span(date(2026, 12, 24), 10)
    assert span.end == date(2027, 1, 8)
    assert not span.provisional
    assert day_info(date(2027, 1, 9)).working
    assert day_info(date(2027, 1, 9)).source is Source.TABLE


def test_changing_the_table_is_seen_by_the_next_computation():
    calendar_days_set(actor=SYSTEM, year=2027, days=[])
    assert add_working_days(date(2027, 3, 1), 5) == date(2027, 3, 8)
    calendar_days_set(
        actor=SYSTEM, year=2027, days=parse_schedule("2027-03-02 放假 测试假日", 2027)
    )
    assert add_working_days(date(2027, 3, 1), 5) == date(2027, 3, 9)


def test_the_table_overrides_the_library_for_a_year_it_lists():
    calendar_days_set(
        actor=SYSTEM, year=2026, days=parse_schedule("2026-06-01 放假 临时假日", 2026)
    )
    assert not day_info(date(2026, 6, 1)).working
    # With the table in charge of 2026 and no entry for May Day, it is an ordinary Friday.
    assert day_info(date(2026, 5, 1)).working


def test_holidays_command_enters_and_shows_a_year(tmp_path, capsys):
    from django.core.management import call_command

    schedule = tmp_path / "2027.txt"
    schedule.write_text("# 示例\n2027-02-05..2027-02-11 放假 春节\n2027-02-13 上班 春节\n", "utf-8")
    call_command("holidays", "2027", str(schedule), "--source", "测试通知")
    out = capsys.readouterr().out
    assert "7 days off and 1 make-up working days saved" in out  # Feb 5–11 listed as off
    assert "2027-02-08 Mon 春节假期" in out and "2027-02-13 Sat 春节调休上班" in out
    assert add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 12)


def test_holidays_command_reports_a_bad_file(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    schedule = tmp_path / "bad.txt"
    schedule.write_text("2027-02-30 放假 春节\n", "utf-8")
    with pytest.raises(CommandError, match="第1行的日期无效"):
        call_command("holidays", "2027", str(schedule))
