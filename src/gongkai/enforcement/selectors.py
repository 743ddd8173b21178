from datetime import date

from django.db.models import Q, QuerySet

from gongkai.orgs.models import User
from gongkai.orgs.permissions import Action, unit_filter

from .models import Decision


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
