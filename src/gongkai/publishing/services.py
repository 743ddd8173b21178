"""Writes for published information: each is atomic, records one event, and tells search."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.core.services import sequence_next, store_upload
from gongkai.orgs.models import Unit, User
from gongkai.orgs.permissions import Action, require
from gongkai.search.services import search_touch

from .models import Attachment, Document, DocumentEvent, DocumentKind
from .rules import Status, Transition, format_index_no, next_status

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
    "keywords",
    "interprets",
    "body",
)


def _record(document: Document, actor: User | None, action: str, reason: str = "", **details: Any):
    DocumentEvent.objects.create(
        document=document, actor=actor, action=action, reason=reason, details=details
    )


def _touch(document: Document) -> None:
    search_touch(entity=SEARCH_ENTITY, ids=[document.pk])


def _validate_links(document: Document) -> None:
    target = document.interprets
    if target is None:
        return
    if document.kind != DocumentKind.INTERPRETATION:
        raise ValidationError({"interprets": "只有政策解读可以关联被解读的文件"})
    if target.kind != DocumentKind.DOCUMENT or target.pk == document.pk:
        raise ValidationError({"interprets": "被解读的应当是一份政府信息文件"})


@transaction.atomic
def document_create(*, actor: User | None, issuer: Unit, **fields: Any) -> Document:
    if actor is not None:
        require(actor, Action.DOCUMENT_EDIT, issuer)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    document = Document(issuer=issuer, created_by=actor, **fields)
    document.full_clean(exclude=["index_no"])
    _validate_links(document)
    document.save()
    _record(document, actor, "created", title=document.title)
    _touch(document)
    return document


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@transaction.atomic
def document_update(
    *, actor: User | None, document: Document, reason: str = "", **changes: Any
) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    if actor is not None:
        require(actor, Action.DOCUMENT_EDIT, document.issuer)
        if "issuer" in changes:
            require(actor, Action.DOCUMENT_EDIT, changes["issuer"])
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    changed = {}
    for name, value in changes.items():
        old = getattr(document, name)
        if old != value:
            changed[name] = {"from": _plain(old), "to": _plain(value)}
            setattr(document, name, value)
    if not changed:
        return document
    document.full_clean()
    _validate_links(document)
    document.save()
    _record(document, actor, "updated", reason, changes=changed)
    _touch(document)
    return document


def index_no_key(issuer_id: int, year: int) -> str:
    return f"index_no:{issuer_id}:{year}"


@transaction.atomic
def document_publish(
    *, actor: User | None, document: Document, at: datetime | None = None
) -> Document:
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("issuer")
        .get(pk=document.pk)
    )
    if actor is not None:
        require(actor, Action.DOCUMENT_PUBLISH, document.issuer)
    document.status = next_status(Status(document.status), Transition.PUBLISH)
    document.published_at = at or document.published_at or timezone.now()
    if not document.index_no:
        year = timezone.localtime(document.published_at).year
        serial = sequence_next(index_no_key(document.issuer_id, year))
        document.index_no = format_index_no(document.issuer.code, year, serial)
    document.save(update_fields=["status", "published_at", "index_no", "updated_at"])
    _record(document, actor, "published", index_no=document.index_no)
    _touch(document)
    return document


@transaction.atomic
def document_withdraw(*, actor: User | None, document: Document, reason: str) -> Document:
    if not reason.strip():
        raise ValidationError({"reason": "撤下文件须说明理由"})
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("issuer")
        .get(pk=document.pk)
    )
    if actor is not None:
        require(actor, Action.DOCUMENT_WITHDRAW, document.issuer)
    document.status = next_status(Status(document.status), Transition.WITHDRAW)
    document.save(update_fields=["status", "updated_at"])
    _record(document, actor, "withdrawn", reason)
    _touch(document)
    return document


@transaction.atomic
def attachment_add(*, actor: User | None, document: Document, upload: UploadedFile) -> Attachment:
    if actor is not None:
        require(actor, Action.DOCUMENT_EDIT, document.issuer)
    attachment = Attachment(document=document, original_name=(upload.name or "附件")[-255:])
    result = store_upload(attachment, upload)
    attachment.text = result.text
    attachment.save()
    _record(
        document, actor, "attachment_added", name=attachment.original_name, sha256=result.sha256
    )
    _touch(document)
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User | None, attachment: Attachment) -> None:
    document = attachment.document
    if actor is not None:
        require(actor, Action.DOCUMENT_EDIT, document.issuer)
    name = attachment.original_name
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))
    _record(document, actor, "attachment_removed", name=name)
    _touch(document)
