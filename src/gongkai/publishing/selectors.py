"""Reads of published information for the portal, the API and staff pages."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Max, Min, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString

from gongkai.calendar.workdays import due_soon_limit
from gongkai.core.actors import Automatic
from gongkai.core.web import MAX_PAGE, PAGE_SIZE, int_param
from gongkai.orgs.models import Membership, Unit, User
from gongkai.orgs.permissions import Action, holds
from gongkai.search.documents import SearchRequest
from gongkai.search.highlight import snippet_html
from gongkai.search.query import ParsedQuery, QueryError, parse_query
from gongkai.search.registry import backend

from . import taxonomy
from .findings import unresolved_findings
from .models import (
    CatalogueItem,
    Document,
    DocumentAction,
    DocumentEvent,
    DocumentKind,
    ReviewStage,
)
from .rules import DEFAULT_CHAIN, Status

TOPIC_CODES = {code for code, _ in taxonomy.TOPICS}
GENRE_CODES = {code for code, _ in taxonomy.GENRES}
VALIDITY_CODES = {code for code, _ in taxonomy.VALIDITY}
KIND_CODES = set(DocumentKind.values)


@dataclass(frozen=True)
class DocumentFilters:
    issuer: int | None = None
    topic: str | None = None
    genre: str | None = None
    year: int | None = None
    validity: str | None = None
    kind: str | None = None
    catalogue: str | None = None

    @classmethod
    def from_params(cls, params) -> "DocumentFilters":
        """Filters from a query string; values that are not valid choices are ignored."""

        def pick(name: str, allowed: set[str]) -> str | None:
            value = params.get(name) or None
            return value if value in allowed else None

        return cls(
            issuer=int_param(params, "issuer", 1, 10**12, None),
            topic=pick("topic", TOPIC_CODES),
            genre=pick("genre", GENRE_CODES),
            year=int_param(params, "year", 1949, 2100, None),
            validity=pick("validity", VALIDITY_CODES),
            kind=pick("kind", KIND_CODES),
            catalogue=(params.get("catalogue") or "")[:20] or None,
        )

    def active(self) -> dict[str, str | int]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def document_list_public(*, filters: DocumentFilters) -> QuerySet[Document]:
    qs = Document.objects.published().select_related("issuer").order_by("-published_at", "-pk")
    if filters.issuer:
        qs = qs.filter(issuer_id=filters.issuer)
    for name in ("topic", "genre", "validity", "kind"):
        if value := getattr(filters, name):
            qs = qs.filter(**{name: value})
    if filters.year:
        tz = timezone.get_current_timezone()
        start = datetime(filters.year, 1, 1, tzinfo=tz)
        qs = qs.filter(
            published_at__gte=start, published_at__lt=start.replace(year=filters.year + 1)
        )
    if filters.catalogue:
        qs = qs.filter(catalogue_item__code__startswith=filters.catalogue)
    return qs.defer("body")


def document_get_public(*, pk: int) -> Document:
    try:
        return (
            Document.objects.published()
            .select_related("issuer", "catalogue_item", "interprets")
            .get(pk=pk)
        )
    except Document.DoesNotExist:
        raise Http404("没有找到该信息，它可能尚未发布或已撤下。") from None


def interpretations_of(document: Document) -> list[Document]:
    """The published interpretations of a document, oldest first. Fetched by the interprets key
    and narrowed here: asked for status and order too, SQLite (without statistics) walks the
    (status, published_at) index over every published document instead."""
    found = document.interpretations.select_related("issuer").order_by()
    published = [d for d in found if d.status == Status.PUBLISHED]
    return sorted(published, key=lambda d: d.published_at)


@dataclass
class CatalogueNode:
    item: CatalogueItem
    count: int
    children: list["CatalogueNode"] = field(default_factory=list)


def catalogue_tree() -> list[CatalogueNode]:
    """The 主动公开目录 with the number of published documents under each item."""
    counts = dict(
        Document.objects.published()
        .filter(catalogue_item__isnull=False)
        .values_list("catalogue_item")
        .annotate(n=Count("pk"))
        .order_by()
    )
    nodes = {i.pk: CatalogueNode(i, counts.get(i.pk, 0)) for i in CatalogueItem.objects.all()}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.item.parent_id)
        (parent.children if parent else roots).append(node)
    for node in roots:
        node.count += sum(child.count for child in node.children)
    return roots


def issuer_choices() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).order_by("path")


def year_choices() -> list[int]:
    span = Document.objects.published().aggregate(
        first=Min("published_at"), last=Max("published_at")
    )
    if not span["first"]:
        return []
    first = timezone.localtime(span["first"]).year
    last = timezone.localtime(span["last"]).year
    return list(range(last, first - 1, -1))


@dataclass(frozen=True)
class SearchItem:
    document: Document
    title: SafeString  # both with the query terms marked
    snippet: SafeString


@dataclass
class SearchResults:
    query: ParsedQuery | None
    error: str | None = None
    total: int = 0
    page: int = 1
    pages: int = 0
    items: list["SearchItem"] = field(default_factory=list)
    broadened: bool = False  # no record had every term; showing records with any of them


def document_search(
    *,
    q: str | None,
    filters: DocumentFilters,
    page: int = 1,
    sort: str = "relevance",
    size: int = PAGE_SIZE,
) -> SearchResults:
    try:
        query = parse_query(q)
    except QueryError as error:
        return SearchResults(query=None, error=str(error))
    page = min(max(page, 1), MAX_PAGE)
    search_filters = {k: v for k, v in filters.active().items() if k != "catalogue"}
    request = SearchRequest(
        terms=query.terms,
        filters=search_filters,
        sort="date" if sort == "date" else "relevance",
        offset=(page - 1) * size,
        limit=size,
    )
    result = backend().search(request)
    broadened = False
    if result.total == 0 and len(query.terms) > 1:
        result = backend().search(SearchRequest(**{**request.__dict__, "match_all": False}))
        broadened = result.total > 0
    # By primary key alone: with a status condition too, SQLite may walk the status index over
    # every published row. An id the index still holds but the database no longer publishes is
    # skipped below.
    documents = Document.objects.select_related("issuer").in_bulk(
        [h.object_id for h in result.hits]
    )
    terms = list(query.terms)
    items = [
        SearchItem(d, snippet_html(d.title, terms, width=len(d.title)), snippet_html(d.body, terms))
        for d in (documents.get(h.object_id) for h in result.hits)
        if d is not None and d.is_published
    ]
    return SearchResults(
        query=query,
        total=result.total,
        page=page,
        pages=-(-result.total // size),
        items=items,
        broadened=broadened,
    )


def document_list_staff(*, user: User, status: str | None = None) -> QuerySet[Document]:
    qs = Document.objects.visible_to(user, Action.DOCUMENT_VIEW).select_related("issuer")
    if status in set(Status):
        qs = qs.filter(status=status)
    return qs.defer("body").order_by("-updated_at", "-pk")


UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED)


def art26_pending(documents: QuerySet[Document], until: date) -> QuerySet[Document]:
    """Proactive information not yet public whose Art. 26 deadline falls on or before `until`."""
    return documents.filter(status__in=UNPUBLISHED, publish_due__lte=until).order_by(
        "publish_due", "pk"
    )


def chain() -> list[ReviewStage]:
    stages = list(ReviewStage.objects.order_by("order"))
    if not stages:  # an installation that never set one up gets the default
        stages = [
            ReviewStage(order=o, name=n, role=r, secrecy_check=s) for o, n, r, s in DEFAULT_CHAIN
        ]
    return stages


def current_stage(document: Document) -> ReviewStage | None:
    stages = chain()
    if document.status != Status.IN_REVIEW or document.review_stage >= len(stages):
        return None
    return stages[document.review_stage]


# What puts a person's hand on the document in a round: they wrote, changed, masked, submitted
# or already approved it. A round runs from the last return or withdrawal to now.
AUTHORING = frozenset(
    {
        DocumentAction.CREATED,
        DocumentAction.UPDATED,
        DocumentAction.MASKED,
        DocumentAction.ATTACHMENT_ADDED,
        DocumentAction.ATTACHMENT_REMOVED,
        DocumentAction.SUBMITTED,
    }
)
ROUND_STARTS = frozenset({DocumentAction.RETURNED, DocumentAction.WITHDRAWN})


@dataclass(frozen=True)
class Hands:
    """Who may not approve the next step of a document: its drafter; whoever wrote, changed,
    masked or submitted it in this round, or a module named as its authors when it submitted
    (an annual report's editors); and, separately, who already approved a step of this round."""

    authors: frozenset[int]
    approvers: frozenset[int]

    def __contains__(self, user_id: object) -> bool:
        return user_id in self.authors or user_id in self.approvers


def hands_on(document: Document, events: list[DocumentEvent] | None = None) -> Hands:
    """From the document's log (pass `events` when they were prefetched for a list)."""
    log = list(document.events.all() if events is None else events)
    starts = [i for i, e in enumerate(log) if e.action in ROUND_STARTS]
    round_ = log[starts[-1] + 1 :] if starts else log
    authors = {document.created_by_id}
    approvers = set()
    for event in round_:
        if event.action in AUTHORING:
            authors.add(event.actor_id)
            authors.update(event.details.get("authors", []))
        elif event.action == DocumentAction.APPROVED:
            approvers.add(event.actor_id)
    return Hands(frozenset(authors - {None}), frozenset(approvers - {None}))


def review_refusal(
    actor: User | Automatic, document: Document, stage: ReviewStage, hands: Hands | None = None
) -> str | None:
    """Why the actor may not approve the document at `stage`; None when they may."""
    if not holds(actor, stage.role, document.issuer):
        return f"“{stage.name}”须由{stage.get_role_display()}审核"
    hands = hands or hands_on(document)
    user_id = getattr(actor, "pk", None)
    if user_id in hands.authors:
        return "不能审核自己起草、修改、遮盖或提交的文件"
    if user_id in hands.approvers:
        return "您已审核过本文件的其他环节：同一人只能审核一个环节"
    return None


@dataclass(frozen=True)
class Waiting:
    document: Document
    stage: ReviewStage
    reviewers: list[User]


@dataclass(frozen=True)
class ReviewBoard:
    waiting: list[Waiting]
    per_reviewer: list[tuple[User, int]]
    late: list[Document]
    due_soon: list[Document]
    blocked: list[tuple[Document, int]]


def review_board(*, user: User, today: date) -> ReviewBoard:
    """The office's view of the review chain: who each document waits for, what is past or near
    its Art. 26 deadline, and what the privacy guard holds back."""
    visible = Document.objects.visible_to(user, Action.DOCUMENT_VIEW).select_related("issuer")
    stages = chain()
    in_review = list(
        visible.filter(status=Status.IN_REVIEW)
        .prefetch_related("events")
        .order_by("updated_at", "pk")
    )
    members = list(Membership.objects.filter(user__is_active=True).select_related("unit", "user"))
    waiting = []
    for document in in_review:
        stage = stages[min(document.review_stage, len(stages) - 1)]
        excluded = hands_on(document, list(document.events.all()))
        reviewers = [
            m.user
            for m in members
            if m.role == stage.role
            and document.issuer.path.startswith(m.unit.path)
            and m.user_id not in excluded
        ]
        waiting.append(Waiting(document, stage, reviewers))
    load = Counter(u for w in waiting for u in {r.pk: r for r in w.reviewers}.values())
    soon = due_soon_limit(today)
    pending = list(art26_pending(visible, soon))
    held = visible.filter(status__in=UNPUBLISHED).prefetch_related("attachments", "overrides")
    return ReviewBoard(
        waiting=waiting,
        per_reviewer=sorted(load.items(), key=lambda item: (-item[1], item[0].username)),
        late=[d for d in pending if d.publish_due < today],
        due_soon=[d for d in pending if d.publish_due >= today],
        blocked=[(d, n) for d in held if (n := len(unresolved_findings(d)))],
    )
