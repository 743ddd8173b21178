from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.calendar.rules import ScheduleError, parse_schedule
from gongkai.calendar.services import calendar_days_set
from gongkai.calendar.workdays import day_info
from gongkai.core.actors import SYSTEM


class Command(BaseCommand):
    help = (
        "Enter a year's holidays and make-up working days from a text file "
        "(lines like '2027-02-06..2027-02-12 放假 春节' or '2027-02-14 上班 春节'), "
        "or show how the calendar sees a year."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("file", nargs="?", help="the schedule; without it, show the year")
        parser.add_argument("--source", default="", help="the notice the schedule comes from")

    def handle(self, *args, year, file, source, **options):
        if file:
            try:
                days = parse_schedule(Path(file).read_text(encoding="utf-8"), year)
            except (OSError, ScheduleError) as error:
                raise CommandError(str(error)) from error
            calendar_days_set(actor=SYSTEM, year=year, days=days, source_document=source)
            off = sum(not d.working for d in days)
            self.stdout.write(
                f"{year}: {off} days off and {len(days) - off} make-up working days saved; "
                "the table now decides this year."
            )
        self._show(year)

    def _show(self, year: int) -> None:
        info = day_info(date(year, 1, 1))
        self.stdout.write(f"{year}: source {info.source.value}")
        day = date(year, 1, 1)
        while day.year == year:
            info = day_info(day)
            if info.working == (day.weekday() >= 5):  # only what differs from a plain week
                self.stdout.write(f"  {day} {day:%a} {info.reason}")
            day = date.fromordinal(day.toordinal() + 1)
