"""Reminders of reply due dates: to the case's handlers and the openness office, once per case,
threshold and due date (a new due date may warrant a new reminder)."""

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from gongkai.calendar.workdays import oracle
from gongkai.core.reminders import Reminder
from gongkai.orgs.models import Membership, Role, User

from .models import InfoRequest
from .selectors import due_soon_limit


def recipients(case: InfoRequest) -> tuple[User, ...]:
    """The handlers of the case's unit and the openness office above the receiving agency."""
    handlers = Membership.objects.filter(role=Role.EDITOR, unit=case.unit) if case.unit else []
    office = [
        m
        for m in Membership.objects.filter(role=Role.OFFICE).select_related("unit", "user")
        if case.receiver.path.startswith(m.unit.path)
    ]
    users = {m.user_id: m.user for m in [*handlers, *office] if m.user.is_active}
    return tuple(users.values())


def due_reminders(today: date) -> Iterator[Reminder]:
    """Open cases overdue or due within the reminder period (5 working days)."""
    soon = due_soon_limit(today, oracle())
    cases = InfoRequest.objects.open().filter(due_on__lte=soon).select_related("receiver", "unit")
    for case in cases:
        overdue = case.due_on < today
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
