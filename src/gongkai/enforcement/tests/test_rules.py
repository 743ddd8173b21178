"""Deadlines worked against the 2026 holidays (劳动节 5月1日–5日, 5月9日（周六）上班; 国庆节
10月1日–7日, 9月20日（周日）、10月10日（周六）上班); the states of a decision and what each
allows."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from gongkai.calendar.rules import DayInfo, Source
from gongkai.core.transitions import TransitionError
from gongkai.enforcement.rules import (
    DECISION_TRANSITIONS,
    STATE_LABELS,
    WHY_NOT,
    Kind,
    State,
    Step,
    decision_state,
    next_state,
    publication_due,
    withdrawal_due,
)

D = date.fromisoformat


def library(day: date) -> DayInfo:
    holiday, name = chinese_calendar.get_holiday_detail(day)
    return DayInfo(day, not holiday, name or "", Source.LIBRARY)


@pytest.mark.parametrize(
    ("kind", "decided", "due"),
    [
        # 7 working days from Tue 28 Apr: 29, 30 → 2; May 1–5 off; 6, 7, 8 → 5; Sat 9 → 6; 11 → 7.
        (Kind.PENALTY, "2026-04-28", "2026-05-11"),
        (Kind.PERMIT, "2026-04-28", "2026-05-11"),
        # 20 for the others: … 11 → 7; 12–15 → 11; 18–22 → 16; 25–28 → 20.
        (Kind.COMPULSORY, "2026-04-28", "2026-05-28"),
        (Kind.INSPECTION, "2026-04-28", "2026-05-28"),
        # 7 from Wed 30 Sep: Oct 1–7 off; 8, 9 → 2; Sat 10 → 3; 12–15 → 7.
        (Kind.PENALTY, "2026-09-30", "2026-10-15"),
    ],
)
def test_publication_due(kind, decided, due):
    assert publication_due(kind, D(decided), library) == D(due)


@pytest.mark.parametrize(
    ("revoked", "due"),
    [
        ("2026-04-29", "2026-05-07"),  # 30 → 1; May 1–5 off; 6 → 2; 7 → 3
        ("2026-10-09", "2026-10-13"),  # Sat 10 (make-up) → 1; 12 → 2; 13 → 3
    ],
)
def test_withdrawal_due(revoked, due):
    assert withdrawal_due(D(revoked), library) == D(due)


# --- where a decision stands, and what each state allows -----------------------------------

PUT_UP = datetime(2026, 10, 8, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
TAKEN_DOWN = datetime(2026, 10, 12, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("published_at", "revoked_on", "withdrawn_at", "state", "label"),
    [
        (None, None, None, State.PENDING, "待公示"),
        (PUT_UP, None, None, State.PUBLISHED, "已公示"),
        (PUT_UP, D("2026-10-09"), None, State.TO_WITHDRAW, "待撤回"),
        (PUT_UP, D("2026-10-09"), TAKEN_DOWN, State.WITHDRAWN, "已撤回"),
        # Put up in error and taken down without any revocation.
        (PUT_UP, None, TAKEN_DOWN, State.WITHDRAWN, "已撤回"),
        # Revoked before it went out: closed, whatever its publication deadline said.
        (None, D("2026-10-09"), None, State.CLOSED, "已撤销，不公示"),
    ],
)
def test_the_state_follows_from_the_dates(published_at, revoked_on, withdrawn_at, state, label):
    found = decision_state(
        published_at=published_at, revoked_on=revoked_on, withdrawn_at=withdrawn_at
    )
    assert found == state and STATE_LABELS[found] == label


# Written out by hand, not read from the table: the table is what is being checked.
ALLOWED = {
    (State.PENDING, Step.MASK): State.PENDING,
    (State.PENDING, Step.PUBLISH): State.PUBLISHED,
    (State.PENDING, Step.REVOKE): State.CLOSED,
    (State.PUBLISHED, Step.REVOKE): State.TO_WITHDRAW,
    (State.PUBLISHED, Step.WITHDRAW): State.WITHDRAWN,
    (State.TO_WITHDRAW, Step.WITHDRAW): State.WITHDRAWN,
}


@pytest.mark.parametrize(("state", "step"), list(ALLOWED))
def test_what_each_state_allows(state, step):
    assert next_state(state, step) == ALLOWED[(state, step)]


REFUSED = [
    (State.PUBLISHED, Step.PUBLISH, "已经公示"),
    (State.TO_WITHDRAW, Step.PUBLISH, "已经公示"),
    (State.WITHDRAWN, Step.PUBLISH, "状态为“已撤回”的执法决定不能公示"),
    (State.CLOSED, Step.PUBLISH, "该决定已被变更、撤销或确认违法、无效，不再公示"),
    (State.PUBLISHED, Step.MASK, "状态为“已公示”的执法决定不能遮盖个人信息"),
    (State.TO_WITHDRAW, Step.MASK, "状态为“待撤回”的执法决定不能遮盖个人信息"),
    (State.WITHDRAWN, Step.MASK, "状态为“已撤回”的执法决定不能遮盖个人信息"),
    # Never to be published: there is nothing to mask it for.
    (State.CLOSED, Step.MASK, "状态为“已撤销，不公示”的执法决定不能遮盖个人信息"),
    # A second entry would restart the withdrawal clock.
    (State.TO_WITHDRAW, Step.REVOKE, "已登记过，撤回期限不变"),
    (State.CLOSED, Step.REVOKE, "已登记过，该决定不再公示"),
    (State.WITHDRAWN, Step.REVOKE, "已撤回的决定无需再登记"),
    (State.PENDING, Step.WITHDRAW, "只能撤回已公示的决定"),
    (State.WITHDRAWN, Step.WITHDRAW, "只能撤回已公示的决定"),
    (State.CLOSED, Step.WITHDRAW, "只能撤回已公示的决定"),
]


@pytest.mark.parametrize(("state", "step", "message"), REFUSED)
def test_what_each_state_refuses_and_why(state, step, message):
    with pytest.raises(TransitionError) as refused:
        next_state(state, step)
    assert str(refused.value) == message


def test_every_pair_is_either_allowed_or_refused_above():
    refused = {(s, t) for s in State for t in Step} - set(ALLOWED)
    assert refused == {(state, step) for state, step, _ in REFUSED}
    assert {s: DECISION_TRANSITIONS.open_to(s) for s in State} == {
        State.PENDING: [Step.MASK, Step.PUBLISH, Step.REVOKE],
        State.PUBLISHED: [Step.REVOKE, Step.WITHDRAW],
        State.TO_WITHDRAW: [Step.WITHDRAW],
        State.WITHDRAWN: [],
        State.CLOSED: [],
    }
    # A reason is given for a refusal only, never for a step the table allows.
    assert set(WHY_NOT) <= refused
