from datetime import date

from django.db import transaction

from .models import CalendarDay, CalendarYear, DayKind


@transaction.atomic
def calendar_days_set(
    *, year: int, days: list[tuple[str, DayKind, str]], source_document: str = ""
) -> CalendarYear:
    """Replace a year's table: `days` is (ISO date, kind, holiday name) per listed day."""
    entry, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"source_document": source_document}
    )  # saving the year touches updated_at, which is what computations notice
    entry.days.all().delete()
    for iso, kind, name in days:
        day = CalendarDay(year=entry, date=date.fromisoformat(iso), kind=kind, name=name)
        day.full_clean()
        day.save()
    return entry
