from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.core.models import Notification
from gongkai.core.periods import period_names
from gongkai.orgs.models import Unit
from gongkai.orgs.permissions import Action, can_everywhere, is_staff_member, units_for


def site(request: HttpRequest) -> dict:
    def top_unit():
        return (
            Unit.objects.filter(parent__isnull=True, is_active=True).order_by("sort_order").first()
        )

    return {
        "site_name": settings.SITE_NAME,
        "top_unit": SimpleLazyObject(top_unit),
        "elder_mode": getattr(request, "elder_mode", False),
        # {{ periods.foi_reply }} and its .source: a page states a period from the table, and
        # only a page that does pays for looking the table up.
        "periods": SimpleLazyObject(period_names),
        "is_staff_member": is_staff_member(request.user) if hasattr(request, "user") else False,
        "unread_notifications": SimpleLazyObject(
            lambda: (
                Notification.objects.filter(user=request.user, read_at__isnull=True).count()
                if request.user.is_authenticated
                else 0
            )
        ),
        "can_draft": SimpleLazyObject(
            lambda: units_for(request.user, Action.DOCUMENT_EDIT).exists()
        ),
        "can_oversee": SimpleLazyObject(
            lambda: units_for(request.user, Action.DOCUMENT_OVERSEE).exists()
        ),
        "can_unlock_logins": SimpleLazyObject(
            lambda: can_everywhere(request.user, Action.LOGIN_UNLOCK)
        ),
    }
