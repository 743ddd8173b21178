"""The one table of statutory periods: what a rule counts, in which unit, and where it comes from.

Rules look their periods up here, so a changed regulation is a change to this table alone.
`PERIODS` holds the periods as the statutes set them; the platform admin may change one (a new
regulation, a local rule), and the Django side hands the changes to `use_changes` whenever the
stored table moves (gongkai.calendar.workdays, with the holiday table). `period()` answers
with the changes applied: before it reads, it calls the hook the Django side registered with
`read_through`, which brings the table up to date once per request or computation.

Plain Python: the rule modules that import it import nothing from Django.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class PeriodUnit(StrEnum):
    WORKING_DAYS = "working_days"
    DAYS = "days"
    MONTHS = "months"

    @property
    def label(self) -> str:
        return {"working_days": "个工作日", "days": "日", "months": "个月"}[self.value]


@dataclass(frozen=True)
class Period:
    amount: int
    unit: PeriodUnit
    source: str

    def __str__(self) -> str:
        return f"{self.amount}{self.unit.label}"


WD, DAYS, MONTHS = PeriodUnit.WORKING_DAYS, PeriodUnit.DAYS, PeriodUnit.MONTHS
REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

PERIODS: dict[str, Period] = {
    "foi.reply": Period(20, WD, f"{REGULATION}第三十三条第二款"),
    "foi.extension_max": Period(20, WD, f"{REGULATION}第三十三条第二款"),
    "foi.clarification_notice": Period(7, WD, f"{REGULATION}第三十条"),
    # The applicant's time to correct: 第三十条 asks only for a reasonable one; the Jiangsu
    # standard the State Council's openness office forwarded takes a third party's as the rule.
    "foi.clarification": Period(
        15, WD, "《江苏省政府信息公开申请办理答复规范》一（二）4（国办公开办函〔2020〕2号转发）"
    ),
    "foi.third_party": Period(15, WD, f"{REGULATION}第三十二条"),
    "foi.other_agency": Period(15, WD, f"{REGULATION}第三十四条"),
    "foi.fee_payment": Period(20, WD, f"{FEE_RULES}第七条"),
    # Not a statute: how early handlers and the office are reminded of a coming due date.
    "reminder.due_soon": Period(5, WD, "本平台提醒规则"),
    "reminder.annual_report": Period(15, WD, "本平台提醒规则"),
    "publishing.proactive": Period(20, WD, f"{REGULATION}第二十六条"),
    "enforcement.permit_penalty": Period(7, WD, "国办发〔2018〕118号"),
    "enforcement.other": Period(20, WD, "国办发〔2018〕118号"),
    # The law says 三日内; the platform counts them as working days, as the office asked.
    "enforcement.withdraw": Period(3, WD, "《中华人民共和国行政处罚法》第四十八条第二款"),
    "remedy.review": Period(60, DAYS, "《中华人民共和国行政复议法》第二十条"),
    "remedy.litigation": Period(6, MONTHS, "《中华人民共和国行政诉讼法》第四十六条"),
}


_current: dict[str, Period] = dict(PERIODS)
_refresh: Callable[[], None] | None = None


def read_through(refresh: Callable[[], None]) -> None:
    """Call `refresh` before every read, so a change made elsewhere is seen (its own caching
    decides how often that costs a query)."""
    global _refresh
    _refresh = refresh


def _table() -> dict[str, Period]:
    if _refresh is not None:
        _refresh()
    return _current


def use_changes(changes: Mapping[str, Period]) -> None:
    """From now on, the statutory table with these periods changed."""
    unknown = set(changes) - set(PERIODS)
    if unknown:
        raise KeyError(f"no such periods: {sorted(unknown)}")
    _current.clear()
    _current.update(PERIODS)
    _current.update(changes)


def period(key: str) -> Period:
    return _table()[key]


def period_names() -> dict[str, Period]:
    """The table as it stands, by the names templates and letters use: foi_reply, foi_third_party
    … (the key with dots as underscores)."""
    return {key.replace(".", "_"): value for key, value in _table().items()}


def periods() -> dict[str, Period]:
    """The whole table as it stands (for the pages that list the periods)."""
    return dict(_table())
