"""House rules of the work-plan ledger (plain Python): the states of tasks and progress
reports, reporting periods, overdue tasks, scores.

Not statute: the seeds ask for a ledger followed "until done" and for units to be scored (考核);
how a period is cut and a score computed is the office's rule, kept here in one place.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from gongkai.core.transitions import Transitions


class TaskState(StrEnum):
    OPEN = "open"
    DONE = "done"


TASK_STATE_LABELS = {
    TaskState.OPEN: "推进中",
    TaskState.DONE: "已销号",
}


class TaskTransition(StrEnum):
    CLOSE = "close"
    REOPEN = "reopen"


# 销号 is the office declaring a task done; it takes that back, with a reason, when the work
# turns out unfinished. A task is followed "until done", so there is no other end.
TASK_TRANSITIONS = Transitions(
    table={
        (TaskState.OPEN, TaskTransition.CLOSE): TaskState.DONE,
        (TaskState.DONE, TaskTransition.REOPEN): TaskState.OPEN,
    },
    states=TASK_STATE_LABELS,
    transitions={TaskTransition.CLOSE: "销号", TaskTransition.REOPEN: "重新打开"},
    thing="任务",
)


class ProgressReportState(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


PROGRESS_REPORT_STATE_LABELS = {
    ProgressReportState.SUBMITTED: "待审核",
    ProgressReportState.ACCEPTED: "已采纳",
    ProgressReportState.RETURNED: "已退回",
}


class ProgressReportTransition(StrEnum):
    ACCEPT = "accept"
    RETURN = "return"


# The office reviews a report once; a returned report stays as it was, and the unit answers
# with a new one.
PROGRESS_REPORT_TRANSITIONS = Transitions(
    table={
        (ProgressReportState.SUBMITTED, ProgressReportTransition.ACCEPT): (
            ProgressReportState.ACCEPTED
        ),
        (ProgressReportState.SUBMITTED, ProgressReportTransition.RETURN): (
            ProgressReportState.RETURNED
        ),
    },
    states=PROGRESS_REPORT_STATE_LABELS,
    transitions={ProgressReportTransition.ACCEPT: "采纳", ProgressReportTransition.RETURN: "退回"},
    thing="进展报送",
)

# Months that open a period, for each reporting cycle a task may state.
PERIOD_STARTS: dict[str, tuple[int, ...]] = {
    "month": tuple(range(1, 13)),
    "quarter": (1, 4, 7, 10),
    "half_year": (1, 7),
    "year": (1,),
}
DEFAULT_CYCLE = "month"


def period_start(today: date, every: str = "") -> date:
    """The first day of the reporting period `today` falls in (a month unless the task says
    quarterly, half-yearly or yearly)."""
    starts = PERIOD_STARTS.get(every or DEFAULT_CYCLE, PERIOD_STARTS[DEFAULT_CYCLE])
    month = max(m for m in starts if m <= today.month)
    return date(today.year, month, 1)


def is_overdue(due_on: date | None, done: bool, today: date) -> bool:
    return due_on is not None and not done and due_on < today


def ratio_score(weight: int, done: int, total: int) -> Decimal | None:
    """weight × done / total, to one decimal; None when there is nothing to count."""
    if total == 0:
        return None
    value = Decimal(weight) * Decimal(done) / Decimal(total)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Ranked:
    key: int
    total: Decimal
    rank: int


def rank(totals: dict[int, Decimal]) -> list[Ranked]:
    """Highest total first; equal totals share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ranked: list[Ranked] = []
    for position, (key, total) in enumerate(ordered, start=1):
        same = ranked and ranked[-1].total == total
        ranked.append(Ranked(key, total, ranked[-1].rank if same else position))
    return ranked
