import pytest

from gongkai.publishing.models import DocumentKind
from gongkai.publishing.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(district, index_now):
    office = district.users["office"]
    doc = factories.document(
        district.education, actor=office, title="政务公开工作要点", body="推进依申请公开规范化。"
    )
    reading = factories.document(
        district.education,
        actor=office,
        title="工作要点解读",
        kind=DocumentKind.INTERPRETATION,
        genre="interpretation",
        interprets=doc,
    )
    index_now()
    return doc, reading


def test_search(client, published):
    doc, _ = published
    body = client.get("/api/v1/documents/search", {"q": "依申请公开"}).json()
    assert body["total"] == 1
    hit = body["results"][0]
    assert {k: hit[k] for k in ("title", "index_no", "issuer")} == {
        "title": doc.title,
        "index_no": doc.index_no,
        "issuer": "测试区教育局",
    }
    assert hit["url"].endswith(doc.get_absolute_url())
    assert "<mark>依申请公开</mark>" in hit["snippet"]
    assert hit["published_at"]


@pytest.mark.parametrize("q", ["", "!!!", "政" * 200])
def test_bad_queries_are_400_with_a_message(client, q, db):
    response = client.get("/api/v1/documents/search", {"q": q})
    assert response.status_code == 400 and response.json()["message"]


def test_document(client, published):
    doc, reading = published
    body = client.get(f"/api/v1/documents/{doc.pk}").json()
    assert body["index_no"] == doc.index_no and body["body"] == doc.body
    assert [i["title"] for i in body["interpretations"]] == ["工作要点解读"]
    back = client.get(f"/api/v1/documents/{reading.pk}").json()
    assert back["interprets"]["id"] == doc.pk


def test_unpublished_documents_are_404(client, district):
    draft = factories.document(district.education, actor=district.users["office"], publish=False)
    assert client.get(f"/api/v1/documents/{draft.pk}").status_code == 404


def test_openapi_schema_describes_the_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/documents/search" in schema["paths"]
    assert "/api/v1/documents/{document_id}" in schema["paths"]


def test_api_explorer_loads_nothing_from_outside(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in html.lower() and "swagger-ui-bundle.js" in html
