"""Django's password check behind the login throttle (gongkai.orgs.rules), for every login
form: the staff login and the admin's."""

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from gongkai.core.actors import PUBLIC
from gongkai.core.ratelimit import client_address

from . import selectors, services


class ThrottledModelBackend(ModelBackend):
    """A try from an account name or an address that must wait is refused before its password
    is looked at; each wrong password counts against both. The login form shows why
    (gongkai.orgs.forms) from `request.login_blocked`."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or username is None or password is None:
            # No request, no address to count against: the test client, a shell.
            return super().authenticate(request, username, password, **kwargs)
        address = client_address(request)
        now = timezone.now()
        blocker = selectors.login_blocker(username=username, address=address, now=now)
        if blocker is None:
            user = super().authenticate(request, username, password, **kwargs)
            if user is not None:
                services.login_succeeded(actor=user)
                return user
            blocker = services.login_failed(
                actor=PUBLIC, username=username, address=address, now=now
            )
        if blocker.blocked_until > now:
            request.login_blocked = blocker
        return None
