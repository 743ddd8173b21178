from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

ELDER_COOKIE = "gongkai_elder"


class ElderModeMiddleware:
    """长者模式: large text and high contrast, remembered in a cookie, no script needed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.elder_mode = request.COOKIES.get(ELDER_COOKIE) == "1"
        return self.get_response(request)
