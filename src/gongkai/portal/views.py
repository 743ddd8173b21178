from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.core.web import download, page_number, page_of
from gongkai.orgs.permissions import Action, can
from gongkai.publishing import taxonomy
from gongkai.publishing.models import Attachment, DocumentKind
from gongkai.publishing.selectors import (
    DocumentFilters,
    catalogue_tree,
    document_get_public,
    document_list_public,
    document_search,
    interpretations_of,
    issuer_choices,
    year_choices,
)

from .middleware import ELDER_COOKIE

TOPIC_NAMES = dict(taxonomy.TOPICS)


def _filter_context(filters: DocumentFilters) -> dict:
    return {
        "filters": filters,
        "issuers": issuer_choices(),
        "topics": taxonomy.TOPICS,
        "genres": taxonomy.GENRES,
        "validities": taxonomy.VALIDITY,
        "kinds": DocumentKind.choices,
        "years": year_choices(),
    }


def home(request: HttpRequest) -> HttpResponse:
    everything = DocumentFilters()
    latest = document_list_public(filters=everything).filter(kind=DocumentKind.DOCUMENT)[:10]
    interpretations = document_list_public(filters=DocumentFilters(kind="interpretation"))[:6]
    return render(
        request,
        "portal/home.html",
        {
            "latest": latest,
            "interpretations": interpretations,
            "catalogue": catalogue_tree(),
        },
    )


def catalogue(request: HttpRequest) -> HttpResponse:
    topic_counts = dict(
        document_list_public(filters=DocumentFilters())
        .values_list("topic")
        .annotate(n=Count("pk"))
        .order_by()
    )
    issuer_counts = dict(
        document_list_public(filters=DocumentFilters())
        .values_list("issuer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return render(
        request,
        "portal/catalogue.html",
        {
            "catalogue": catalogue_tree(),
            "topics": [(code, name, topic_counts.get(code, 0)) for code, name in taxonomy.TOPICS],
            "issuers": [(u, issuer_counts.get(u.pk, 0)) for u in issuer_choices()],
        },
    )


def document_list(request: HttpRequest) -> HttpResponse:
    filters = DocumentFilters.from_params(request.GET)
    page = page_of(document_list_public(filters=filters), request.GET)
    return render(request, "portal/document_list.html", {"page": page, **_filter_context(filters)})


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_get_public(pk=pk)
    return render(
        request,
        "portal/document_detail.html",
        {
            "document": document,
            "attachments": document.attachments.all(),
            "interpretations": interpretations_of(document),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    filters = DocumentFilters.from_params(request.GET)
    q = request.GET.get("q")
    sort = request.GET.get("sort", "relevance")
    results = None
    if q is not None:
        results = document_search(q=q, filters=filters, page=page_number(request.GET), sort=sort)
    return render(
        request,
        "portal/search.html",
        {
            "q": q or "",
            "sort": sort,
            "results": results,
            **_filter_context(filters),
        },
    )


def attachment_download(request: HttpRequest, uuid) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("document__issuer"), uuid=uuid)
    document = attachment.document
    if not document.is_published and not can(request.user, Action.DOCUMENT_VIEW, document.issuer):
        raise Http404("附件不存在")
    response = download(
        attachment.file.open("rb"),
        attachment.original_name,
        attachment.media_type,
        attachment=attachment.media_type.startswith("application/"),
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    response = redirect(target)
    if request.POST.get("on") == "1":
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(ELDER_COOKIE)
    return response
