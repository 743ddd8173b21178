"""Staff pages that belong to no one module: the user's in-app notifications."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.core.models import Notification
from gongkai.core.web import page_of
from gongkai.orgs.permissions import staff_required


@staff_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's reminders, newest first; opening the page marks them read."""
    mine = Notification.objects.filter(user=request.user)
    page = page_of(mine, request.GET)
    unread = [n.pk for n in page if n.read_at is None]
    response = render(request, "portal/notifications.html", {"page": page, "unread": set(unread)})
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response
