"""行政执法公示 (plain Python): when a decision must be public and when a revoked one must come
down; where a decision stands and what each state allows."""

from datetime import date, datetime
from enum import StrEnum

from gongkai.calendar.rules import DayOracle, add_working_days
from gongkai.core.periods import period
from gongkai.core.transitions import Transitions


class Kind(StrEnum):
    PERMIT = "permit"
    PENALTY = "penalty"
    COMPULSORY = "compulsory"
    INSPECTION = "inspection"
    OTHER = "other"


KIND_LABELS = {
    Kind.PERMIT: "行政许可",
    Kind.PENALTY: "行政处罚",
    Kind.COMPULSORY: "行政强制",
    Kind.INSPECTION: "行政检查",
    Kind.OTHER: "其他行政执法",
}
# Permits and penalties within 7 working days of the decision, other decisions within 20
# (国办发〔2018〕118号: 行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开).
FAST = frozenset({Kind.PERMIT, Kind.PENALTY})


def publication_due(kind: Kind, decided_on: date, oracle: DayOracle) -> date:
    key = "enforcement.permit_penalty" if kind in FAST else "enforcement.other"
    return add_working_days(decided_on, period(key).amount, oracle).end


def withdrawal_due(revoked_on: date, oracle: DayOracle) -> date:
    """A published penalty decision changed, revoked or found unlawful comes down, with the
    reason made public, within the period of 行政处罚法第四十八条第二款 (3 working days here)."""
    return add_working_days(revoked_on, period("enforcement.withdraw").amount, oracle).end


class State(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    TO_WITHDRAW = "to_withdraw"  # published, then changed, revoked or found unlawful or void
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"  # revoked before it was published: nothing to publish or withdraw


STATE_LABELS = {
    State.PENDING: "待公示",
    State.PUBLISHED: "已公示",
    State.TO_WITHDRAW: "待撤回",
    State.WITHDRAWN: "已撤回",
    State.CLOSED: "已撤销，不公示",
}


def decision_state(
    *, published_at: datetime | None, revoked_on: date | None, withdrawn_at: datetime | None
) -> State:
    """Where a decision stands, from the three dates the steps leave on it."""
    if withdrawn_at is not None:
        return State.WITHDRAWN
    if revoked_on is not None:
        return State.CLOSED if published_at is None else State.TO_WITHDRAW
    return State.PENDING if published_at is None else State.PUBLISHED


class Step(StrEnum):
    PUBLISH = "publish"
    MASK = "mask"
    REVOKE = "revoke"  # record that the decision was changed, revoked, or found unlawful or void
    WITHDRAW = "withdraw"


# Refusals in the words staff already know from these pages, where the table's own sentence
# (状态为“…”的执法决定不能…) would say less: that the withdrawal deadline does not move, say.
WHY_NOT = {
    (State.PUBLISHED, Step.PUBLISH): "已经公示",
    (State.TO_WITHDRAW, Step.PUBLISH): "已经公示",
    (State.CLOSED, Step.PUBLISH): "该决定已被变更、撤销或确认违法、无效，不再公示",
    (State.TO_WITHDRAW, Step.REVOKE): "已登记过，撤回期限不变",
    (State.CLOSED, Step.REVOKE): "已登记过，该决定不再公示",
    (State.WITHDRAWN, Step.REVOKE): "已撤回的决定无需再登记",
    (State.PENDING, Step.WITHDRAW): "只能撤回已公示的决定",
    (State.WITHDRAWN, Step.WITHDRAW): "只能撤回已公示的决定",
    (State.CLOSED, Step.WITHDRAW): "只能撤回已公示的决定",
}


# What each state allows; anything else is refused. Masking is for what is still to go out; a
# published decision is a public record, changed only by taking it down with the reason public
# (行政处罚法第四十八条第二款) — withdrawn also when it was put up in error, without a revocation.
DECISION_TRANSITIONS = Transitions(
    table={
        (State.PENDING, Step.MASK): State.PENDING,
        (State.PENDING, Step.PUBLISH): State.PUBLISHED,
        (State.PENDING, Step.REVOKE): State.CLOSED,
        (State.PUBLISHED, Step.REVOKE): State.TO_WITHDRAW,
        (State.PUBLISHED, Step.WITHDRAW): State.WITHDRAWN,
        (State.TO_WITHDRAW, Step.WITHDRAW): State.WITHDRAWN,
    },
    states=STATE_LABELS,
    transitions={
        Step.PUBLISH: "公示",
        Step.MASK: "遮盖个人信息",
        Step.REVOKE: "登记被变更、撤销或确认违法、无效",
        Step.WITHDRAW: "撤回",
    },
    thing="执法决定",
    reasons=WHY_NOT,
)


def next_state(state: State, step: Step) -> State:
    """The state `step` leads to, or TransitionError saying why not."""
    return State(DECISION_TRANSITIONS.next(state, step))
