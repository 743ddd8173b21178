import codecs
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict

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


UNDECODABLE = "提交的文字不是 UTF-8 编码，无法识别，未予受理。请以 UTF-8 编码重新提交。"
NUL = "提交的内容含有空字符（U+0000），无法保存，未予受理。"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _codec(charset: str) -> str | None:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _texts(params: QueryDict) -> list[str]:
    return [text for name, values in params.lists() for text in (name, *values)]


def _refusal(request: HttpRequest) -> str | None:
    """Why the request's text cannot be read or kept, or None. Django decodes a form with the
    bytes that are not UTF-8 replaced by U+FFFD; JSON that is not UTF-8 does not parse; PostgreSQL
    holds no NUL, in a filter or in a row."""
    texts = _texts(request.GET)
    if request.method in ("POST", "PUT", "PATCH"):
        if request.content_type in FORMS:
            posted = _texts(request.POST)
            if any("\ufffd" in text for text in posted):
                return UNDECODABLE
            texts += posted
        elif request.content_type == "application/json":
            try:
                request.body.decode("utf-8")
            except UnicodeDecodeError:
                return UNDECODABLE
    return NUL if any("\x00" in text for text in texts) else None


class StorableTextMiddleware:
    """Text arrives in UTF-8 the database can hold, or not at all: otherwise Django decodes the
    query and the form in whatever charset the request names (UTF-7 gives lone surrogates, which
    no page or database can hold) and stores "�" for each byte of a GBK form posted without one.
    Such a request is refused in Chinese; so is a typed "�" (nobody means one) and a NUL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset")
        if charset is not None:
            if _codec(charset) != "utf-8":
                return self.refuse(request, UNDECODABLE)
            request.encoding = "utf-8"  # "utf8", "UTF-8": Django takes only the one spelling
        refusal = _refusal(request)
        if refusal is not None:
            return self.refuse(request, refusal)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            # the API's shape for a refusal (its FieldErrors)
            body = {"message": message, "errors": {"__all__": [message]}}
            return JsonResponse(body, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
