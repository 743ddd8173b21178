"""The scheduled jobs record when they last ran to the end, for the health check."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.core.jobs import last_runs

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("job", ["remind", "publish_scheduled"])
def test_a_job_that_ran_says_when(job, district):
    assert job not in last_runs()
    call_command(job, stdout=StringIO())
    assert timezone.now() - last_runs()[job] < timedelta(seconds=5)


def test_a_job_that_failed_keeps_its_last_good_run(district, monkeypatch):
    call_command("remind", stdout=StringIO())
    before = last_runs()["remind"]

    def fail(today):
        raise RuntimeError("mail server down")

    monkeypatch.setattr("gongkai.core.management.commands.remind.remind_all", fail)
    with pytest.raises(RuntimeError):
        call_command("remind", stdout=StringIO())
    assert last_runs()["remind"] == before
