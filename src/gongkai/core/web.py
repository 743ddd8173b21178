"""The shared web layer: what every module's views need once.

`int_param` reads a number from a query string, `page_of` pages a list, `download` sends a file,
and `show_refusal` shows a service's refusal — on the form, next to the field it concerns, or as
a message on the page the view redirects to. `server_error` is the 500 page.
"""

import re
from collections.abc import Callable, Mapping
from io import BytesIO
from pathlib import PurePath
from typing import IO, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

from .ingest import FORMATS
from .refusals import Refusal
from .text import strip_invisible, visible

PAGE_SIZE = 20
# Deep pages are for crawlers, not people; the search and the filters are.
MAX_PAGE = 500

# str.isdigit() and int() also take "²", "１２" and "٣", and not all the same ones: a number in a
# query string is ASCII digits, and short enough that int() never works hard on it.
ASCII_NUMBER = re.compile(r"[0-9]{1,18}")

Default = TypeVar("Default")


def int_param(
    params: Mapping[str, object], name: str, low: int, high: int, default: Default
) -> int | Default:
    """The whole number `params[name]`, written in ASCII digits, from `low` to `high`; anything
    else, or no such parameter, gives `default`. Every number a view reads from a query string
    is read here."""
    value = params.get(name)
    if isinstance(value, str) and ASCII_NUMBER.fullmatch(value):
        number = int(value)
        if low <= number <= high:
            return number
    return default


def page_number(params: Mapping[str, object]) -> int:
    """The page `params["page"]` asks for: the first when it is not a page number, the last
    allowed when it is beyond."""
    return min(int_param(params, "page", 1, 10**18 - 1, 1), MAX_PAGE)


def page_of(items, params: Mapping[str, object], size: int = PAGE_SIZE) -> Page:
    """The page of `items` that `params` asks for (`page_number`)."""
    return Paginator(items, size).get_page(page_number(params))


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


class VisibleText:
    """A form's text fields lose what shows nothing at their ends (zero-width spaces, BOMs,
    fillers: str.strip() keeps them), and a text that shows nothing at all is no text — refused
    where the field is required."""

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            value = data.get(name)
            if not isinstance(field, forms.CharField) or not isinstance(value, str):
                continue
            value = strip_invisible(value) if visible(value) else ""
            if value or not field.required:
                data[name] = value
            else:
                self.add_error(name, field.error_messages["required"])
        return data


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
