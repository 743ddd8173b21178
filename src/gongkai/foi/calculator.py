"""The deadline calculator shared by the portal page, the API and `gongkai deadline`."""

from datetime import date

from gongkai.calendar.workdays import oracle
from gongkai.core.periods import period

from .rules import (
    PAUSE_LABELS,
    ClockInput,
    DeadlineQuestion,
    Pause,
    PauseKind,
    RuleError,
    compute_clock,
)

CLARIFICATION_BASIS = "《中华人民共和国政府信息公开条例》第三十条"


def parse_third_party_consultation(text: str) -> tuple[date, date | None]:
    """START:END, or START: while the answer has not arrived."""
    start, _, end = text.partition(":")
    try:
        return date.fromisoformat(start), date.fromisoformat(end) if end else None
    except ValueError:
        raise RuleError(
            f"征求意见期间应写作 开始日期:结束日期（YYYY-MM-DD），不是“{text}”"
        ) from None


def explain(question: DeadlineQuestion) -> dict:
    """The due date with every day of the count and why it was or was not counted; RuleError
    with every problem of the dates when they cannot be counted."""
    if problems := question.problems():
        raise RuleError("；".join(problems.values()))
    extension = period("foi.extension_max").amount if question.extended else 0
    clock = compute_clock(
        ClockInput(
            received=question.received,
            clarification_received=question.clarification_received,
            pauses=tuple(
                Pause(PauseKind.THIRD_PARTY, s, e) for s, e in question.third_party_consultations
            ),
            extension=extension,
        ),
        oracle(),
    )
    return {
        "received": question.received.isoformat(),
        "start": clock.start.isoformat(),
        "start_reason": "补正后申请的收到日" if question.clarification_received else "收到申请之日",
        "working_days": clock.limit,
        "due": clock.due.isoformat() if clock.due else None,
        "waiting_for": PAUSE_LABELS[clock.waiting_for] if clock.waiting_for else None,
        "provisional": clock.provisional,
        "basis": [
            period("foi.reply").source,
            *([period("foi.third_party").source] if question.third_party_consultations else []),
            *([CLARIFICATION_BASIS] if question.clarification_received else []),
        ],
        "steps": [
            {"date": s.day.isoformat(), "counted": s.counted, "reason": s.reason}
            for s in clock.steps
        ],
    }
