"""Who is to be told: the people holding a role in a unit, and the openness office above it."""

from collections.abc import Iterable

from .models import Membership, Role, Unit, User


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
