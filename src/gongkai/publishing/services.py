"""Writes for published information: each is atomic, records one event, and tells search."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.calendar.workdays import add_working_days
from gongkai.core.actors import Actor, user_of
from gongkai.core.periods import period
from gongkai.core.services import sequence_next, store_upload
from gongkai.orgs.models import Unit
from gongkai.orgs.permissions import Action, require
from gongkai.search.services import search_touch

from .findings import unresolved_findings
from .models import (
    Attachment,
    DisclosureMode,
    Document,
    DocumentAction,
    DocumentEvent,
    DocumentKind,
    DocumentVersion,
    NegativeListAction,
    NegativeListEvent,
    NegativeListItem,
)
from .rules import (
    Status,
    Transition,
    check_attribute,
    check_interpretation,
    format_index_no,
    next_status,
)

SEARCH_ENTITY = "document"

# In the order the staff form shows them.
EDITABLE_FIELDS = (
    "kind",
    "title",
    "issuer",
    "doc_no",
    "written_on",
    "topic",
    "genre",
    "validity",
    "catalogue_item",
    "disclosure_mode",
    "disclosure_ground",
    "negative_item",
    "formed_on",
    "publish_at",
    "keywords",
    "interprets",
    "body",
)
# States in which the content may change; a published document is withdrawn first, except for
# its validity (有效性), which changes when a document expires or is repealed.
EDITABLE_STATES = (Status.DRAFT, Status.WITHDRAWN)
LIVE_EDITS = frozenset({"validity"})


def touch(document: Document) -> None:
    """Tell search the document changed (in the same transaction as the change)."""
    search_touch(entity=SEARCH_ENTITY, ids=[document.pk])


def _derive(document: Document) -> None:
    """What follows from the fields: the Art. 26 due date, and whether the attribute holds."""
    problem = check_attribute(
        document.disclosure_mode, document.disclosure_ground, document.negative_item_id is not None
    )
    if problem:
        raise ValidationError({"disclosure_ground": problem})
    proactive = document.disclosure_mode == DisclosureMode.PROACTIVE
    document.publish_due = (
        add_working_days(document.formed_on, period("publishing.proactive").amount)
        if document.formed_on and proactive
        else None
    )


def _validate_links(document: Document) -> None:
    item = document.negative_item
    if item is not None and item.unit_id != document.issuer_id:
        raise ValidationError({"negative_item": "只能引用发布机构自己的负面清单事项"})
    target = document.interprets
    if target is None:
        return
    if document.kind != DocumentKind.INTERPRETATION:
        raise ValidationError({"interprets": "只有政策解读可以关联被解读的文件"})
    if target.kind != DocumentKind.DOCUMENT or target.pk == document.pk:
        raise ValidationError({"interprets": "被解读的应当是一份政府信息文件"})


@transaction.atomic
def document_create(*, actor: Actor, issuer: Unit, **fields: Any) -> Document:
    require(actor, Action.DOCUMENT_EDIT, issuer)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    document = Document(issuer=issuer, created_by=user_of(actor), **fields)
    document.full_clean(exclude=["index_no"])
    _validate_links(document)
    _derive(document)
    document.save()
    DocumentEvent.record(
        document, actor=actor, action=DocumentAction.CREATED, details={"title": document.title}
    )
    touch(document)
    return document


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


TEXT_FIELDS = ("title", "body")


@transaction.atomic
def document_update(
    *,
    actor: Actor,
    document: Document,
    reason: str = "",
    **changes: Any,
) -> Document:
    """Change a draft's fields. The earlier title and text are kept as a version; the log says
    which fields changed, and only for the short ones from what to what."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require(actor, Action.DOCUMENT_EDIT, document.issuer)
    if "issuer" in changes:
        require(actor, Action.DOCUMENT_EDIT, changes["issuer"])
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    changed = {n: v for n, v in changes.items() if getattr(document, n) != v}
    if not changed:
        return document
    if set(changed) - LIVE_EDITS:
        require_editable(document)
    log = {
        n: {"from": _plain(getattr(document, n)), "to": _plain(v)}
        for n, v in changed.items()
        if n not in TEXT_FIELDS
    }
    if text := [n for n in TEXT_FIELDS if n in changed]:
        log["text"] = {"fields": text, "version": _keep_version(document, actor)}
    for name, value in changed.items():
        setattr(document, name, value)
    document.full_clean()
    _validate_links(document)
    _derive(document)
    document.save()
    DocumentEvent.record(
        document,
        actor=actor,
        action=DocumentAction.UPDATED,
        reason=reason,
        details={"changes": log},
    )
    touch(document)
    return document


def require_editable(document: Document, *, field: str = "__all__", what: str = "修改内容") -> None:
    if document.status not in EDITABLE_STATES:
        raise ValidationError({field: f"审核中或已发布的文件不能{what}：请退回或撤下后修改"})


def _keep_version(document: Document, actor: Actor) -> int:
    number = document.versions.count() + 1
    DocumentVersion.objects.create(
        document=document,
        number=number,
        title=document.title,
        body=document.body,
        saved_by=user_of(actor),
    )
    return number


def index_no_key(issuer_id: int, year: int) -> str:
    return f"index_no:{issuer_id}:{year}"


