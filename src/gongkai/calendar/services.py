from django.db import transaction

from .models import CalendarDay, CalendarYear, DayKind
from .rules import ScheduledDay


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
    return entry
