"""The JSON API (/api/v1/, OpenAPI at /api/v1/openapi.json, explorer at /api/v1/docs)."""

from datetime import date, datetime

from django.http import Http404, HttpRequest
from ninja import Field, NinjaAPI, Query, Schema, Status

from gongkai.publishing.selectors import DocumentFilters, document_get_public, document_search
from gongkai.search.query import MAX_QUERY_CHARS

from .inputs import FieldErrors, Input, refuse_in_chinese

api = NinjaAPI(
    title="公开平台接口",
    version="1",
    description="政府信息公开平台的开放接口：检索与读取已主动公开的政府信息。",
    urls_namespace="api",
)
refuse_in_chinese(api)


class SearchParams(Input):
    q: str = Field(json_schema_extra={"minLength": 1, "maxLength": MAX_QUERY_CHARS})
    issuer: int | None = None
    topic: str | None = None
    genre: str | None = None
    year: int | None = None
    validity: str | None = None
    kind: str | None = None
    sort: str = "relevance"
    page: int = 1


class SearchHit(Schema):
    id: int
    title: str
    url: str
    index_no: str
    issuer: str
    published_at: datetime
    snippet: str


class SearchOut(Schema):
    total: int
    page: int
    results: list[SearchHit]
    message: str | None = None


class Error(Schema):
    message: str


class Interpretation(Schema):
    id: int
    title: str
    url: str


class AttachmentOut(Schema):
    name: str
    size: int
    media_type: str
    url: str


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    index_no: str
    issuer: str
    topic: str
    genre: str
    doc_no: str
    written_on: date | None
    published_at: datetime
    validity: str
    body: str
    interprets: Interpretation | None
    interpretations: list[Interpretation]
    attachments: list[AttachmentOut]


def _abs(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


@api.get(
    "/documents/search",
    response={200: SearchOut, 400: Error, 422: FieldErrors},
    summary="检索已公开的政府信息",
    description="按 BM25 排序；snippet 为 HTML，命中词以 <mark> 标出，其余内容已转义。",
)
def search_documents(request: HttpRequest, params: Query[SearchParams]):
    filters = DocumentFilters.from_params(
        {k: str(v) for k, v in params.dict().items() if v is not None}
    )
    results = document_search(q=params.q, filters=filters, page=params.page, sort=params.sort)
    if results.error:
        return Status(400, {"message": results.error})
    return {
        "total": results.total,
        "page": results.page,
        "message": "没有同时包含全部检索词的结果，以下结果包含部分检索词。"
        if results.broadened
        else None,
        "results": [
            {
                "id": i.document.pk,
                "title": i.document.title,
                "url": _abs(request, i.document.get_absolute_url()),
                "index_no": i.document.index_no,
                "issuer": i.document.issuer.name,
                "published_at": i.document.published_at,
                "snippet": str(i.snippet),
            }
            for i in results.items
        ],
    }


@api.get(
    "/documents/{document_id}",
    response={200: DocumentOut, 404: Error, 422: FieldErrors},
    summary="读取一条政府信息",
)
def get_document(request: HttpRequest, document_id: int):
    try:
        d = document_get_public(pk=document_id)
    except Http404 as error:
        return Status(404, {"message": str(error)})

    def link(doc):
        return {"id": doc.pk, "title": doc.title, "url": _abs(request, doc.get_absolute_url())}

    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "url": _abs(request, d.get_absolute_url()),
        "index_no": d.index_no,
        "issuer": d.issuer.name,
        "topic": d.get_topic_display(),
        "genre": d.get_genre_display(),
        "doc_no": d.doc_no,
        "written_on": d.written_on,
        "published_at": d.published_at,
        "validity": d.get_validity_display(),
        "body": d.body,
        "interprets": link(d.interprets) if d.interprets and d.interprets.is_published else None,
        "interpretations": [link(i) for i in d.interpretations.published()],
        "attachments": [
            {
                "name": a.original_name,
                "size": a.size,
                "media_type": a.media_type,
                "url": _abs(request, a.get_absolute_url()),
            }
            for a in d.attachments.all()
        ],
    }


from .foi import router as foi_router  # noqa: E402

api.add_router("/foi", foi_router)
