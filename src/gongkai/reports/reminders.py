"""Reminders of the annual report's statutory date (条例第四十九条: departments and towns by 31
January, governments by 31 March): to the unit's editors and the openness office, once as the
date nears and once when it has passed, until the report is published."""

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from gongkai.calendar.workdays import add_working_days
from gongkai.core.periods import period
from gongkai.core.reminders import Reminder
from gongkai.orgs.models import Role, Unit, UnitKind
from gongkai.orgs.selectors import holders, office_over, unique
from gongkai.publishing.rules import Status

from . import format as fmt
from .models import AnnualReport

REPORTING = (UnitKind.GOVERNMENT, UnitKind.DEPARTMENT, UnitKind.TOWN)


def report_reminders(today: date) -> Iterator[Reminder]:
    year = today.year - 1
    ahead = period("reminder.annual_report").amount
    horizon = add_working_days(today, ahead)
    done = set(
        AnnualReport.objects.filter(year=year, document__status=Status.PUBLISHED).values_list(
            "unit_id", flat=True
        )
    )
    for unit in Unit.objects.filter(kind__in=REPORTING, is_active=True).exclude(pk__in=done):
        due = fmt.due_date(year, unit.kind == UnitKind.GOVERNMENT)
        # From a few weeks before the date to as long after it: a late report is reminded
        # once, not for the rest of the year (nor on a new installation for old years).
        if due > horizon or today > add_working_days(due, ahead):
            continue
        late = today > due
        yield Reminder(
            key=f"report:{unit.pk}:{year}:{'late' if late else 'soon'}",
            text=(
                f"{unit.name}{year}年政府信息公开工作年度报告已超过法定公布日期（{due}）"
                if late
                else f"{unit.name}{year}年政府信息公开工作年度报告须于 {due} 前公布"
            ),
            url=reverse("reports:list"),
            users=unique([*holders([unit], [Role.EDITOR]), *office_over(unit)]),
        )
