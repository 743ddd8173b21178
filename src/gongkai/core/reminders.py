"""Reminders from every module, sent once each: in the app and, when a mail server is set, by
e-mail. Modules register a provider; `gongkai remind` (run from cron) runs them all."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notification, ReminderSent


@dataclass(frozen=True)
class Reminder:
    key: str  # unique per thing, threshold and period: sent once
    text: str
    url: str
    users: tuple[AbstractBaseUser, ...]


Provider = Callable[[date], Iterable[Reminder]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def send(reminder: Reminder) -> bool:
    """Send unless already sent; True when sent now."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(key=reminder.key)
    except IntegrityError:
        return False
    Notification.objects.bulk_create(
        Notification(user=u, text=reminder.text, url=reminder.url) for u in reminder.users
    )
    addresses = [u.email for u in reminder.users if u.email]
    if addresses:
        transaction.on_commit(
            lambda: send_mail(
                reminder.text,
                f"{reminder.text}\n{reminder.url}",
                settings.DEFAULT_FROM_EMAIL,
                addresses,
            )
        )
    return True


def remind_all(today: date) -> list[Reminder]:
    return [r for provider in _providers for r in provider(today) if send(r)]
