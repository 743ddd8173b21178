"""Writes for 行政执法公示: register a decision, publish it, record its revocation, withdraw it."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.calendar.workdays import oracle
from gongkai.core.actors import Actor, user_of
from gongkai.core.privacy import Finding, apply_masks, scan
from gongkai.core.transitions import TransitionError
from gongkai.orgs.models import Unit
from gongkai.orgs.permissions import Action, require

from . import rules, selectors
from .models import Decision, DecisionAction, DecisionEvent

FIELDS = ("kind", "decision_no", "title", "party", "summary", "basis", "decided_on")
# Everything the portal prints of a decision that a person typed: all of it is scanned, since
# an ID number in the 依据 line is as public as one in the summary.
PUBLIC_TEXT = ("decision_no", "title", "party", "summary", "basis")


def _event(
    decision: Decision, actor: Actor, action: DecisionAction, reason: str = "", **details: Any
) -> None:
    DecisionEvent.record(decision, actor=actor, action=action, reason=reason, details=details)


def findings(decision: Decision) -> dict[str, list[Finding]]:
    """What the privacy scanner finds in each public text field, keyed by field name."""
    found = {name: scan(getattr(decision, name)) for name in PUBLIC_TEXT}
    return {name: items for name, items in found.items() if items}


def _kind_and_day(fields: dict[str, Any]) -> tuple[rules.Kind, date]:
    """The two inputs of the deadline, checked before it is computed from them."""
    try:
        kind = rules.Kind(fields.get("kind"))
    except ValueError:
        raise ValidationError({"kind": "请选择执法决定的类别"}) from None
    decided_on = fields.get("decided_on")
    if not isinstance(decided_on, date):
        raise ValidationError({"decided_on": "请填写决定日期"})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "决定日期不能晚于今天"})
    return kind, decided_on


@transaction.atomic
def decision_register(*, actor: Actor, unit: Unit, **fields: Any) -> Decision:
    require(actor, Action.ENFORCEMENT_REGISTER, unit)
    # A field of blanks would pass the model's "required" check and print an empty row.
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    kind, decided_on = _kind_and_day(fields)
    due = rules.publication_due(kind, decided_on, oracle())
    decision = Decision(unit=unit, created_by=user_of(actor), publish_due=due, **fields)
    decision.full_clean()
    decision.save()
    _event(decision, actor, DecisionAction.REGISTERED, due=due.isoformat())
    return decision


# Who may take each step: one answer for the services and for the buttons the page offers.
PERMISSIONS = {
    rules.Step.PUBLISH: Action.ENFORCEMENT_PUBLISH,
    rules.Step.MASK: Action.ENFORCEMENT_REGISTER,
    rules.Step.REVOKE: Action.ENFORCEMENT_REGISTER,
    # Whoever may put a decision up may take it down: the unit meets its own 3-day deadline.
    rules.Step.WITHDRAW: Action.ENFORCEMENT_PUBLISH,
}


def _to_take(actor: Actor, decision: Decision, step: rules.Step) -> tuple[Decision, rules.State]:
    """The decision, locked, once the actor may take `step` and its state allows it; and the
    state the step leads to."""
    decision = Decision.objects.select_for_update().select_related("unit").get(pk=decision.pk)
    require(actor, PERMISSIONS[step], decision.unit)
    try:
        after = rules.next_state(decision.state, step)
    except TransitionError as refused:
        # A refusal on the whole form like the steps' others: callers catch one kind.
        raise ValidationError({"__all__": str(refused)}) from None
    return decision, after


@transaction.atomic
def decision_publish(*, actor: Actor, decision: Decision) -> Decision:
    """Put it on the portal, once the privacy scanner finds nothing in what is shown."""
    decision, _ = _to_take(actor, decision, rules.Step.PUBLISH)
    if not selectors.may_publish(actor, decision):
        raise PermissionDenied("不能公示自己登记或遮盖的执法决定：请由本单位其他审核人公示")
    if count := sum(len(items) for items in findings(decision).values()):
        raise ValidationError(
            {"__all__": f"公示内容中有 {count} 处个人信息或密级标志，请遮盖后再公示"}
        )
    decision.published_at = timezone.now()
    decision.save(update_fields=["published_at"])
    _event(
        decision, actor, DecisionAction.PUBLISHED, late=timezone.localdate() > decision.publish_due
    )
    return decision


@transaction.atomic
def decision_mask(*, actor: Actor, decision: Decision) -> Decision:
    """Cover what the scanner finds (110101********0011, 138****5678) so the decision can go
    out; the log names the kinds covered, never the numbers themselves."""
    decision, _ = _to_take(actor, decision, rules.Step.MASK)
    found = findings(decision)
    if not found:
        raise ValidationError({"__all__": "没有需要遮盖的内容"})
    for name, items in found.items():
        setattr(decision, name, apply_masks(getattr(decision, name), items))
    decision.full_clean()
    decision.save(update_fields=list(found))
    kinds = {name: [f.kind.value for f in items] for name, items in found.items()}
    _event(decision, actor, DecisionAction.MASKED, found=kinds)
    return decision


@transaction.atomic
def decision_revoked(*, actor: Actor, decision: Decision, on: date, reason: str) -> Decision:
    """The decision was changed, revoked, or found unlawful or void: the withdrawal clock starts.
    Recorded once: a second entry would restart the clock."""
    decision, after = _to_take(actor, decision, rules.Step.REVOKE)
    if not reason.strip():
        raise ValidationError({"reason": "请写明变更、撤销或确认违法、无效的情况"})
    if on < decision.decided_on or on > timezone.localdate():
        raise ValidationError({"on": "日期应在决定日期之后、今天之前"})
    decision.revoked_on = on
    # Not yet on the portal: nothing to withdraw, and it is no longer to be published.
    withdrawing = after == rules.State.TO_WITHDRAW
    decision.withdraw_due = rules.withdrawal_due(on, oracle()) if withdrawing else None
    decision.save(update_fields=["revoked_on", "withdraw_due"])
    due = decision.withdraw_due.isoformat() if decision.withdraw_due else None
    _event(decision, actor, DecisionAction.REVOKED, reason.strip(), due=due)
    return decision


@transaction.atomic
def decision_withdraw(*, actor: Actor, decision: Decision, reason: str) -> Decision:
    """Take the published decision down and say why, publicly (行政处罚法第四十八条第二款)."""
    decision, _ = _to_take(actor, decision, rules.Step.WITHDRAW)
    if not reason.strip():
        raise ValidationError({"reason": "撤回须公开说明理由"})
    decision.withdrawn_at, decision.withdraw_reason = timezone.now(), reason.strip()
    decision.save(update_fields=["withdrawn_at", "withdraw_reason"])
    _event(decision, actor, DecisionAction.WITHDRAWN, reason.strip())
    return decision
