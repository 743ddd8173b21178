"""Working-day arithmetic, independent of where the holiday data comes from.

Convention for statutory periods counted in working days (《政府信息公开条例》第三十条、第三十三条
and every later period of 工作日): the day an event happens does not count; a period of n working
days ends on the n-th working day after it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gongkai.core.refusals import Refusal


class Source(StrEnum):
    LIBRARY = "library"  # the chinese_calendar package
    TABLE = "table"  # the admin-edited table
    WEEKDAYS = "weekdays"  # no data for the year: Monday to Friday, provisional


@dataclass(frozen=True)
class DayInfo:
    day: date
    working: bool
    reason: str
    source: Source


DayOracle = Callable[[date], DayInfo]

WEEKEND = "周末"
WORKDAY = "工作日"


def weekday_info(day: date, source: Source = Source.WEEKDAYS) -> DayInfo:
    """A day judged by its weekday alone."""
    if day.weekday() >= 5:
        return DayInfo(day, False, WEEKEND, source)
    return DayInfo(day, True, WORKDAY, source)


@dataclass(frozen=True)
class Span:
    """The outcome of counting working days: the end day and what was skipped on the way."""

    start: date
    end: date
    working_days: int
    skipped: tuple[DayInfo, ...]
    provisional: bool


def add_working_days(start: date, n: int, oracle: DayOracle) -> Span:
    """The n-th working day after `start` (start itself never counts)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, counted, skipped, provisional = start, 0, [], False
    while counted < n:
        day += timedelta(days=1)
        info = oracle(day)
        provisional = provisional or info.source is Source.WEEKDAYS
        if info.working:
            counted += 1
        else:
            skipped.append(info)
    return Span(start, day, n, tuple(skipped), provisional)


def working_days_between(start: date, end: date, oracle: DayOracle) -> int:
    """Working days in (start, end]; negative when end is before start.

    The inverse of add_working_days: working_days_between(s, add_working_days(s, n).end) == n.
    """
    if end < start:
        return -working_days_between(end, start, oracle)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += oracle(day).working
    return count


@dataclass(frozen=True)
class ScheduledDay:
    day: date
    working: bool  # True: a make-up working day (调休上班); False: a day off
    name: str


class Urgency(StrEnum):
    OVERDUE = "overdue"
    SOON = "soon"  # due within the reminder period
    OK = "ok"


def urgency(due: date, today: date, soon_limit: date) -> Urgency:
    """How pressing a due date is: past it, within the reminder period (up to `soon_limit`,
    see gongkai.calendar.workdays.due_soon_limit), or not yet. Lists, countdowns and reminders
    all ask this."""
    if due < today:
        return Urgency.OVERDUE
    return Urgency.SOON if due <= soon_limit else Urgency.OK


class ScheduleError(Refusal):
    pass


KINDS = {"放假": False, "休": False, "上班": True, "班": True}


def parse_schedule(text: str, year: int) -> list[ScheduledDay]:
    """A year's holiday schedule as an office types it from the State Council's notice.

    One line per day or range: `2027-02-06..2027-02-12 放假 春节` or `2027-02-14 上班 春节`;
    blank lines and lines starting with # are skipped.
    """
    days: dict[date, ScheduledDay] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 3 or parts[1] not in KINDS:
            raise ScheduleError(f"第{number}行应为“日期 放假|上班 节日名称”：{line}")
        first, _, last = parts[0].partition("..")
        try:
            start = date.fromisoformat(first)
            end = date.fromisoformat(last) if last else start
        except ValueError:
            raise ScheduleError(f"第{number}行的日期无效：{parts[0]}") from None
        if end < start or start.year != year or end.year != year:
            raise ScheduleError(f"第{number}行的日期不在{year}年内或起止颠倒：{parts[0]}")
        day = start
        while day <= end:
            if day in days:
                raise ScheduleError(f"第{number}行：{day} 重复出现")
            days[day] = ScheduledDay(day, KINDS[parts[1]], parts[2])
            day += timedelta(days=1)
    return sorted(days.values(), key=lambda d: d.day)
