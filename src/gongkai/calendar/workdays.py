"""Working days for the platform: the library for the years it knows, the admin table for the
years it lacks (or corrects), and weekdays only — flagged provisional — when neither has data.
"""

import logging
import threading
from datetime import date

import chinese_calendar
from django.db import connection

from gongkai.core.models import PeriodChange
from gongkai.core.periods import period, use_changes

from .models import CalendarDay, CalendarYear, DayKind
from .rules import DayInfo, DayOracle, Source, Span, weekday_info
from .rules import add_working_days as _add
from .rules import working_days_between as _between

logger = logging.getLogger(__name__)

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

# Per process, keyed by the revision of the working-time rules (how many holiday years and
# period changes there are and when one last changed): one small query per computation notices
# an edit made by any process, and an edit not yet committed elsewhere stays invisible.
_tables: dict[tuple, dict[int, dict[date, tuple[bool, str]] | None]] = {}
# Whether this thread's request (or command) has looked at the revision yet: the periods table
# is read through `refresh_once`, which asks the database at most once per request.
_checked = threading.local()


def _revision() -> tuple:
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM {table}), (SELECT MAX(updated_at) FROM {table})"  # noqa: S608
        for table in (CalendarYear._meta.db_table, PeriodChange._meta.db_table)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


def _current_tables() -> dict[int, dict[date, tuple[bool, str]] | None]:
    revision = _revision()
    _checked.fresh = True
    if revision not in _tables:
        _tables.clear()
        _tables[revision] = {}
        changed = revision[2]  # how many periods the admin changed: usually none, no query
        use_changes({c.key: c.period for c in PeriodChange.objects.all()} if changed else {})
    return _tables[revision]


def refresh_once() -> None:
    """Bring the periods table up to date, once per request (registered with
    core.periods.read_through, so every `period()` is current without a query each time)."""
    if not getattr(_checked, "fresh", False):
        _current_tables()


def forget() -> None:
    """A new request: the next read of the periods asks the database again."""
    _checked.fresh = False


def _table_for(year: int, tables: dict) -> dict[date, tuple[bool, str]] | None:
    if year not in tables:
        if CalendarYear.objects.filter(year=year).exists():
            tables[year] = {
                d.date: (d.kind == DayKind.WORKDAY, d.name)
                for d in CalendarDay.objects.filter(year__year=year)
            }
        else:
            tables[year] = None
    return tables[year]


def _from_table(day: date, table: dict[date, tuple[bool, str]]) -> DayInfo:
    if day not in table:
        return weekday_info(day, Source.TABLE)
    working, name = table[day]
    return DayInfo(day, working, f"{name}调休上班" if working else f"{name}假期", Source.TABLE)


def _from_library(day: date) -> DayInfo | None:
    try:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    weekend = day.weekday() >= 5
    label = HOLIDAY_NAMES.get(name, name) if name else None
    if is_holiday:
        reason = f"{label}假期" if label else "周末"
    elif weekend:
        reason = f"{label}调休上班" if label else "调休上班"
    else:
        reason = "工作日"
    return DayInfo(day, not is_holiday, reason, Source.LIBRARY)


def oracle() -> DayOracle:
    """A day oracle over a snapshot of the current table (one cache lookup per computation)."""
    tables = _current_tables()

    def info(day: date) -> DayInfo:
        table = _table_for(day.year, tables)
        if table is not None:
            return _from_table(day, table)
        return _from_library(day) or weekday_info(day)

    return info


def day_info(day: date) -> DayInfo:
    return oracle()(day)


def working_day_span(start: date, n: int) -> Span:
    """add_working_days with the explanation: skipped days, and whether any year lacked data."""
    span = _add(start, n, oracle())
    if span.provisional:
        logger.warning(
            "working days from %s: no holiday data for part of the period; weekdays assumed", start
        )
    return span


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start`; see working_day_span for the provisional flag."""
    return working_day_span(start, n).end


def working_days_between(start: date, end: date) -> int:
    return _between(start, end, oracle())


def due_soon_limit(today: date, days: DayOracle | None = None) -> date:
    """The last day still "due soon" for a reminder: the reminder period in working days."""
    days = days or oracle()  # first: it brings the periods up to date too
    return _add(today, period("reminder.due_soon").amount, days).end
