"""Reminders of due dates: to the case's handlers and the openness office, in the app and by
e-mail, once per case, threshold and due date (a new due date may warrant a new reminder)."""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from gongkai.calendar.workdays import oracle
from gongkai.core.models import Notification
from gongkai.orgs.models import Membership, Role, User

from .models import InfoRequest, ReminderLog
from .selectors import due_soon_limit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    case: InfoRequest
    threshold: str
    recipients: list[User]


def recipients(case: InfoRequest) -> list[User]:
    """The handlers of the case's unit and the openness office above the receiving agency."""
    handlers = Membership.objects.filter(role=Role.EDITOR, unit=case.unit) if case.unit else []
    office = [
        m
        for m in Membership.objects.filter(role=Role.OFFICE).select_related("unit", "user")
        if case.receiver.path.startswith(m.unit.path)
    ]
    users = {m.user_id: m.user for m in [*handlers, *office] if m.user.is_active}
    return list(users.values())


def _message(case: InfoRequest, threshold: str) -> str:
    if threshold == "overdue":
        return f"依申请公开 {case.registration_no} 已超过答复期限（{case.due_on}）：{case.subject}"
    return f"依申请公开 {case.registration_no} 将于 {case.due_on} 到期：{case.subject}"


def _send(case: InfoRequest, threshold: str) -> Sent | None:
    try:
        with transaction.atomic():
            ReminderLog.objects.create(case=case, threshold=threshold, due_on=case.due_on)
    except IntegrityError:  # already reminded of this due date at this threshold
        return None
    users = recipients(case)
    text = _message(case, threshold)
    url = reverse("foi_staff:case", args=[case.pk])
    Notification.objects.bulk_create(Notification(user=u, text=text, url=url) for u in users)
    addresses = [u.email for u in users if u.email]
    if addresses:
        transaction.on_commit(
            lambda: send_mail(text, f"{text}\n{url}", settings.DEFAULT_FROM_EMAIL, addresses)
        )
    return Sent(case, threshold, users)


def remind(today: date) -> list[Sent]:
    """Remind of every open case overdue or due within the reminder period (5 working days)."""
    soon = due_soon_limit(today, oracle())
    sent = []
    for case in (
        InfoRequest.objects.open().filter(due_on__lte=soon).select_related("receiver", "unit")
    ):
        threshold = "overdue" if case.due_on < today else "due_soon"
        if (result := _send(case, threshold)) is not None:
            sent.append(result)
    return sent
