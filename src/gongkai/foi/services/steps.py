"""The steps of a case. Every step goes through `take`, which checks the permission layer and the
transition table, appends one event and re-derives the stored state and due date."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.calendar.rules import add_working_days
from gongkai.calendar.workdays import oracle
from gongkai.core.actors import PUBLIC, Actor, user_of
from gongkai.core.periods import period
from gongkai.core.services import store_upload
from gongkai.orgs.models import Unit
from gongkai.orgs.permissions import Action, can

from .. import paperwork, rules, selectors
from ..models import (
    CaseEvent,
    CaseFile,
    CaseState,
    FileKind,
    InfoRequest,
)
from ..rules import ClockInput, Pause, PauseKind, RuleError, Step

# -- the one way a step is taken -----------------------------------------------------------
STEP_PERMISSION = {
    Step.ASSIGNED: Action.CASE_ASSIGN,
    Step.EXTENDED: Action.CASE_APPROVE,
    Step.ARCHIVED: Action.CASE_ASSIGN,
}


def case_units(case: InfoRequest) -> list[Unit]:
    return [case.receiver, *([case.unit] if case.unit else []), *case.co_units.all()]


# What the applicant does on their own case through the portal, once the query code proved it
# is theirs: send the correction, and the files that go with the application or the correction.
APPLICANT_STEPS = frozenset({Step.CLARIFICATION_RECEIVED, Step.FILE_ADDED})


def _require(actor: Actor, step: Step, case: InfoRequest) -> None:
    if actor == PUBLIC:
        if step not in APPLICANT_STEPS:
            raise PermissionDenied("申请人不能办理该步骤")
        return
    action = STEP_PERMISSION.get(step, Action.CASE_HANDLE)
    if not any(can(actor, action, unit) for unit in case_units(case)):
        raise PermissionDenied("无权办理该申请")


def history(case: InfoRequest) -> list[Step]:
    """The steps the case has taken, in order: what the rules allow next depends on them."""
    actions = case.events.order_by("on", "at", "id").values_list("action", flat=True)
    return [Step(a) for a in actions]


def record(
    case: InfoRequest, actor: Actor, step: Step, on: date, reason: str = "", **details: Any
) -> None:
    CaseEvent.record(case, actor=actor, action=step, reason=reason, details=details, on=on)


def take(
    case: InfoRequest, actor: Actor, step: Step, on: date, reason: str = "", **details: Any
) -> InfoRequest:
    case = InfoRequest.objects.select_for_update().get(pk=case.pk)
    _require(actor, step, case)
    if on > timezone.localdate():
        raise RuleError("日期不能晚于今天")
    if on < case.received_on:
        raise RuleError("日期不能早于收到申请之日")
    case.state = rules.next_state(case.state, step, history=history(case))
    record(case, actor, step, on, reason, **details)
    derive(case)
    return case


# -- deriving the stored state from the events ----------------------------------------------
def _clock_input(case: InfoRequest, events: list[CaseEvent]) -> ClockInput:
    clarified = [e.on for e in events if e.action == Step.CLARIFICATION_RECEIVED]
    pauses, open_pause = [], None
    starts = {Step.THIRD_PARTY_CONSULTATION_STARTED, Step.FEE_NOTIFIED}
    ends = {Step.THIRD_PARTY_CONSULTATION_ENDED, Step.FEE_PAID}
    for event in events:
        if event.action in starts:
            open_pause = Pause(PauseKind(event.details["pause"]), event.on)
        elif event.action in ends and open_pause is not None:
            pauses.append(Pause(open_pause.kind, open_pause.start, event.on))
            open_pause = None
    if open_pause is not None:
        pauses.append(open_pause)
    extension = sum(e.details.get("days", 0) for e in events if e.action == Step.EXTENDED)
    return ClockInput(
        received=case.received_on,
        clarification_received=clarified[-1] if clarified else None,
        pauses=tuple(pauses),
        extension=extension,
    )


def clock_for(case: InfoRequest) -> rules.Clock | None:
    """The running reply clock with its day-by-day count; None when no clock runs (closed, or
    waiting for a correction, after which it starts afresh)."""
    if not case.is_open or case.state == CaseState.CLARIFYING:
        return None
    events = list(case.events.order_by("on", "at", "id"))
    return rules.compute_clock(_clock_input(case, events), oracle())


def derive(case: InfoRequest) -> None:
    """Store what the events say: the due date, or why there is none."""
    case.clock_note = ""
    if case.state == CaseState.CLARIFYING:
        asked = case.events.filter(action=Step.CLARIFICATION_REQUESTED).latest("on", "at")
        case.due_on = None
        case.clock_note = f"待申请人补正（补正期限 {asked.details['correct_by']}），期限重新计算"
    elif clock := clock_for(case):
        case.due_on = clock.due
        if clock.waiting_for is not None:
            case.clock_note = f"{rules.PAUSE_LABELS[clock.waiting_for]}，期限暂停计算"
        elif case.state == CaseState.THIRD_PARTY_CONSULTING:
            case.clock_note = "征求意见期间不计入答复期限，收到意见后重新计算"
        elif clock.provisional:
            case.clock_note = "部分年份尚无节假日安排，期限为暂定"
    case.save()


def recompute_open_cases() -> int:
    """Re-derive every running due date, after the holiday table changed."""
    count = 0
    for case in InfoRequest.objects.open():
        with transaction.atomic():
            derive(InfoRequest.objects.select_for_update().get(pk=case.pk))
        count += 1
    return count


# -- steps ---------------------------------------------------------------------------------
@transaction.atomic
def case_assign(
    *,
    actor: Actor,
    case: InfoRequest,
    unit: Unit,
    co_units: list[Unit] = (),
    reason: str = "",
) -> InfoRequest:
    case = take(
        case,
        actor,
        Step.ASSIGNED,
        timezone.localdate(),
        reason,
        unit=unit.name,
        co_units=[u.name for u in co_units],
    )
    case.unit = unit
    case.save(update_fields=["unit", "updated_at"])
    case.co_units.set(co_units)
    return case


@transaction.atomic
def case_note(*, actor: Actor, case: InfoRequest, text: str) -> InfoRequest:
    if not text.strip():
        raise ValidationError({"text": "请填写备注内容"})
    return take(case, actor, Step.NOTE, timezone.localdate(), text.strip())


@transaction.atomic
def case_file_add(
    *, actor: Actor, case: InfoRequest, upload: UploadedFile, kind: FileKind, title: str = ""
) -> CaseFile:
    """A file for the case: material staff gather, or the applicant's proof of identity."""
    title = (title or upload.name or "材料")[:255]
    take(case, actor, Step.FILE_ADDED, timezone.localdate(), "", title=title)
    return _store(case, actor, upload, kind, title)  # a refused file rolls the step back too


