"""Reads that must not grow with the library: the plans SQLite chooses for them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.publishing.models import DocumentKind
from gongkai.publishing.selectors import interpretations_of
from gongkai.publishing.tests import factories


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="a trap of SQLite's planner; PostgreSQL plans by statistics",
)
def test_a_documents_interpretations_are_fetched_by_their_key(district):
    doc = factories.document(district.education, genre="normative")
    reading = factories.document(
        district.education,
        kind=DocumentKind.INTERPRETATION,
        genre="interpretation",
        interprets=doc,
    )
    factories.document(
        district.education,
        kind=DocumentKind.INTERPRETATION,
        genre="interpretation",
        interprets=doc,
        publish=False,
    )
    with CaptureQueriesContext(connection) as queries:
        assert list(interpretations_of(doc)) == [reading]
    (query,) = queries.captured_queries
    plan = plan_of(query["sql"])
    # Without statistics SQLite walks the (status, published_at) index over every published
    # document to avoid a sort; the interprets key finds the few rows directly.
    assert "interprets" in plan and "status" not in plan, plan
