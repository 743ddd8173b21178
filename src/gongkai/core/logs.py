"""The application log: each line written during a request names the request, and nothing in it
reads as personal data.

`RequestIdMiddleware` gives every request an id (the one the proxy sent when it looks like one)
and binds the request here; `RequestContext` adds " [id METHOD /path]" to each line written while
it runs, and the user id to an error's line. The 500 page shows the same id, so that a user who
quotes it leads to the traceback. Loaded by settings.LOGGING before the apps: no models here.
"""

import logging
import os
import re
import uuid
from contextvars import ContextVar, Token
from pathlib import Path
from typing import Any

from .privacy import apply_masks, scan

FORMAT = "%(asctime)s %(levelname)s %(name)s%(context)s %(message)s"
# The loggers whose lines an operator needs: ours, and Django's unhandled errors.
LOGGERS = ("gongkai", "django.request")

# A proxy's or load balancer's id (nginx $request_id, a UUID): letters, digits, - _ . only, so
# that a forged header cannot start a new line or carry markup into the log.
_INCOMING = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
_request: ContextVar[Any] = ContextVar("gongkai_request", default=None)


def request_id_for(incoming: str | None) -> str:
    if incoming and _INCOMING.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def bind(request: Any) -> Token:
    return _request.set(request)


def unbind(token: Token) -> None:
    _request.reset(token)


def _user_id(request: Any) -> str:
    try:
        user = request.user
        return str(user.pk) if user.is_authenticated else "-"
    except Exception:  # the session or the database may be what failed
        return "?"


class RequestContext(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = _request.get()
        if request is None:
            record.context = ""
            return True
        context = f"{request.request_id} {request.method} {request.path}"
        # Only an error's line asks who was signed in: asking loads the session, which a
        # request that never needed it (a health check) should not do for an informational line.
        if record.levelno >= logging.ERROR:
            context += f" user={_user_id(request)}"
        record.context = f" [{context}]"
        return True


class PrivateFormatter(logging.Formatter):
    """Masks what the privacy scanner finds in the whole line, traceback included: an error's
    message may quote a value a user typed."""

    def __init__(self, fmt: str = FORMAT, *args: Any, **kwargs: Any) -> None:
        super().__init__(fmt, *args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return apply_masks(text, scan(text))


def log_to_file(path: Path) -> logging.Handler:
    """Also write the application log to `path` (the demo's var/log/), for its owner only."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(PrivateFormatter())
    handler.addFilter(RequestContext())
    for name in LOGGERS:
        logging.getLogger(name).addHandler(handler)
    return handler
