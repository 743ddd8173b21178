"""The review chain before publication (公开属性认定, 三审, 保密审查): submit, approve or return
at each step, settle the scanner's findings, exempt a policy from interpretation, and publish
what was approved — at once or at its set time."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.privacy import apply_masks, scan
from gongkai.orgs.models import User
from gongkai.orgs.permissions import Action, holds, require

from . import services
from .findings import unresolved_findings
from .models import Document, FindingOverride, ReviewStage
from .rules import SECRECY_CHECKLIST, Status, Transition, next_status
from .selectors import chain, current_stage


def _transition(document: Document, transition: Transition) -> None:
    document.status = next_status(Status(document.status), transition)


@transaction.atomic
def review_submit(*, actor: User, document: Document) -> Document:
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
    document.review_stage, document.submitted_by = 0, actor
    document.save(update_fields=["status", "review_stage", "submitted_by", "updated_at"])
    services.record(document, actor, "submitted")
    return document


def _may_review(actor: User, document: Document) -> ReviewStage:
    stage = current_stage(document)
    if stage is None:
        raise ValidationError({"__all__": "该文件不在审核中"})
    if not holds(actor, stage.role, document.issuer):
        raise PermissionDenied(f"“{stage.name}”须由{stage.get_role_display()}审核")
    if actor.pk in (document.created_by_id, document.submitted_by_id):
        raise PermissionDenied("不能审核自己起草或提交的文件")
    return stage


@transaction.atomic
def review_approve(
    *,
    actor: User,
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
    services.record(document, actor, "approved", comment.strip(), **details)
    now = now or timezone.now()
    if last and (document.publish_at is None or document.publish_at <= now):
        return services.document_publish(document=document)
    return document


@transaction.atomic
def review_return(*, actor: User, document: Document, comment: str) -> Document:
    if not comment.strip():
        raise ValidationError({"comment": "退回须写明意见"})
    document = services.locked(document)
    if document.status == Status.APPROVED:  # waiting for its time: the office may take it back
        require(actor, Action.DOCUMENT_WITHDRAW, document.issuer)
        stage_name = "待发布"
    else:
        stage_name = _may_review(actor, document).name
    _transition(document, Transition.RETURN)
    document.review_stage = 0
    document.save(update_fields=["status", "review_stage", "updated_at"])
    services.record(document, actor, "returned", comment.strip(), stage=stage_name)
    return document


def may_settle_findings(actor: User, document: Document) -> bool:
    """Reviewers of the document's unit and the openness office decide about findings."""
    return any(holds(actor, s.role, document.issuer) for s in chain())


@transaction.atomic
def finding_override(
    *, actor: User, document: Document, kind: str, text: str, reason: str
) -> FindingOverride:
    """Let a finding through, with the reviewer's reason (e.g. an official's public phone)."""
    if not may_settle_findings(actor, document):
        raise PermissionDenied("只有审核人可以放行")
    if not reason.strip():
        raise ValidationError({"reason": "放行须说明理由"})
    override, _ = FindingOverride.objects.update_or_create(
        document=document, kind=kind, text=text, defaults={"reason": reason.strip(), "by": actor}
    )
    services.record(document, actor, "finding_overridden", reason.strip(), kind=kind, text=text)
    return override


@transaction.atomic
def findings_mask(*, actor: User, document: Document) -> Document:
    """Mask every finding in the title and text (140425********0024), in the earlier versions
    too, so that the number is kept nowhere; what is in attachments must be fixed in the file
    or let through."""
    require(actor, Action.DOCUMENT_EDIT, document.issuer)
    passed = set(document.overrides.values_list("kind", "text"))

    def masked(text: str) -> str:
        return apply_masks(text, [f for f in scan(text) if (f.kind.value, f.text) not in passed])

    for version in document.versions.all():
        version.title, version.body = masked(version.title), masked(version.body)
        version.save(update_fields=["title", "body"])
    title, body = masked(document.title), masked(document.body)
    if (title, body) == (document.title, document.body):
        return document
    return services.document_update(
        actor=actor,
        document=document,
        reason="遮盖个人信息和密级标志",
        keep_version=False,
        title=title,
        body=body,
    )


@transaction.atomic
def interpretation_exempt(*, actor: User, document: Document, reason: str) -> Document:
    """The office records why a policy is published without an interpretation."""
    require(actor, Action.DOCUMENT_WITHDRAW, document.issuer)  # the openness office
    if not reason.strip():
        raise ValidationError({"reason": "须说明免于解读的理由"})
    document = services.locked(document)
    document.interpretation_exempt_reason = reason.strip()
    document.save(update_fields=["interpretation_exempt_reason", "updated_at"])
    services.record(document, actor, "interpretation_exempted", reason.strip())
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
            published.append(services.document_publish(document=document, at=now))
        except ValidationError as error:  # something blocks it now: it waits, the log says why
            why = "；".join(error.messages)
            held.append((document, why))
            if document.events.last().action != "publish_blocked":
                services.record(document, None, "publish_blocked", why)
    return published, held
