"""The review chain before publication (公开属性认定, 三审, 保密审查): submit, approve or return
at each step, settle the scanner's findings, exempt a policy from interpretation, and publish
what was approved — at once or at its set time."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import SYSTEM, Actor, user_of
from gongkai.core.privacy import apply_masks, scan
from gongkai.orgs.models import User
from gongkai.orgs.permissions import Action, holds, require

from . import services
from .findings import unresolved_findings
from .models import Document, DocumentAction, DocumentEvent, FindingOverride, ReviewStage
from .rules import SECRECY_CHECKLIST, Status, Transition, next_status
from .selectors import chain, current_stage, review_refusal


def _transition(document: Document, transition: Transition) -> None:
    document.status = next_status(Status(document.status), transition)


@transaction.atomic
def review_submit(*, actor: Actor, document: Document, authors: Iterable[User] = ()) -> Document:
    """Send the document up the chain. `authors`: people who wrote it elsewhere (an annual
    report's editors), who may then approve none of its steps in this round."""
    document = services.locked(document)
    require(actor, Action.DOCUMENT_EDIT, document.issuer)
    _transition(document, Transition.SUBMIT)
    # Reviewers should not spend a step on what the guard would stop at the end anyway.
    if unresolved := unresolved_findings(document):
        raise ValidationError(
            {
                "__all__": f"隐私与保密检查发现 {len(unresolved)} 处未处理：请先遮盖，"
                "或请审核人说明理由后放行，再提交审核"
            }
        )
    document.review_stage, document.submitted_by = 0, user_of(actor)
    document.save(update_fields=["status", "review_stage", "submitted_by", "updated_at"])
    named = sorted({u.pk for u in authors})
    DocumentEvent.record(
        document,
        actor=actor,
        action=DocumentAction.SUBMITTED,
        details={"authors": named} if named else None,
    )
    return document


def _may_review(actor: Actor, document: Document) -> ReviewStage:
    stage = current_stage(document)
    if stage is None:
        raise ValidationError({"__all__": "该文件不在审核中"})
    if refusal := review_refusal(actor, document, stage):
        raise PermissionDenied(refusal)
    return stage


@transaction.atomic
def review_approve(
    *,
    actor: Actor,
    document: Document,
    comment: str = "",
    checklist: dict | None = None,
    now: datetime | None = None,
) -> Document:
    """Approve the current step; after the last, publish at once or at the set time."""
    document = services.locked(document)
    stage = _may_review(actor, document)
    ticked = {k: bool((checklist or {}).get(k)) for k in SECRECY_CHECKLIST}
    if stage.secrecy_check and not all(ticked.values()):
        raise ValidationError({"checklist": "保密审查须逐项确认"})
    last = document.review_stage + 1 == len(chain())
    _transition(document, Transition.APPROVE_LAST if last else Transition.APPROVE)
    document.review_stage += 0 if last else 1
    document.save(update_fields=["status", "review_stage", "updated_at"])
    details = {"stage": stage.name, **({"checklist": ticked} if stage.secrecy_check else {})}
    DocumentEvent.record(
        document,
        actor=actor,
        action=DocumentAction.APPROVED,
        reason=comment.strip(),
        details=details,
    )
    now = now or timezone.now()
    if last and (document.publish_at is None or document.publish_at <= now):
        return services.document_publish(actor=actor, document=document)
    return document


@transaction.atomic
def review_return(*, actor: Actor, document: Document, comment: str) -> Document:
    if not comment.strip():
        raise ValidationError({"comment": "退回须写明意见"})
    document = services.locked(document)
    if document.status == Status.APPROVED:  # waiting for its time: the office may take it back
        require(actor, Action.DOCUMENT_TAKE_BACK, document.issuer)
        stage_name = "待发布"
    else:
        stage_name = _may_review(actor, document).name
    _transition(document, Transition.RETURN)
    document.review_stage = 0
    document.save(update_fields=["status", "review_stage", "updated_at"])
    DocumentEvent.record(
        document,
        actor=actor,
        action=DocumentAction.RETURNED,
        reason=comment.strip(),
        details={"stage": stage_name},
    )
    return document


def may_settle_findings(actor: Actor, document: Document) -> bool:
    """Reviewers of the document's unit and the openness office decide about findings."""
    return any(holds(actor, s.role, document.issuer) for s in chain())


@transaction.atomic
def finding_override(
    *, actor: Actor, document: Document, kind: str, text: str, reason: str
) -> FindingOverride:
    """Let a finding through, with the reviewer's reason (e.g. an official's public phone)."""
    if not may_settle_findings(actor, document):
        raise PermissionDenied("只有审核人可以放行")
    if not reason.strip():
        raise ValidationError({"reason": "放行须说明理由"})
    override, _ = FindingOverride.objects.update_or_create(
        document=document, kind=kind, text=text, defaults={"reason": reason.strip(), "by": actor}
    )
    DocumentEvent.record(
        document,
        actor=actor,
        action=DocumentAction.FINDING_OVERRIDDEN,
        reason=reason.strip(),
        details={"kind": kind, "text": text},
    )
    return override


@transaction.atomic
def findings_mask(*, actor: Actor, document: Document) -> Document:
    """Mask every finding in the title and text (140425********0024), in the earlier versions
    too, so that the number is kept nowhere, not even in the log; what is in attachments must
    be fixed in the file or let through."""
    document = services.locked(document)
    require(actor, Action.DOCUMENT_EDIT, document.issuer)
    services.require_editable(document)
    passed = set(document.overrides.values_list("kind", "text"))

    def masked(text: str) -> str:
        return apply_masks(text, [f for f in scan(text) if (f.kind.value, f.text) not in passed])

    versions = []
    for version in document.versions.all():
        if _mask_fields(version, masked):
            version.save(update_fields=["title", "body"])
            versions.append(version.number)
    fields = _mask_fields(document, masked)
    if not fields and not versions:
        return document
    document.save(update_fields=[*fields, "updated_at"])
    DocumentEvent.record(
        document,
        actor=actor,
        action=DocumentAction.MASKED,
        reason="遮盖个人信息和密级标志",
        details={"fields": fields, "versions": versions},
    )
    services.touch(document)
    return document


def _mask_fields(record, masked) -> list[str]:
    """Mask the record's title and text in place; the names of the fields that changed."""
    changed = []
    for name in services.TEXT_FIELDS:
        value = getattr(record, name)
        if masked(value) != value:
            setattr(record, name, masked(value))
            changed.append(name)
    return changed


@transaction.atomic
def interpretation_exempt(*, actor: Actor, document: Document, reason: str) -> Document:
    """The office records why a policy is published without an interpretation."""
    require(actor, Action.INTERPRETATION_EXEMPT, document.issuer)
    if not reason.strip():
        raise ValidationError({"reason": "须说明免于解读的理由"})
    document = services.locked(document)
    document.interpretation_exempt_reason = reason.strip()
    document.save(update_fields=["interpretation_exempt_reason", "updated_at"])
    DocumentEvent.record(
        document, actor=actor, action=DocumentAction.INTERPRETATION_EXEMPTED, reason=reason.strip()
    )
    return document


def publish_scheduled(
    now: datetime | None = None,
) -> tuple[list[Document], list[tuple[Document, str]]]:
    """Publish every approved document whose set time has come (run every few minutes). Returns
    what was published and what is held back, with why."""
    now = now or timezone.now()
    published, held = [], []
    for document in Document.objects.filter(status=Status.APPROVED, publish_at__lte=now):
        try:
            published.append(services.document_publish(actor=SYSTEM, document=document, at=now))
        except ValidationError as error:  # something blocks it now: it waits, the log says why
            why = "；".join(error.messages)
            held.append((document, why))
            if document.events.last().action != DocumentAction.PUBLISH_BLOCKED:
                DocumentEvent.record(
                    document, actor=SYSTEM, action=DocumentAction.PUBLISH_BLOCKED, reason=why
                )
    return published, held
