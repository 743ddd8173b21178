"""How often one address may use the public forms, on the portal and through the API alike."""

from django.http import HttpRequest

from gongkai.core.ratelimit import allow, client_address

APPLY_LIMIT, STATUS_LIMIT, WINDOW = 5, 20, 3600
# The same answer for an unknown number and a wrong code: neither tells a stranger anything.
NOT_FOUND = "登记号或查询码不正确"


def may_apply(request: HttpRequest) -> bool:
    return allow("foi-apply", client_address(request), limit=APPLY_LIMIT, window=WINDOW)


def may_look_up(request: HttpRequest) -> bool:
    return allow("foi-status", client_address(request), limit=STATUS_LIMIT, window=WINDOW)
