"""Receipt, clarification, the reply clock and the deadline calculator's question
(条例第三十条、第三十一条、第三十二条至第三十四条)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gongkai.calendar.rules import DayInfo, Source, add_working_days
from gongkai.core.periods import period
from gongkai.core.refusals import Refusal

DayOracle = Callable[[date], DayInfo]


# -- receipt (第三十一条) ---------------------------------------------------------------------
class Channel(StrEnum):
    ONLINE = "online"
    EMAIL = "email"
    FAX = "fax"
    IN_PERSON = "in_person"
    REGISTERED_POST = "registered_post"
    ORDINARY_POST = "ordinary_post"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.ONLINE: "网上申请",
    Channel.EMAIL: "电子邮件",
    Channel.FAX: "传真",
    Channel.IN_PERSON: "当面提交",
    Channel.REGISTERED_POST: "邮寄（需签收）",
    Channel.ORDINARY_POST: "平常信函",
}


class RuleError(Refusal):
    """A request the rules do not allow; str() is the message for the user."""


def receipt_date(
    channel: Channel,
    *,
    handed_in: date | None = None,
    signed_for: date | None = None,
    confirmed: date | None = None,
) -> date:
    """The day an application counts as received (第三十一条): handed in → that day; registered
    post → the day the office signs for it; ordinary post, online, e-mail, fax → the day the
    office confirms receipt with the applicant."""
    needed = {
        Channel.IN_PERSON: ("handed_in", handed_in, "提交日期"),
        Channel.REGISTERED_POST: ("signed_for", signed_for, "签收日期"),
    }.get(channel, ("confirmed", confirmed, "与申请人确认的日期"))
    if needed[1] is None:
        raise RuleError(f"{CHANNEL_LABELS[channel]}的申请以{needed[2]}为收到申请之日，请填写该日期")
    return needed[1]


# -- clarification (第三十条) -----------------------------------------------------------------
def clarification_notice_due(received: date, oracle: DayOracle) -> date:
    """The last day to ask for a correction, once: 7 working days after receipt (第三十条)."""
    return add_working_days(received, period("foi.clarification_notice").amount, oracle).end


# -- the reply clock (第三十三条, 第三十二条, 第三十四条) ------------------------------------------
class PauseKind(StrEnum):
    THIRD_PARTY = "third_party"
    OTHER_AGENCY = "other_agency"
    FEE = "fee"


PAUSE_LABELS: dict[PauseKind, str] = {
    PauseKind.THIRD_PARTY: "征求第三方意见",
    PauseKind.OTHER_AGENCY: "征求其他机关意见",
    PauseKind.FEE: "等待缴纳信息处理费",
}
# How long each kind of pause may last before it ends by itself (the other side's period).
PAUSE_PERIODS = {
    PauseKind.THIRD_PARTY: "foi.third_party",
    PauseKind.OTHER_AGENCY: "foi.other_agency",
    PauseKind.FEE: "foi.fee_payment",
}


@dataclass(frozen=True)
class Pause:
    kind: PauseKind
    start: date  # the day the letter or fee notice is sent
    end: date | None = None  # the day the reply or payment arrives; None while it has not


@dataclass(frozen=True)
class ClockInput:
    received: date
    clarification_received: date | None = None
    pauses: tuple[Pause, ...] = ()
    extension: int = 0  # working days granted, at most 20, once


@dataclass(frozen=True)
class DayCount:
    day: date
    counted: int | None  # the running count on a counted day; None on a skipped day
    reason: str


@dataclass(frozen=True)
class Clock:
    start: date  # the clock runs from the day after it
    limit: int
    due: date | None  # None while waiting for a payment with no end in sight
    waiting_for: PauseKind | None
    steps: tuple[DayCount, ...]
    provisional: bool  # a day was judged by weekday alone (no holiday data for its year)


def pause_window(pause: Pause, oracle: DayOracle) -> tuple[date, date | None]:
    """The days a pause takes off the clock: from the day the letter is sent up to and including
    the day the reply arrives, or the last day of the other side's period if that comes first
    (第三十二条, 第三十四条: 15 working days). A fee notice pauses until payment (109号文第七条)."""
    if pause.kind is PauseKind.FEE:
        return pause.start, pause.end
    allowed = add_working_days(pause.start, period(PAUSE_PERIODS[pause.kind]).amount, oracle).end
    return pause.start, min(pause.end, allowed) if pause.end else allowed


def check_extension(days: int) -> None:
    limit = period("foi.extension_max").amount
    if not 1 <= days <= limit:
        raise RuleError(f"延长答复期限最长不得超过{limit}个工作日（条例第三十三条）")


def compute_clock(clock: ClockInput, oracle: DayOracle) -> Clock:
    """The reply due date: the (20 + extension)-th counted working day after the start, where
    the start is the day of receipt or, after a correction, the day the corrected application
    arrived (第三十条), and days inside a pause are not counted (第三十三条第三款)."""
    if clock.extension:
        check_extension(clock.extension)
    start = clock.clarification_received or clock.received
    limit = period("foi.reply").amount + clock.extension
    windows = [(p, *pause_window(p, oracle)) for p in clock.pauses]
    open_pause = min(((first, p) for p, first, last in windows if last is None), default=None)
    closed = [(p, first, last) for p, first, last in windows if last is not None]
    steps: list[DayCount] = []
    counted, day, provisional = 0, start, False
    while counted < limit:
        day += timedelta(days=1)
        if open_pause and day >= open_pause[0]:  # waiting for a payment: the clock stands still
            return Clock(start, limit, None, open_pause[1].kind, tuple(steps), provisional)
        info = oracle(day)
        provisional = provisional or info.source is Source.WEEKDAYS
        paused = next((p for p, first, last in closed if first <= day <= last), None)
        if paused is not None:
            steps.append(DayCount(day, None, f"{PAUSE_LABELS[paused.kind]}期间，不计入"))
        elif not info.working:
            steps.append(DayCount(day, None, info.reason))
        else:
            counted += 1
            steps.append(DayCount(day, counted, info.reason))
    return Clock(start, limit, day, None, tuple(steps), provisional)


# The first year of openness work to count: the 2007 regulation took effect on 1 May 2008
# (2007年条例第三十八条).
FIRST_YEAR = 2008


# -- the deadline calculator's question ----------------------------------------------------------
# The revised regulation, and with it the clock above, applies from this day (第五十六条).
EARLIEST = date(2019, 5, 15)
LATEST = date(2099, 12, 31)  # far beyond any real case: a later date is a typing error


@dataclass(frozen=True)
class DeadlineQuestion:
    """What the portal form, the API and `gongkai deadline` ask the deadline calculator."""

    received: date
    clarification_received: date | None = None
    third_party_consultations: tuple[tuple[date, date | None], ...] = ()
    extended: bool = False

    def problems(self) -> dict[str, str]:
        """What is wrong with the dates, by the calculator form's field names (received,
        clarification_received, consultation_1_start …); empty when they can be counted."""
        dates = {"received": self.received}
        if self.clarification_received:
            dates["clarification_received"] = self.clarification_received
        for i, (start, end) in enumerate(self.third_party_consultations, 1):
            dates[f"consultation_{i}_start"] = start
            if end:
                dates[f"consultation_{i}_end"] = end
        problems: dict[str, str] = {}
        earliest = f"{EARLIEST.year}年{EARLIEST.month}月{EARLIEST.day}日"
        for name, day in dates.items():
            if day < EARLIEST:
                problems[name] = f"本计算器按{earliest}起施行的修订后条例计算，日期不能早于该日"
            elif day > LATEST:
                problems[name] = "日期超出可计算的范围"
        if problems:
            return problems
        if self.clarification_received and self.clarification_received < self.received:
            problems["clarification_received"] = "收到补正的日期不能早于收到原申请的日期"
        for i, (start, end) in enumerate(self.third_party_consultations, 1):
            if start < self.received:
                problems[f"consultation_{i}_start"] = "征求意见的开始日期不能早于收到申请的日期"
            elif end and end < start:
                problems[f"consultation_{i}_end"] = "收到意见的日期不能早于发出征求意见的日期"
        return problems
