from collections.abc import Callable

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import config_changed, snapshot
from gongkai.orgs.permissions import require_configure

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


def _days(entry: CalendarYear) -> list[str]:
    return [f"{d.date} {d.get_kind_display()} {d.name}" for d in entry.days.order_by("date")]


@transaction.atomic
def calendar_days_set(
    *, actor: Actor, year: int, days: list[ScheduledDay], source_document: str = ""
) -> CalendarYear:
    """Replace a year's table; from then on the table, not the library, decides that year."""
    require_configure(actor)
    existing = CalendarYear.objects.filter(year=year).first()
    before = snapshot(existing, days=_days(existing)) if existing else None
    entry, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"source_document": source_document}
    )  # saving the year touches updated_at, which is what computations notice
    entry.days.all().delete()
    for scheduled in days:
        kind = DayKind.WORKDAY if scheduled.working else DayKind.HOLIDAY
        day = CalendarDay(year=entry, date=scheduled.day, kind=kind, name=scheduled.name)
        day.full_clean()
        day.save()
    after = snapshot(entry, days=_days(entry))
    config_changed(actor=actor, instance=entry, before=before, after=after)
    transaction.on_commit(table_changed)
    return entry
