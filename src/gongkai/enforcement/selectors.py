from datetime import date

from django.db.models import Q, QuerySet

from gongkai.core.actors import Actor
from gongkai.orgs.models import User
from gongkai.orgs.permissions import Action, unit_filter

from .models import Decision, DecisionAction


def decisions_visible_to(user: User) -> QuerySet[Decision]:
    return Decision.objects.filter(
        unit_filter(user, Action.ENFORCEMENT_VIEW, "unit")
    ).select_related("unit")


def late(decisions: QuerySet[Decision], today: date) -> QuerySet[Decision]:
    """Not yet public past the publication deadline, or not yet withdrawn past its deadline."""
    return decisions.filter(
        Q(published_at__isnull=True, revoked_on__isnull=True, publish_due__lt=today)
        | Q(revoked_on__isnull=False, withdrawn_at__isnull=True, withdraw_due__lt=today)
    )


def public_decisions() -> QuerySet[Decision]:
    return Decision.objects.filter(published_at__isnull=False).select_related("unit")


def _hands(decision: Decision) -> set[int]:
    """Who wrote what the decision shows: who registered it and who masked it. Publishing is the
    check of someone else (the separation of duties every chain keeps)."""
    writing = (DecisionAction.REGISTERED, DecisionAction.MASKED)
    return set(decision.events.filter(action__in=writing).values_list("actor_id", flat=True))


def may_publish(actor: Actor, decision: Decision) -> bool:
    return getattr(actor, "pk", None) not in _hands(decision)
