import codecs
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

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


UNDECODABLE = "提交的文字不是 UTF-8 编码，无法识别，未予受理。请以 UTF-8 编码重新提交。"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _codec(charset: str) -> str | None:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _undecodable(request: HttpRequest) -> bool:
    """Django decodes a form with the bytes that are not UTF-8 replaced by U+FFFD; JSON that is
    not UTF-8 does not parse."""
    if request.content_type in FORMS:
        return any(
            "\ufffd" in name or any("\ufffd" in value for value in values)
            for name, values in request.POST.lists()
        )
    if request.content_type == "application/json":
        try:
            request.body.decode("utf-8")
        except UnicodeDecodeError:
            return True
    return False


class Utf8OnlyMiddleware:
    """Text arrives in UTF-8 or not at all. A request in another encoding is refused in Chinese:
    otherwise Django decodes the query and the form in whatever charset the request names (UTF-7
    gives lone surrogates, which no page or database can hold) and stores "�" for each byte of a
    GBK form posted without one. A typed "�" is refused too: nobody means one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset")
        if charset is not None:
            if _codec(charset) != "utf-8":
                return self.refuse(request)
            request.encoding = "utf-8"  # "utf8", "UTF-8": Django takes only the one spelling
        if request.method in ("POST", "PUT", "PATCH") and _undecodable(request):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"message": UNDECODABLE}, status=400)
        return HttpResponseBadRequest(UNDECODABLE, content_type="text/plain; charset=utf-8")