def _store(
    case: InfoRequest, actor: Actor, upload: UploadedFile, kind: FileKind, title: str
) -> CaseFile:
    record = CaseFile(case=case, kind=kind, title=title, uploaded_by=user_of(actor))
    store_upload(record, upload)
    record.save()
    return record


@transaction.atomic
def clarification_request(
    *, actor: Actor, case: InfoRequest, on: date, items: str, correct_by: date
) -> InfoRequest:
    """Ask once for a correction (第三十条): what to correct and by when."""
    if not items.strip():
        raise ValidationError({"items": "请写明需要补正的事项"})
    if correct_by <= on:
        raise ValidationError({"correct_by": "补正期限应晚于告知日期"})
    latest = rules.clarification_notice_due(case.received_on, oracle())
    case = take(
        case,
        actor,
        Step.CLARIFICATION_REQUESTED,
        on,
        items.strip(),
        correct_by=correct_by.isoformat(),
        notice_due=latest.isoformat(),
        late=on > latest,
    )
    paperwork.issue(
        case,
        "clarification",
        actor=actor,
        issued_on=on,
        detail=items.strip(),
        due_by=paperwork.cn_date(correct_by),
    )
    return case


@transaction.atomic
def clarification_receive(*, actor: Actor, case: InfoRequest, on: date) -> InfoRequest:
    """The corrected application arrived: the 20 working days start again from it (第三十条)."""
    return take(case, actor, Step.CLARIFICATION_RECEIVED, on)


