from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import workdays


class FreshWorkingRules:
    """Each request reads the statutory periods as they stand when it starts: a change another
    process made is seen by the next request, at the cost of one small query, and only by a
    request that reads a period at all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        workdays.forget()
        return self.get_response(request)
