"""The API against its own OpenAPI document, in-process through the WSGI application: requests
built from the document, valid and not, and not one answer a server error, an undocumented
status or a body the document does not describe."""

import json

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai.api.api import api
from gongkai.api.foi import ApplicationIn
from gongkai.foi.tests import factories as foi_factories
from gongkai.publishing.tests import factories
from gongkai.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

# The document /api/v1/openapi.json serves (checked below), built without a request: the test
# database does not exist yet while tests are collected.
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema()))
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = application


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Django closes the database connection when a request ends; its test client stops that,
    and so does this, for the requests schemathesis makes through the WSGI application."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def published(district, index_now, wsgi_in_the_test_transaction):
    office = district.users["office"]
    factories.document(district.education, actor=office, title="政务公开工作要点", body="推进。")
    index_now()


def test_the_fuzzed_document_is_the_served_one(client, db):
    assert client.get("/api/v1/openapi.json").json() == DOCUMENT


@schema.parametrize()
@settings(
    max_examples=50,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_document(case, published):
    cache.clear()  # the rate limits would otherwise answer most requests after the first few
    case.call_and_validate(checks=CHECKS)


# -- every field of an application, by hand-written strategies -----------------------------------
TEXT = st.text(alphabet=st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=40)
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\u200b",
        "张\ud800三",
        "１３８００００００００",
        "٣",
        "9" * 5000,
        "政" * 3000,
    ]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT | TRICKY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
FIELDS = list(ApplicationIn.model_fields)


@settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    # a field or two at a time, so that most bodies get past the form to the database
    changed=st.dictionaries(st.sampled_from(FIELDS), TRICKY | JSON, max_size=2),
    dropped=st.sets(st.sampled_from(FIELDS), max_size=1),
)
def test_no_application_body_is_a_server_error(client, district, changed, dropped):
    cache.clear()
    valid = {**foi_factories.APPLICANT, "receiver": district.gov.pk}
    body = {k: v for k, v in {**valid, **changed}.items() if k not in dropped}
    raw = json.dumps(body, ensure_ascii=True)  # a lone surrogate travels escaped, as "\ud800"
    response = client.post("/api/v1/foi/applications", raw, content_type="application/json")
    assert response.status_code in (200, 201, 400, 422), response.content
