from datetime import date
from decimal import Decimal

import pytest

from gongkai.core.transitions import TransitionError
from gongkai.workplan.rules import (
    PROGRESS_REPORT_TRANSITIONS,
    TASK_TRANSITIONS,
    Ranked,
    is_overdue,
    period_start,
    rank,
    ratio_score,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    ("today", "every", "start"),
    [
        ("2026-11-23", "", "2026-11-01"),
        ("2026-11-23", "month", "2026-11-01"),
        ("2026-11-23", "quarter", "2026-10-01"),
        ("2026-03-31", "quarter", "2026-01-01"),
        ("2026-06-30", "half_year", "2026-01-01"),
        ("2026-07-01", "half_year", "2026-07-01"),
        ("2026-11-23", "year", "2026-01-01"),
        ("2026-11-23", "weekly-ish", "2026-11-01"),  # an unknown cycle falls back to a month
    ],
)
def test_period_start(today, every, start):
    assert period_start(D(today), every) == D(start)


@pytest.mark.parametrize(
    ("due", "done", "today", "overdue"),
    [
        ("2026-06-30", False, "2026-07-01", True),
        ("2026-06-30", False, "2026-06-30", False),  # due today is not late yet
        ("2026-06-30", True, "2026-07-01", False),
        (None, False, "2026-07-01", False),
    ],
)
def test_is_overdue(due, done, today, overdue):
    assert is_overdue(D(due) if due else None, done, D(today)) is overdue


@pytest.mark.parametrize(
    ("weight", "done", "total", "score"),
    [
        (20, 3, 4, Decimal("15.0")),
        (10, 1, 3, Decimal("3.3")),
        (10, 2, 3, Decimal("6.7")),
        (15, 0, 5, Decimal("0.0")),
        (15, 1, 0, None),
    ],
)
def test_ratio_score(weight, done, total, score):
    assert ratio_score(weight, done, total) == score


def test_rank_shares_places_for_equal_totals():
    totals = {1: Decimal("90"), 2: Decimal("95"), 3: Decimal("90"), 4: Decimal("80")}
    assert rank(totals) == [
        Ranked(2, Decimal("95"), 1),
        Ranked(1, Decimal("90"), 2),
        Ranked(3, Decimal("90"), 2),
        Ranked(4, Decimal("80"), 4),
    ]


@pytest.mark.parametrize(
    ("state", "transition", "after"),
    [
        ("open", "close", "done"),
        ("done", "reopen", "open"),
    ],
)
def test_task_transitions_allowed(state, transition, after):
    assert TASK_TRANSITIONS.next(state, transition) == after


@pytest.mark.parametrize(
    ("state", "transition", "message"),
    [
        ("done", "close", "状态为“已销号”的任务不能销号"),
        ("open", "reopen", "状态为“推进中”的任务不能重新打开"),
    ],
)
def test_task_transitions_refused(state, transition, message):
    with pytest.raises(TransitionError, match=message):
        TASK_TRANSITIONS.next(state, transition)


@pytest.mark.parametrize(
    ("state", "transition", "after"),
    [
        ("submitted", "accept", "accepted"),
        ("submitted", "return", "returned"),
    ],
)
def test_progress_report_transitions_allowed(state, transition, after):
    assert PROGRESS_REPORT_TRANSITIONS.next(state, transition) == after


@pytest.mark.parametrize(
    ("state", "transition", "message"),
    [
        ("accepted", "accept", "状态为“已采纳”的进展报送不能采纳"),
        ("accepted", "return", "状态为“已采纳”的进展报送不能退回"),
        ("returned", "accept", "状态为“已退回”的进展报送不能采纳"),
        ("returned", "return", "状态为“已退回”的进展报送不能退回"),
    ],
)
def test_progress_report_transitions_refused(state, transition, message):
    with pytest.raises(TransitionError, match=message):
        PROGRESS_REPORT_TRANSITIONS.next(state, transition)


@pytest.mark.parametrize(
    ("table", "state", "offered"),
    [
        (TASK_TRANSITIONS, "open", ["close"]),
        (TASK_TRANSITIONS, "done", ["reopen"]),
        (PROGRESS_REPORT_TRANSITIONS, "submitted", ["accept", "return"]),
        (PROGRESS_REPORT_TRANSITIONS, "accepted", []),
        (PROGRESS_REPORT_TRANSITIONS, "returned", []),
    ],
)
def test_what_each_state_offers(table, state, offered):
    assert table.open_to(state) == offered
