"""The case's steps, the states they lead to, and what the steps taken before allow."""

from collections.abc import Sequence
from enum import StrEnum

from .clock import RuleError


# -- numbers ---------------------------------------------------------------------------------
def format_registration_no(year: int, serial: int) -> str:
    """登记号, one sequence per year for the installation: 依申〔2026〕00012号."""
    return f"依申〔{year}〕{serial:05d}号"


# -- the case's steps and the states they lead to ---------------------------------------------
class Step(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    NOTE = "note"
    FILE_ADDED = "file_added"
    CLARIFICATION_REQUESTED = "clarification_requested"
    CLARIFICATION_RECEIVED = "clarification_received"
    CLARIFICATION_LAPSED = "clarification_lapsed"
    THIRD_PARTY_CONSULTATION_STARTED = "third_party_consultation_started"
    THIRD_PARTY_CONSULTATION_ENDED = "third_party_consultation_ended"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENDED = "extended"
    EXTENSION_DECLINED = "extension_declined"
    FEE_NOTIFIED = "fee_notified"
    FEE_PAID = "fee_paid"
    FEE_LAPSED = "fee_lapsed"
    REPLIED = "replied"
    DELIVERED = "delivered"
    ARCHIVED = "archived"


STEP_LABELS: dict[Step, str] = {
    Step.RECEIVED: "收到申请",
    Step.ASSIGNED: "分办",
    Step.NOTE: "办理备注",
    Step.FILE_ADDED: "添加材料",
    Step.CLARIFICATION_REQUESTED: "告知补正",
    Step.CLARIFICATION_RECEIVED: "收到补正",
    Step.CLARIFICATION_LAPSED: "逾期未补正",
    Step.THIRD_PARTY_CONSULTATION_STARTED: "征求意见",
    Step.THIRD_PARTY_CONSULTATION_ENDED: "收到意见",
    Step.EXTENSION_REQUESTED: "申请延期",
    Step.EXTENDED: "延长答复期限",
    Step.EXTENSION_DECLINED: "不同意延期",
    Step.FEE_NOTIFIED: "发出收费通知",
    Step.FEE_PAID: "缴纳费用",
    Step.FEE_LAPSED: "逾期未缴费",
    Step.REPLIED: "作出答复",
    Step.DELIVERED: "送达",
    Step.ARCHIVED: "归档",
}

# A case is open until it is answered or ends; reminders, lists and table 三 count on this.
OPEN_STATES = frozenset({"new", "handling", "clarifying", "third_party_consulting", "awaiting_fee"})
# step: (the states it may be taken from, the state it leads to; None keeps the state)
TRANSITIONS: dict[Step, tuple[frozenset[str], str | None]] = {
    Step.ASSIGNED: (OPEN_STATES, None),
    Step.NOTE: (OPEN_STATES | {"replied", "delivered", "ended"}, None),
    Step.FILE_ADDED: (OPEN_STATES | {"replied", "delivered", "ended"}, None),
    Step.CLARIFICATION_REQUESTED: (frozenset({"new", "handling"}), "clarifying"),
    Step.CLARIFICATION_RECEIVED: (frozenset({"clarifying"}), "handling"),
    Step.CLARIFICATION_LAPSED: (frozenset({"clarifying"}), "ended"),
    Step.THIRD_PARTY_CONSULTATION_STARTED: (frozenset({"handling"}), "third_party_consulting"),
    Step.THIRD_PARTY_CONSULTATION_ENDED: (frozenset({"third_party_consulting"}), "handling"),
    Step.EXTENSION_REQUESTED: (frozenset({"handling", "third_party_consulting"}), None),
    Step.EXTENDED: (frozenset({"handling", "third_party_consulting"}), None),
    Step.EXTENSION_DECLINED: (frozenset({"handling", "third_party_consulting"}), None),
    Step.FEE_NOTIFIED: (frozenset({"handling"}), "awaiting_fee"),
    Step.FEE_PAID: (frozenset({"awaiting_fee"}), "handling"),
    Step.FEE_LAPSED: (frozenset({"awaiting_fee"}), "ended"),
    Step.REPLIED: (frozenset({"new", "handling"}), "replied"),
    Step.DELIVERED: (frozenset({"replied"}), "delivered"),
    Step.ARCHIVED: (frozenset({"delivered", "ended"}), "archived"),
}
# Steps the law allows once per application.
ONCE = {
    Step.CLARIFICATION_REQUESTED: "补正只能告知一次（条例第三十条）",
    Step.EXTENDED: "答复期限只能延长一次（条例第三十三条）",
}


# An extension takes two people (第三十三条第二款): the handler asks, and the head of the
# openness office — someone else — approves or declines; one request waits at a time.
EXTENSION_STEPS = (Step.EXTENSION_REQUESTED, Step.EXTENDED, Step.EXTENSION_DECLINED)


def extension_pending(history: Sequence[Step]) -> bool:
    """Whether a request for an extension waits for its answer."""
    answers = [s for s in history if s in EXTENSION_STEPS]
    return bool(answers) and answers[-1] is Step.EXTENSION_REQUESTED


def _order_refusal(step: Step, history: Sequence[Step]) -> str | None:
    """What the steps taken before forbid: a step allowed once, an extension out of turn."""
    if step in ONCE and step in history:
        return ONCE[step]
    pending = extension_pending(history)
    if step is Step.EXTENSION_REQUESTED and pending:
        return "已申请延期，等待政府信息公开工作机构负责人批准"
    if step is Step.EXTENSION_REQUESTED and Step.EXTENDED in history:
        return ONCE[Step.EXTENDED]
    if step in (Step.EXTENDED, Step.EXTENSION_DECLINED) and not pending:
        return "没有等待批准的延期申请"
    return None


def refusal(state: str, step: Step, history: Sequence[Step]) -> str | None:
    """Why `step` is not open to a case in `state` after the steps of `history` (in order);
    None when it is."""
    if state not in TRANSITIONS[step][0]:
        return f"当前状态下不能{STEP_LABELS[step]}"
    return _order_refusal(step, history)


def open_steps(state: str, history: Sequence[Step]) -> list[Step]:
    """The steps a case in `state` may take now, in the table's order: what its page offers."""
    return [step for step in TRANSITIONS if refusal(state, step, history) is None]


def next_state(state: str, step: Step, *, history: Sequence[Step] = ()) -> str:
    """The state after `step`, or RuleError when the step is not open to a case in `state`."""
    if why := refusal(state, step, history):
        raise RuleError(why)
    target = TRANSITIONS[step][1]
    if state == "new" and target is None and step is Step.ASSIGNED:
        return "handling"
    return target or state
