"""When each scheduled job last ran to the end (see JobRun)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone

from .models import JobRun


@contextmanager
def recorded(name: str) -> Iterator[None]:
    """Record the run of job `name` when the block ends without an error."""
    yield
    JobRun.objects.update_or_create(name=name, defaults={"finished_at": timezone.now()})


def last_runs() -> dict[str, datetime]:
    return dict(JobRun.objects.values_list("name", "finished_at"))
