"""Who is to be told: the people holding a role in a unit, and the openness office above it.
Which logins must wait, and the log of locks."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet

from .models import LoginThrottle, LoginThrottleEvent, Membership, Role, Unit, User
from .rules import Scope


def holders(units: Iterable[Unit], roles: Iterable[Role]) -> list[User]:
    """Active users holding one of `roles` in exactly one of `units`."""
    members = Membership.objects.filter(unit__in=list(units), role__in=list(roles))
    return [m.user for m in members.select_related("user") if m.user.is_active]


def office_over(unit: Unit) -> list[User]:
    """Active members of the openness office of `unit` or of any unit above it."""
    offices = Membership.objects.filter(role=Role.OFFICE).select_related("unit", "user")
    return [m.user for m in offices if unit.path.startswith(m.unit.path) and m.user.is_active]


def unique(users: Iterable[User]) -> tuple[User, ...]:
    return tuple({u.pk: u for u in users}.values())


def login_blocker(*, username: str, address: str, now: datetime) -> LoginThrottle | None:
    """The count that keeps this try waiting longest: the account name's or the address's."""
    return (
        LoginThrottle.objects.filter(
            Q(scope=Scope.ACCOUNT, key=username) | Q(scope=Scope.ADDRESS, key=address)
        )
        .filter(blocked_until__gt=now)
        .order_by("-blocked_until")
        .first()
    )


def login_blocked_list(*, now: datetime) -> QuerySet[LoginThrottle]:
    return LoginThrottle.objects.filter(blocked_until__gt=now).order_by("-blocked_until")


def login_events() -> QuerySet[LoginThrottleEvent]:
    return LoginThrottleEvent.objects.select_related("throttle", "actor").order_by("-at", "-id")
