"""What the walk of every service (test_service_walk) calls each writing service with: one
scenario per service, built with the district of the shared fixtures on a fixed day."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Model

from gongkai.core.actors import Actor

# The walk's clock: a Monday and a working day, as the module's fixture sets it.
TODAY = date(2026, 6, 1)
NOW = "2026-06-01 10:00 +0800"


def _itself(result: Any) -> Model:
    return result


@dataclass
class Step:
    """A service's arguments, built and ready: the actor allowed to take it and the rest.
    `subject` finds, from what the service returns, the record whose log must grow: the service
    may create it, so it is not always known beforehand."""

    actor: Actor
    arguments: dict[str, Any]
    subject: Callable[[Any], Model] = field(default=_itself)
