from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