def locked(document: Document) -> Document:
    return (
        Document.objects.select_for_update(of=("self",))
        .select_related("issuer")
        .get(pk=document.pk)
    )


def _go_live(document: Document, actor: Actor, at: datetime | None, action: str) -> Document:
    document.published_at = at or document.published_at or timezone.now()
    if not document.index_no:
        year = timezone.localtime(document.published_at).year
        serial = sequence_next(index_no_key(document.issuer_id, year))
        document.index_no = format_index_no(document.issuer.code, year, serial)
    document.save(update_fields=["status", "published_at", "index_no", "updated_at"])
    DocumentEvent.record(
        document, actor=actor, action=action, details={"index_no": document.index_no}
    )
    touch(document)
    return document


@transaction.atomic
def document_publish(*, actor: Actor, document: Document, at: datetime | None = None) -> Document:
    """Publish a document the review chain approved, if nothing blocks it: an unresolved
    finding of the privacy scanner, or a policy without its interpretation. The actor is the
    last approver, or SYSTEM at the set time; the approvals are what allowed it."""
    document = locked(document)
    document.status = next_status(Status(document.status), Transition.PUBLISH)
    problems = publication_blockers(document)
    if problems:
        raise ValidationError({"__all__": problems})
    return _go_live(document, actor, at, DocumentAction.PUBLISHED)


@transaction.atomic
def document_import(*, actor: Actor, document: Document, at: datetime | None = None) -> Document:
    """Record a document published before it came here (a migration from an old CMS): it was
    reviewed where it came from, so it goes live as it is, with an event saying so."""
    document = locked(document)
    require(actor, Action.DOCUMENT_IMPORT, document.issuer)
    document.status = next_status(Status(document.status), Transition.IMPORT)
    return _go_live(document, actor, at, DocumentAction.IMPORTED)


def publication_blockers(document: Document) -> list[str]:
    problems = []
    if document.disclosure_mode != DisclosureMode.PROACTIVE:
        problems.append(
            f"公开属性为“{document.get_disclosure_mode_display()}”的文件不在门户主动公开"
        )
    if findings := unresolved_findings(document):
        problems.append(
            f"隐私与保密检查发现 {len(findings)} 处未处理：请遮盖，或由审核人说明理由后放行"
        )
    interpreted = document.interpretations.exclude(status=Status.WITHDRAWN).exists()
    if gap := check_interpretation(
        document.genre, interpreted, bool(document.interpretation_exempt_reason)
    ):
        problems.append(gap)
    return problems


@transaction.atomic
def document_withdraw(*, actor: Actor, document: Document, reason: str) -> Document:
    if not reason.strip():
        raise ValidationError({"reason": "撤下文件须说明理由"})
    document = locked(document)
    require(actor, Action.DOCUMENT_WITHDRAW, document.issuer)
    document.status = next_status(Status(document.status), Transition.WITHDRAW)
    document.save(update_fields=["status", "updated_at"])
    DocumentEvent.record(document, actor=actor, action=DocumentAction.WITHDRAWN, reason=reason)
    touch(document)
    return document


@transaction.atomic
def attachment_add(*, actor: Actor, document: Document, upload: UploadedFile) -> Attachment:
    require(actor, Action.DOCUMENT_EDIT, document.issuer)
    require_editable(document, field="file", what="更改附件")
    attachment = Attachment(document=document, original_name=(upload.name or "附件")[-255:])
    result = store_upload(attachment, upload)
    attachment.text = result.text
    attachment.save()
    DocumentEvent.record(
        document,
        actor=actor,
        action=DocumentAction.ATTACHMENT_ADDED,
        details={"name": attachment.original_name, "sha256": result.sha256},
    )
    touch(document)
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment: Attachment) -> None:
    document = attachment.document
    require(actor, Action.DOCUMENT_EDIT, document.issuer)
    require_editable(document, field="file", what="更改附件")
    name = attachment.original_name
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))
    DocumentEvent.record(
        document, actor=actor, action=DocumentAction.ATTACHMENT_REMOVED, details={"name": name}
    )
    touch(document)


@transaction.atomic
def negative_item_add(*, actor: Actor, unit: Unit, matter: str, basis: str) -> NegativeListItem:
    require(actor, Action.NEGATIVE_LIST_EDIT, unit)
    item = NegativeListItem(
        unit=unit, matter=matter.strip(), basis=basis.strip(), created_by=user_of(actor)
    )
    item.full_clean()
    item.save()
    NegativeListEvent.record(
        item, actor=actor, action=NegativeListAction.ADDED, details={"basis": item.basis}
    )
    return item


@transaction.atomic
def negative_item_retire(*, actor: Actor, item: NegativeListItem, reason: str) -> NegativeListItem:
    require(actor, Action.NEGATIVE_LIST_EDIT, item.unit)
    if not reason.strip():
        raise ValidationError({"reason": "停用须说明理由"})
    if item.retired_at is not None:
        return item
    item.retired_at, item.retired_by, item.retired_reason = (
        timezone.now(),
        user_of(actor),
        reason.strip(),
    )
    item.save(update_fields=["retired_at", "retired_by", "retired_reason"])
    NegativeListEvent.record(
        item, actor=actor, action=NegativeListAction.RETIRED, reason=item.retired_reason
    )
    return item
