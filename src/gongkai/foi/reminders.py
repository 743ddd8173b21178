"""Reminders of reply due dates: to the case's handlers and the openness office, once per case,
threshold and due date (a new due date may warrant a new reminder)."""

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from gongkai.calendar.rules import Urgency, urgency
from gongkai.calendar.workdays import due_soon_limit, oracle
from gongkai.core.reminders import Reminder
from gongkai.orgs.models import Role, User
from gongkai.orgs.selectors import holders, office_over, unique

from .models import InfoRequest


def recipients(case: InfoRequest) -> tuple[User, ...]:
    """The handlers of the case's unit and the openness office above the receiving agency."""
    handlers = holders([case.unit], [Role.EDITOR]) if case.unit else []
    return unique([*handlers, *office_over(case.receiver)])


def due_reminders(today: date) -> Iterator[Reminder]:
    """Open cases overdue or due within the reminder period (5 working days)."""
    soon = due_soon_limit(today, oracle())
    cases = InfoRequest.objects.open().filter(due_on__lte=soon).select_related("receiver", "unit")
    for case in cases:
        overdue = urgency(case.due_on, today, soon) is Urgency.OVERDUE
        text = (
            f"依申请公开 {case.registration_no} 已超过答复期限（{case.due_on}）：{case.subject}"
            if overdue
            else f"依申请公开 {case.registration_no} 将于 {case.due_on} 到期：{case.subject}"
        )
        yield Reminder(
            key=f"foi:{case.pk}:{'overdue' if overdue else 'due_soon'}:{case.due_on}",
            text=text,
            url=reverse("foi_staff:case", args=[case.pk]),
            users=recipients(case),
        )
