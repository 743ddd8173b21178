from collections.abc import Callable

from django.db import transaction

from .models import CalendarDay, CalendarYear, DayKind
from .rules import ScheduledDay

# Called after a committed change to the holiday table: modules with running deadlines
# register here to recompute them (the calendar knows nothing of what counts on it).
_change_hooks: list[Callable[[], object]] = []


def on_table_change(hook: Callable[[], object]) -> None:
    if hook not in _change_hooks:
        _change_hooks.append(hook)


def table_changed() -> None:
    for hook in _change_hooks:
        hook()


@transaction.atomic
def calendar_days_set(
    *, year: int, days: list[ScheduledDay], source_document: str = ""
) -> CalendarYear:
    """Replace a year's table; from then on the table, not the library, decides that year."""
    entry, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"source_document": source_document}
    )  # saving the year touches updated_at, which is what computations notice
    entry.days.all().delete()
    for scheduled in days:
        kind = DayKind.WORKDAY if scheduled.working else DayKind.HOLIDAY
        day = CalendarDay(year=entry, date=scheduled.day, kind=kind, name=scheduled.name)
        day.full_clean()
        day.save()
    transaction.on_commit(table_changed)
    return entry
