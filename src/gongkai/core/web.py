"""The shared web layer: what every module's views need once.

`page_of` pages a list, `download` sends a file, and `show_refusal` shows a service's refusal —
on the form, next to the field it concerns, or as a message on the page the view redirects to.
`server_error` is the 500 page.
"""

from collections.abc import Callable
from io import BytesIO
from pathlib import PurePath
from typing import IO

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

from .ingest import FORMATS
from .refusals import Refusal

PAGE_SIZE = 20
# Deep pages are for crawlers, not people; the search and the filters are.
MAX_PAGE = 500


def page_of(items, number: str | int | None, size: int = PAGE_SIZE) -> Page:
    """One page of `items`; a page number that is not one gives the first page."""
    try:
        n = int(number or 1)
    except ValueError:
        n = 1
    return Paginator(items, size).get_page(min(max(n, 1), MAX_PAGE))


MEDIA_TYPES = {d.extension: d.media_type for d in FORMATS.values()} | {".zip": "application/zip"}


def download(
    content: bytes | IO[bytes],
    name: str,
    media_type: str | None = None,
    *,
    attachment: bool = True,
) -> FileResponse:
    """Send bytes the platform made, or a stored file, under `name` (a name, never a path); the
    media type follows the name's extension unless given."""
    source = BytesIO(content) if isinstance(content, bytes) else content
    kind = media_type or MEDIA_TYPES[PurePath(name).suffix.lower()]
    return FileResponse(source, as_attachment=attachment, filename=name, content_type=kind)


Refused = Refusal | ValidationError
# What a service raises when it says no: `except REFUSED` in a view, then `show_refusal`.
REFUSED = (Refusal, ValidationError)


def refusal_messages(error: Refused) -> list[tuple[str | None, str]]:
    """(field or None, message) for each thing the refusal says."""
    if isinstance(error, Refusal):
        return [(error.field, str(error))]
    if hasattr(error, "error_dict"):
        return [
            (None if field == NON_FIELD_ERRORS else field, message)
            for field, found in error.message_dict.items()
            for message in found
        ]
    return [(None, message) for message in error.messages]


def show_refusal(
    error: Refused,
    *,
    form: forms.Form | None = None,
    request: HttpRequest | None = None,
    what: str = "",
    fields: dict[str, str] | None = None,
) -> None:
    """Show a refusal where the person will read it: on `form`, or on the next page of `request`.

    On a form each message goes to its field (`fields` renames a service's field to the form's;
    a field the form lacks goes above the form). On a page the messages become one message,
    headed by `what` was not done ("撤下未完成：…").
    """
    found = refusal_messages(error)
    if form is not None:
        renames = fields or {}
        for field, message in found:
            target = renames.get(field, field) if field is not None else None
            form.add_error(target if target in form.fields else None, message)
        return
    if request is None:
        raise TypeError("show_refusal needs a form or a request")
    text = "；".join(message for _, message in found)
    messages.error(request, f"{what}未完成：{text}" if what else text)


def show_invalid(form: forms.Form, *, request: HttpRequest, what: str = "") -> None:
    """The errors of a form posted from a page that does not show it again: one message on the
    next page, each error after its field's label."""
    parts = [
        f"{form.fields[name].label if name in form.fields else ''} {'；'.join(errors)}".strip()
        for name, errors in form.errors.items()
    ]
    show_refusal(ValidationError(parts), request=request, what=what)


def attempt(request: HttpRequest, run: Callable[[], object], *, done: str, what: str = "") -> bool:
    """Run a service for a button: `done`, or the refusal (headed by `what`), is the message on
    the next page. True when it went through."""
    try:
        run()
    except REFUSED as error:
        show_refusal(error, request=request, what=what)
        return False
    messages.success(request, done)
    return True


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the request id a user can quote. It is rendered without the request's
    context, which reads the database: the database may be what failed."""
    html = render_to_string("500.html", {"request_id": getattr(request, "request_id", "")})
    return HttpResponseServerError(html)
