"""行政执法公示 deadlines (plain Python): when a decision must be public, and when a revoked one
must come down."""

from datetime import date
from enum import StrEnum

from gongkai.calendar.rules import DayOracle, add_working_days
from gongkai.core.periods import period


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