@transaction.atomic
def clarification_submit(
    *, actor: Actor, case: InfoRequest, text: str, upload: UploadedFile | None = None
) -> InfoRequest:
    """The applicant's corrected application through the portal (actor PUBLIC), received the day
    it arrives (第三十一条第三项: the platform confirms at once); the clock starts again from it.
    A file sent with it is named in the same step."""
    if not text.strip():
        raise ValidationError({"text": "请填写补正后的申请内容"})
    asked = case.events.filter(action=Step.CLARIFICATION_REQUESTED).latest("on", "at")
    today = timezone.localdate()
    late = today > date.fromisoformat(asked.details["correct_by"])
    files = ["补正材料"] if upload is not None else []
    case = take(
        case,
        actor,
        Step.CLARIFICATION_RECEIVED,
        today,
        text.strip(),
        channel="online",
        late=late,
        files=files,
    )
    if upload is not None:
        _store(case, actor, upload, FileKind.CLARIFICATION, files[0])
    return case


@transaction.atomic
def clarification_lapse(*, actor: Actor, case: InfoRequest, on: date) -> InfoRequest:
    """No correction in the stated period: the application is abandoned (第三十条)."""
    asked = case.events.filter(action=Step.CLARIFICATION_REQUESTED).latest("on")
    if on <= date.fromisoformat(asked.details["correct_by"]):
        raise RuleError(f"补正期限（{asked.details['correct_by']}）尚未届满")
    case = take(case, actor, Step.CLARIFICATION_LAPSED, on, "申请人逾期未补正")
    return _close(case, "other_no_clarification", on)


@transaction.atomic
def third_party_consultation_start(
    *, actor: Actor, case: InfoRequest, on: date, party: str, kind: PauseKind
) -> InfoRequest:
    if kind is PauseKind.FEE:
        raise ValueError("a fee notice is not a consultation")
    if not party.strip():
        raise ValidationError({"party": "请填写征求意见的对象"})
    case = take(
        case, actor, Step.THIRD_PARTY_CONSULTATION_STARTED, on, "", party=party.strip(), pause=kind
    )
    paperwork.issue(
        case, "third_party_consultation", actor=actor, issued_on=on, addressee=party.strip()
    )
    return case


@transaction.atomic
def third_party_consultation_end(
    *, actor: Actor, case: InfoRequest, on: date, opinion: str
) -> InfoRequest:
    return take(case, actor, Step.THIRD_PARTY_CONSULTATION_ENDED, on, opinion.strip())


@transaction.atomic
def extension_request(
    *, actor: Actor, case: InfoRequest, on: date, days: int, reason: str
) -> InfoRequest:
    """The handler asks for the one extension the law allows, of at most 20 working days, for
    the head of the openness office to approve (第三十三条第二款)."""
    rules.check_extension(days)
    if not reason.strip():
        raise ValidationError({"reason": "请写明延期理由"})
    return take(case, actor, Step.EXTENSION_REQUESTED, on, reason.strip(), days=days)


def _extension_asked(case: InfoRequest, actor: Actor) -> CaseEvent:
    """The request waiting for an answer; its asker does not answer it."""
    asked = selectors.extension_asked(case)
    if asked is None:
        raise RuleError("没有等待批准的延期申请")
    if asked.actor_id is not None and asked.actor_id == getattr(actor, "pk", None):
        raise PermissionDenied("延期须由申请延期的人以外的政府信息公开工作机构负责人批准")
    return asked


@transaction.atomic
def extension_grant(*, actor: Actor, case: InfoRequest, on: date) -> InfoRequest:
    """The head of the openness office approves the request; the applicant is told the new due
    date (第三十三条第二款)."""
    case = InfoRequest.objects.select_for_update().get(pk=case.pk)
    asked = _extension_asked(case, actor)
    days = asked.details["days"]
    case = take(
        case, actor, Step.EXTENDED, on, asked.reason, days=days, requested_by=asked.actor_id
    )
    paperwork.issue(
        case,
        "extension",
        actor=actor,
        issued_on=on,
        detail=asked.reason,
        days=str(days),
        due_by=paperwork.cn_date(case.due_on) if case.due_on else "",
    )
    return case


@transaction.atomic
def extension_decline(*, actor: Actor, case: InfoRequest, on: date, reason: str) -> InfoRequest:
    """The head of the openness office does not agree: the due date stays, and the handler may
    ask again."""
    if not reason.strip():
        raise ValidationError({"reason": "请写明不同意的理由"})
    case = InfoRequest.objects.select_for_update().get(pk=case.pk)
    asked = _extension_asked(case, actor)
    return take(
        case, actor, Step.EXTENSION_DECLINED, on, reason.strip(), requested_by=asked.actor_id
    )


