from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import logs

# Government intranets are offline: nothing may load from another host, and a policy that
# says so catches a stray CDN link in a template before a user does.
STRICT = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# The bundled API explorer sets inline styles; it still loads nothing from outside.
API_DOCS = STRICT.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = API_DOCS if request.path.startswith("/api/") else STRICT
        response.setdefault("Content-Security-Policy", policy)
        return response


class RequestIdMiddleware:
    """Names each request for the log, the response header and the 500 page (see core.logs).
    First in the chain, so that whatever fails after it is logged under the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = logs.request_id_for(request.headers.get("X-Request-ID"))
        token = logs.bind(request)
        try:
            response = self.get_response(request)
        finally:
            logs.unbind(token)
        response["X-Request-ID"] = request.request_id
        return response
