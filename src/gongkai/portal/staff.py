"""Staff pages that belong to no one module: the user's in-app notifications, and the
office's page of locked logins."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.models import Notification
from gongkai.core.web import page_of
from gongkai.orgs import selectors, services
from gongkai.orgs.models import LoginThrottle
from gongkai.orgs.permissions import Action, require_everywhere, staff_required


@staff_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's reminders, newest first; opening the page marks them read."""
    mine = Notification.objects.filter(user=request.user)
    page = page_of(mine, request.GET)
    unread = [n.pk for n in page if n.read_at is None]
    response = render(request, "portal/notifications.html", {"page": page, "unread": set(unread)})
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response


@staff_required
def login_locks(request: HttpRequest) -> HttpResponse:
    """Logins that must wait or are locked, and the log of locks and unlocks."""
    require_everywhere(request.user, Action.LOGIN_UNLOCK)
    blocked = selectors.login_blocked_list(now=timezone.now())
    events = page_of(selectors.login_events(), request.GET)
    return render(request, "portal/login_locks.html", {"blocked": blocked, "page": events})


@staff_required
@require_POST
def login_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    throttle = get_object_or_404(LoginThrottle, pk=pk)
    services.login_unlock(actor=request.user, throttle=throttle)
    messages.success(request, f"已解锁：{throttle}")
    return redirect("login_locks")