def applications_in_month(case: InfoRequest) -> int:
    """How many applications this applicant made in the natural month of this one, up to it."""
    month_start = case.received_on.replace(day=1)
    return (
        InfoRequest.objects.filter(
            id_number=case.id_number, received_on__gte=month_start, pk__lte=case.pk
        )
        .filter(received_on__lte=case.received_on)
        .count()
    )


@transaction.atomic
def fee_notify(
    *, actor: Actor, case: InfoRequest, on: date, by_pages: int | None = None
) -> InfoRequest:
    """A processing-fee notice, by count or by pages, never both (109号文第三条)."""
    if by_pages is None:
        nth = applications_in_month(case)
        amount, basis = rules.fee_for_nth_application(nth), f"本月第{nth}件申请，按件计收"
    else:
        amount, basis = rules.fee_by_pages(by_pages), f"{by_pages}页，按量计收"
    if amount == 0:
        raise RuleError(f"{basis}不收费")
    pay_by = add_working_days(on, period("foi.fee_payment").amount, oracle()).end
    case = take(
        case,
        actor,
        Step.FEE_NOTIFIED,
        on,
        basis,
        pause=PauseKind.FEE,
        amount=amount,
        pay_by=pay_by.isoformat(),
    )
    case.fee_amount = amount
    case.save(update_fields=["fee_amount", "updated_at"])
    paperwork.issue(
        case,
        "fee",
        actor=actor,
        issued_on=on,
        amount=str(amount),
        detail=basis,
        pay_by=paperwork.cn_date(pay_by),
    )
    return case


@transaction.atomic
def fee_pay(*, actor: Actor, case: InfoRequest, on: date) -> InfoRequest:
    return take(case, actor, Step.FEE_PAID, on, amount=case.fee_amount)


@transaction.atomic
def fee_lapse(*, actor: Actor, case: InfoRequest, on: date) -> InfoRequest:
    """No payment within 20 working days of the notice: the application lapses (109号文第七条)."""
    notice = case.events.filter(action=Step.FEE_NOTIFIED).latest("on")
    if on <= date.fromisoformat(notice.details["pay_by"]):
        raise RuleError(f"缴费期限（{notice.details['pay_by']}）尚未届满")
    case = take(case, actor, Step.FEE_LAPSED, on, "申请人逾期未缴纳信息处理费")
    return _close(case, "other_unpaid_fee", on, fee_amount=0)


def _close(case: InfoRequest, outcome: str, on: date, **also: Any) -> InfoRequest:
    """Store the outcome and the closing day, with any other field the closing step changes."""
    # due_on keeps the due date in force when the case closed: "replied on time" counts on it.
    fields = {"outcome": outcome, "closed_on": on, **also}
    for name, value in fields.items():
        setattr(case, name, value)
    case.save(update_fields=[*fields, "updated_at"])
    return case


@transaction.atomic
def case_reply(
    *, actor: Actor, case: InfoRequest, on: date, outcome: str, detail: str = ""
) -> InfoRequest:
    """Reply with one of the outcomes of 第三十六条 to 第三十九条; a partial disclosure states
    what was withheld and why (第三十七条)."""
    chosen = rules.outcome(outcome)
    if outcome in rules.LAPSE_OUTCOMES:
        raise RuleError("该结果由逾期未补正或未缴费自动产生，不能直接选择")
    if outcome == "partial" and not detail.strip():
        raise ValidationError({"detail": "部分公开须写明不予公开的内容及理由"})
    case = take(case, actor, Step.REPLIED, on, detail.strip(), outcome=outcome, basis=chosen.basis)
    paperwork.issue(
        case,
        "reply",
        actor=actor,
        issued_on=on,
        decision=chosen.letter,
        detail=detail.strip(),
        basis=chosen.basis,
        remedies=rules.remedies(),
    )
    return _close(case, outcome, on)


@transaction.atomic
def case_deliver(
    *, actor: Actor, case: InfoRequest, on: date, way: str, note: str = ""
) -> InfoRequest:
    if not way.strip():
        raise ValidationError({"way": "请填写送达方式"})
    return take(case, actor, Step.DELIVERED, on, note.strip(), way=way.strip())


@transaction.atomic
def case_archive(*, actor: Actor, case: InfoRequest) -> InfoRequest:
    return take(case, actor, Step.ARCHIVED, timezone.localdate())
