"""Administrative reviews and lawsuits about the agency's openness work: the register behind
annual-report table 四."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.orgs.models import Unit
from gongkai.orgs.permissions import Action, require

from ..models import (
    InfoRequest,
    Remedy,
    RemedyAction,
    RemedyEvent,
    RemedyOutcome,
)


# -- administrative review and litigation (annual-report table 四) ---------------------------
@transaction.atomic
def remedy_record(
    *,
    actor: Actor,
    respondent: Unit,
    kind: str,
    filed_on: date,
    case: InfoRequest | None = None,
    reference: str = "",
) -> Remedy:
    require(actor, Action.REMEDY_RECORD, respondent)
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": "日期不能晚于今天"})
    if case is not None and case.receiver_id != respondent.pk and case.unit_id != respondent.pk:
        raise ValidationError({"case": "所涉申请不是该机关收到或办理的"})
    remedy = Remedy(
        respondent=respondent, kind=kind, filed_on=filed_on, case=case, reference=reference.strip()
    )
    remedy.full_clean()
    remedy.save()
    RemedyEvent.record(
        remedy,
        actor=actor,
        action=RemedyAction.RECORDED,
        details={"kind": kind, "filed_on": str(filed_on)},
    )
    return remedy


@transaction.atomic
def remedy_decide(*, actor: Actor, remedy: Remedy, outcome: str, decided_on: date) -> Remedy:
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    require(actor, Action.REMEDY_RECORD, remedy.respondent)
    if outcome == RemedyOutcome.PENDING or outcome not in RemedyOutcome.values:
        raise ValidationError({"outcome": "请选择维持、纠正或其他结果"})
    if not remedy.filed_on <= decided_on <= timezone.localdate():
        raise ValidationError({"decided_on": "审结日期应在收到之日以后、今天以前"})
    remedy.outcome, remedy.decided_on = outcome, decided_on
    remedy.save(update_fields=["outcome", "decided_on"])
    RemedyEvent.record(
        remedy,
        actor=actor,
        action=RemedyAction.DECIDED,
        details={"outcome": outcome, "decided_on": str(decided_on)},
    )
    return remedy
