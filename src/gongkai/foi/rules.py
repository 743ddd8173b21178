"""Statutory rules for disclosure on request (依申请公开), as plain values in and out.

Periods come from the one table in gongkai.core.periods; working days from a day oracle (see
gongkai.calendar.rules). Every rule names its article.
"""

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


# -- fees (国办函〔2020〕109号) -------------------------------------------------------------------
def fee_for_nth_application(n: int) -> int:
    """What the n-th application of one applicant in one natural month costs, in yuan (第四条):
    1–10 free, 11–30 at 100, then each further band of 10 costs 100 more (31–40 at 200 …)."""
    if n < 1:
        raise ValueError("n starts at 1")
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 + 100 * ((n - 31) // 10 + 1)


def fee_by_count(count: int) -> int:
    """Total fee for one applicant's `count` applications in one natural month (第四条)."""
    if count < 0:
        raise ValueError("count must not be negative")
    return sum(fee_for_nth_application(n) for n in range(1, count + 1))


# (first page of the band, price per page); 1–30 free (第五条).
PAGE_BANDS = ((31, 10), (101, 20), (201, 40))


def fee_by_pages(pages: int) -> int:
    """Fee for one application of `pages` pages, charged band by band (第五条). An office charges
    by count or by pages for one application, never both (第三条)."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    total = 0
    for i, (first, price) in enumerate(PAGE_BANDS):
        last = PAGE_BANDS[i + 1][0] - 1 if i + 1 < len(PAGE_BANDS) else pages
        if pages >= first:
            total += (min(pages, last) - first + 1) * price
    return total


# -- outcomes (第三十六条 to 第三十九条), the rows of annual-report table 三 --------------------
@dataclass(frozen=True)
class Outcome:
    code: str
    group: str  # the table-三 heading: （一）予以公开 …
    label: str  # the row label within the group, or the group itself
    basis: str  # the article the reply letter cites
    letter: str  # what the letter tells the applicant (the Jiangsu standard's wording, shortened)
    note: str = ""  # tells apart outcomes that share a row

    @property
    def display(self) -> str:
        """予以公开, 不予公开：属于国家秘密, … as staff and applicants read it."""
        group = self.group[3:]
        base = group if self.label == self.group else f"{group}：{self.label.split('.', 1)[1]}"
        return f"{base}（{self.note}）" if self.note else base


R = "《中华人民共和国政府信息公开条例》"
# The headings of 三、本年度办理结果 in annual-report table 三, in the format's order.
RESULT_GROUPS = (
    "（一）予以公开",
    "（二）部分公开",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
)
DISCLOSED, PARTIAL, WITHHELD, UNAVAILABLE, NOT_HANDLED, OTHER = RESULT_GROUPS

# In the order of table 三's rows: the table's result rows are read from this list.
OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "disclosed",
        DISCLOSED,
        DISCLOSED,
        f"{R}第三十六条第（二）项",
        "您申请的政府信息属于可以公开的信息，现予提供（或告知获取的方式、途径和时间）。",
    ),
    Outcome(
        "disclosed_published",
        DISCLOSED,
        DISCLOSED,
        f"{R}第三十六条第（一）项",
        "您申请的政府信息已经主动公开，可通过以下方式、途径获取。",
        note="已主动公开",
    ),
    Outcome(
        "partial",
        PARTIAL,
        PARTIAL,
        f"{R}第三十七条",
        "您申请的信息中含有不应当公开的内容，经区分处理，现提供可以公开的部分；"
        "不予公开的内容及理由如下。",
    ),
    Outcome(
        "withheld_secret",
        WITHHELD,
        "1.属于国家秘密",
        f"{R}第十四条、第三十六条第（三）项",
        "您申请的政府信息依法确定为国家秘密，不予公开。",
    ),
    Outcome(
        "withheld_prohibited",
        WITHHELD,
        "2.其他法律行政法规禁止公开",
        f"{R}第十四条、第三十六条第（三）项",
        "您申请的政府信息属于法律、行政法规禁止公开的信息，不予公开。",
    ),
    Outcome(
        "withheld_safety",
        WITHHELD,
        "3.危及“三安全一稳定”",
        f"{R}第十四条、第三十六条第（三）项",
        "您申请的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，不予公开。",
    ),
    Outcome(
        "withheld_third_party",
        WITHHELD,
        "4.保护第三方合法权益",
        f"{R}第十五条、第三十二条、第三十六条第（三）项",
        "您申请的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，不予公开。",
    ),
    Outcome(
        "withheld_internal",
        WITHHELD,
        "5.属于三类内部事务信息",
        f"{R}第十六条第一款、第三十六条第（三）项",
        "您申请的政府信息属于行政机关的内部事务信息，不予公开。",
    ),
    Outcome(
        "withheld_process",
        WITHHELD,
        "6.属于四类过程性信息",
        f"{R}第十六条第二款、第三十六条第（三）项",
        "您申请的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息，不予公开。",
    ),
    Outcome(
        "withheld_enforcement",
        WITHHELD,
        "7.属于行政执法案卷",
        f"{R}第十六条第二款、第三十六条第（三）项",
        "您申请的政府信息属于行政执法案卷信息，不予公开。",
    ),
    Outcome(
        "withheld_inquiry",
        WITHHELD,
        "8.属于行政查询事项",
        f"{R}第三十六条第（七）项",
        "您申请的信息属于工商、不动产登记资料等信息，请依照有关法律、行政法规的规定办理。",
    ),
    Outcome(
        "unavailable_not_held",
        UNAVAILABLE,
        "1.本机关不掌握相关政府信息",
        f"{R}第三十六条第（四）项、第（五）项",
        "经检索，本机关没有您申请公开的政府信息（或该信息不属于本机关负责公开）。",
    ),
    Outcome(
        "unavailable_needs_making",
        UNAVAILABLE,
        "2.没有现成信息需要另行制作",
        f"{R}第三十八条",
        "您申请的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。",
    ),
    Outcome(
        "unavailable_unclear",
        UNAVAILABLE,
        "3.补正后申请内容仍不明确",
        f"{R}第三十条",
        "您的申请经补正后内容仍不明确，本机关无法提供。",
    ),
    Outcome(
        "not_handled_petition",
        NOT_HANDLED,
        "1.信访举报投诉类申请",
        f"{R}第三十九条第一款",
        "您的申请属于信访、投诉、举报等事项，不作为政府信息公开申请处理，可通过相应渠道提出。",
    ),
    Outcome(
        "not_handled_repeat",
        NOT_HANDLED,
        "2.重复申请",
        f"{R}第三十六条第（六）项",
        "本机关已就您的申请作出答复，您重复申请公开相同政府信息，不予重复处理。",
    ),
    Outcome(
        "not_handled_publication",
        NOT_HANDLED,
        "3.要求提供公开出版物",
        f"{R}第三十九条第二款",
        "您申请的是政府公报、报刊、书籍等公开出版物，可通过以下途径获取。",
    ),
    Outcome(
        "not_handled_excessive",
        NOT_HANDLED,
        "4.无正当理由大量反复申请",
        f"{R}第三十五条",
        "您申请公开政府信息的数量、频次明显超过合理范围且理由不合理，不予处理。",
    ),
    Outcome(
        "not_handled_confirmation",
        NOT_HANDLED,
        "5.要求行政机关确认或重新出具已获取信息",
        f"{R}第三十六条",
        "您要求确认或重新出具已获取的政府信息，本机关不予处理。",
    ),
    Outcome(
        "other_no_clarification",
        OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        f"{R}第三十条",
        "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该申请。",
    ),
    Outcome(
        "other_unpaid_fee",
        OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "国办函〔2020〕109号第七条",
        "您逾期未按收费通知缴纳信息处理费，视为放弃申请，本机关不再处理该申请。",
    ),
    Outcome("other", OTHER, "3.其他", f"{R}", "本机关对您的申请作出如下处理。"),
)
OUTCOME_BY_CODE = {o.code: o for o in OUTCOMES}
# Outcomes the case reaches by itself, never chosen as a reply.
LAPSE_OUTCOMES = {"other_no_clarification", "other_unpaid_fee"}


def outcome(code: str) -> Outcome:
    try:
        return OUTCOME_BY_CODE[code]
    except KeyError:
        raise RuleError(f"未知的答复类型：{code}") from None


# -- annual-report table 三 (国办公开办函〔2021〕30号) ------------------------------------------
# The rows word for word: reports.format lays them out, the statistics count by them.
NEW_ROW = "一、本年新收政府信息公开申请数量"
CARRIED_ROW = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
TOTAL_ROW = "（七）总计"
FORWARD_ROW = "四、结转下年度继续办理"
# The format's cell for 部分公开 also says how to count it.
COUNTING_NOTES = {PARTIAL: "（区分处理的，只计这一情形，不计其他情形）"}


def _result_rows() -> dict[tuple[str, str], tuple[str, ...]]:
    rows: dict[tuple[str, str], tuple[str, ...]] = {}
    for o in OUTCOMES:
        rows[(o.group, o.label)] = (*rows.get((o.group, o.label), ()), o.code)
    return rows


# Each row of 三、本年度办理结果 as (group, label), with the outcomes it adds up.
TABLE3_RESULTS = _result_rows()
# Every row of the table as the path of its label cells, as the format prints them.
TABLE3_ROWS: tuple[tuple[str, ...], ...] = (
    (NEW_ROW,),
    (CARRIED_ROW,),
    *(
        (RESULTS, group + COUNTING_NOTES.get(group, ""))
        if label == group
        else (RESULTS, group, label)
        for group, label in TABLE3_RESULTS
    ),
    (RESULTS, TOTAL_ROW),
    (FORWARD_ROW,),
)


def remedies() -> str:
    """The remedies every reply letter states (第五十一条)."""
    review, litigation = period("remedy.review"), period("remedy.litigation")
    return (
        f"如对本答复不服，可以自收到本答复之日起{review}内依法申请行政复议，"
        f"或者自收到本答复之日起{litigation}内依法向人民法院提起行政诉讼。"
    )


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
    EXTENDED = "extended"
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
    Step.EXTENDED: "延长答复期限",
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
    Step.EXTENDED: (frozenset({"handling", "third_party_consulting"}), None),
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


def refusal(state: str, step: Step, taken: set[Step] | frozenset[Step]) -> str | None:
    """Why `step` is not open to a case in `state` that has taken `taken`; None when it is."""
    if state not in TRANSITIONS[step][0]:
        return f"当前状态下不能{STEP_LABELS[step]}"
    if step in ONCE and step in taken:
        return ONCE[step]
    return None


def open_steps(state: str, taken: set[Step] | frozenset[Step]) -> list[Step]:
    """The steps a case in `state` may take now, in the table's order: what its page offers."""
    return [step for step in TRANSITIONS if refusal(state, step, taken) is None]


def next_state(state: str, step: Step, *, taken: set[Step] | frozenset[Step] = frozenset()) -> str:
    """The state after `step`, or RuleError when the step is not open to a case in `state`."""
    if why := refusal(state, step, taken):
        raise RuleError(why)
    target = TRANSITIONS[step][1]
    if state == "new" and target is None and step is Step.ASSIGNED:
        return "handling"
    return target or state
