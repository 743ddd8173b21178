"""Property-based: whatever a query string holds, no page answers with a server error.

Every GET parameter of the public pages (the portal, disclosure on request, enforcement) and
of the staff pages that read one, each drawn from text of any script, numbers of any size and
the values a hostile test tried by hand. Runs on SQLite and PostgreSQL (which refuses a NUL in
text), derandomised so that CI sees the same examples every time."""

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.foi.forms import CONSULTATIONS, DeadlineForm
from gongkai.publishing.selectors import DocumentFilters
from gongkai.publishing.tests import factories

pytestmark = pytest.mark.django_db

FILTERS = [f.name for f in dataclasses.fields(DocumentFilters)]
PUBLIC = {
    "/documents/": ["page", *FILTERS],
    "/search/": ["q", "page", "sort", *FILTERS],
    "/foi/status/": ["no"],
    "/foi/deadline/": [
        *DeadlineForm.base_fields,
        *(
            f"consultation_{i}_{end}"
            for i in range(1, CONSULTATIONS + 1)
            for end in ("start", "end")
        ),
    ],
    "/enforcement/": ["kind", "page"],
}
STAFF = {
    "/staff/": ["status", "page"],
    "/staff/foi/": ["state", "due", "q", "page"],
    "/staff/foi/statistics/": ["year"],
    "/staff/reports/statistics/": ["year"],
    "/staff/enforcement/": ["page"],
    "/staff/notifications/": ["page"],
}
TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e9",
    "²",
    "１２",
    "٣",
    "߃",
    "99999",
    "9" * 40,
    "\x00",
    "a\x00b",
    "\u200b",
    "\ufffd",
    "%",
    "'; --",
    "<script>",
    "政务公开",
    "政" * 300,
    "2026-06-01",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "on",
    "true",
    "relevance",
    "date",
    "overdue",
    "\U0001f600",
]
VALUES = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=30),
    st.integers().map(str),
    st.dates().map(str),
)
FUZZ = settings(
    max_examples=80,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def queries(names: list[str]):
    return st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names))


@pytest.fixture
def published(district, index_now):
    factories.document(
        district.education,
        actor=district.users["office"],
        title="政务公开工作要点",
        body="推进公开。",
    )
    index_now()


@pytest.mark.parametrize("path", PUBLIC)
@FUZZ
@given(data=st.data())
def test_no_public_page_fails_on_its_query_string(client, published, path, data):
    query = data.draw(queries(PUBLIC[path]), label="query")
    assert client.get(path, query).status_code < 500


@pytest.mark.parametrize("path", STAFF)
@FUZZ
@given(data=st.data())
def test_no_staff_page_fails_on_its_query_string(client, district, published, path, data):
    client.force_login(district.users["office"])
    query = data.draw(queries(STAFF[path]), label="query")
    assert client.get(path, query).status_code < 500
