"""索引号 stay unique and gap-free when two processes publish for one issuer at the same time."""

import multiprocessing

import pytest
from django.db import connection, connections
from django.utils import timezone

from gongkai.core.models import Sequence
from gongkai.publishing.models import Document
from gongkai.publishing.rules import parse_index_no

from . import factories

PER_PROCESS = 50


def _publish_all(ids: list[int], barrier, errors) -> None:
    from gongkai.orgs.models import User
    from gongkai.publishing.services import document_import

    try:
        barrier.wait(timeout=30)
        office = User.objects.get(username="office")
        for pk in ids:
            document_import(actor=office, document=Document.objects.get(pk=pk))
    except Exception as error:  # reported to the parent, which fails the test
        errors.put(repr(error))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_processes_publishing_at_once_get_distinct_consecutive_numbers(district):
    drafts = [
        factories.document(district.education, publish=False).pk for _ in range(2 * PER_PROCESS)
    ]
    connections.close_all()  # children must open their own connections
    ctx = multiprocessing.get_context("fork")
    barrier, errors = ctx.Barrier(2), ctx.Queue()
    workers = [
        ctx.Process(target=_publish_all, args=(drafts[i::2], barrier, errors)) for i in range(2)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    assert errors.empty(), errors.get()

    year = timezone.localtime().year
    serials = sorted(
        parse_index_no(n)[2]
        for n in Document.objects.filter(pk__in=drafts).values_list("index_no", flat=True)
    )
    assert serials == list(range(1, 2 * PER_PROCESS + 1))
    assert (
        Sequence.objects.get(key=f"index_no:{district.education.pk}:{year}").last == 2 * PER_PROCESS
    )
    print(f"{connection.vendor}: {len(serials)} numbers from two processes, no gap, no repeat")
