"""Worked examples for the statutory rules of disclosure on request, computed by hand against the
2026 holidays: 端午节 6月19日–21日; 中秋节 9月25日–27日; 国庆节 10月1日–7日,
10月10日（周六）上班."""

from datetime import date

import chinese_calendar
import pytest

from gongkai.calendar.rules import DayInfo, Source
from gongkai.foi.rules import (
    OUTCOMES,
    Channel,
    ClockInput,
    DeadlineQuestion,
    Pause,
    PauseKind,
    RuleError,
    Step,
    check_extension,
    clarification_notice_due,
    compute_clock,
    fee_by_count,
    fee_by_pages,
    fee_for_nth_application,
    open_steps,
    outcome,
    receipt_date,
)


def library(day: date) -> DayInfo:
    """The 2026 calendar straight from chinese_calendar, so these tests need no database."""
    holiday, name = chinese_calendar.get_holiday_detail(day)
    return DayInfo(day, not holiday, name or ("周末" if holiday else "工作日"), Source.LIBRARY)


D = date.fromisoformat
TP, FEE = PauseKind.THIRD_PARTY, PauseKind.FEE

CLOCK_EXAMPLES = [
    # 20 working days from Mon 1 June (第三十三条): 2–5 → 4; 8–12 → 9; 15–18 → 13; 19 Jun 端午;
    # 22–26 → 18; 29, 30 → 20.
    ("plain", ClockInput(D("2026-06-01")), "2026-06-30"),
    # Extended by 20 (第三十三条第二款): Jul 1–3 → 23; 6–10 → 28; 13–17 → 33; 20–24 → 38; 27, 28.
    ("extended", ClockInput(D("2026-06-01"), extension=20), "2026-07-28"),
    # Third party asked on Wed 3 June, answer on Wed 10 June; 3–10 do not count (第三十二条):
    # 2 → 1; 11, 12 → 3; 15–18 → 7; 22–26 → 12; 29, 30 → 14; Jul 1–3 → 17; 6, 7, 8 → 20.
    (
        "third-party-consulted",
        ClockInput(D("2026-06-01"), pauses=(Pause(TP, D("2026-06-03"), D("2026-06-10")),)),
        "2026-07-08",
    ),
    # No answer: the pause lasts the third party's 15 working days (4, 5, 8–12, 15–18, 22–25 →
    # ends Thu 25 June). Count: 2 → 1; 26 → 2; 29, 30 → 4; Jul 1–3 → 7; 6–10 → 12; 13–17 → 17;
    # 20, 21, 22 → 20.
    ("no answer", ClockInput(D("2026-06-01"), pauses=(Pause(TP, D("2026-06-03")),)), "2026-07-22"),
    # A late answer (1 July) does not stretch the pause past the third party's period.
    (
        "late answer",
        ClockInput(D("2026-06-01"), pauses=(Pause(TP, D("2026-06-03"), D("2026-07-01")),)),
        "2026-07-22",
    ),
    # Corrected application arrived Thu 24 Sep: the clock restarts (第三十条). 25–27 中秋;
    # 28–30 → 3; Oct 1–7 国庆; 8, 9 → 5; Sat 10 (make-up) → 6; 12–16 → 11; 19–23 → 16; 26–29 → 20.
    (
        "clarified",
        ClockInput(D("2026-09-10"), clarification_received=D("2026-09-24")),
        "2026-10-29",
    ),
    # Fee notice Fri 5 June, paid Tue 9 June: 5–9 do not count. 2–4 → 3; 10–12 → 6; 15–18 → 10;
    # 22–26 → 15; 29, 30 → 17; Jul 1–3 → 20.
    (
        "fee paid",
        ClockInput(D("2026-06-01"), pauses=(Pause(FEE, D("2026-06-05"), D("2026-06-09")),)),
        "2026-07-03",
    ),
]


@pytest.mark.parametrize(
    ("name", "clock", "due"), CLOCK_EXAMPLES, ids=[e[0] for e in CLOCK_EXAMPLES]
)
def test_reply_due_dates(name, clock, due):
    result = compute_clock(clock, library)
    assert result.due == D(due)
    assert result.steps[-1].counted == result.limit
    assert not result.provisional


def test_an_unpaid_fee_stops_the_clock():
    result = compute_clock(
        ClockInput(D("2026-06-01"), pauses=(Pause(FEE, D("2026-06-05")),)), library
    )
    assert result.due is None and result.waiting_for is FEE
    assert [s.counted for s in result.steps] == [1, 2, 3]  # 2, 3, 4 June


def test_the_steps_say_why_a_day_was_skipped():
    result = compute_clock(
        ClockInput(D("2026-06-01"), pauses=(Pause(TP, D("2026-06-03"), D("2026-06-04")),)), library
    )
    reasons = {s.day: s.reason for s in result.steps if s.counted is None}
    assert reasons[D("2026-06-03")] == "征求第三方意见期间，不计入"
    assert reasons[D("2026-06-06")] == "周末"
    assert reasons[D("2026-06-19")] == "Dragon Boat Festival"


@pytest.mark.parametrize("days", [0, 21, -1])
def test_an_extension_is_at_most_20_working_days(days):
    with pytest.raises(RuleError, match="20个工作日"):
        check_extension(days)


def test_clarification_must_be_asked_within_7_working_days():
    # Received Wed 17 June: 18 → 1; 19 端午; 22–26 → 6; 29 → 7.
    assert clarification_notice_due(D("2026-06-17"), library) == D("2026-06-29")


@pytest.mark.parametrize(
    ("channel", "dates", "expected"),
    [
        (Channel.IN_PERSON, {"handed_in": "2026-06-01"}, "2026-06-01"),
        (
            Channel.REGISTERED_POST,
            {"signed_for": "2026-06-03", "confirmed": "2026-06-05"},
            "2026-06-03",
        ),
        (Channel.ORDINARY_POST, {"confirmed": "2026-06-04"}, "2026-06-04"),
        (Channel.ONLINE, {"handed_in": "2026-06-01", "confirmed": "2026-06-02"}, "2026-06-02"),
        (Channel.FAX, {"confirmed": "2026-06-02"}, "2026-06-02"),
        (Channel.EMAIL, {"confirmed": "2026-06-02"}, "2026-06-02"),
    ],
)
def test_receipt_date_by_channel(channel, dates, expected):
    assert receipt_date(channel, **{k: D(v) for k, v in dates.items()}) == D(expected)


@pytest.mark.parametrize(
    ("channel", "dates", "message"),
    [
        (Channel.REGISTERED_POST, {"confirmed": "2026-06-05"}, "签收日期"),
        (Channel.ONLINE, {"handed_in": "2026-06-01"}, "确认的日期"),
        (Channel.IN_PERSON, {}, "提交日期"),
    ],
)
def test_receipt_date_needs_the_right_date(channel, dates, message):
    with pytest.raises(RuleError, match=message):
        receipt_date(channel, **{k: D(v) for k, v in dates.items()})


@pytest.mark.parametrize(
    ("n", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_fee_of_the_nth_application_in_a_month(n, fee):
    assert fee_for_nth_application(n) == fee


@pytest.mark.parametrize(
    ("count", "total"),
    [
        (0, 0),
        (10, 0),
        (11, 100),
        (30, 2000),  # 20 × 100
        (31, 2200),  # + 200
        (40, 4000),  # 2000 + 10 × 200
        (41, 4300),  # + 300
        (50, 7000),  # 4000 + 10 × 300
        (51, 7400),  # + 400
    ],
)
def test_fee_by_count(count, total):
    assert fee_by_count(count) == total


@pytest.mark.parametrize(
    ("pages", "total"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 × 10
        (101, 720),  # + 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # + 40
        (250, 4700),  # 2700 + 50 × 40
    ],
)
def test_fee_by_pages(pages, total):
    assert fee_by_pages(pages) == total


def test_outcomes_cover_every_row_of_table_three_once():
    rows = {(o.group, o.label) for o in OUTCOMES}
    assert len(rows) == 21  # 予以公开, 部分公开, 8 不予公开, 3 无法提供, 5 不予处理, 3 其他处理
    assert outcome("withheld_third_party").basis.endswith("第三十六条第（三）项")
    with pytest.raises(RuleError):
        outcome("nonsense")


@pytest.mark.parametrize(
    ("code", "display"),
    [
        ("disclosed", "予以公开"),
        ("disclosed_published", "予以公开（已主动公开）"),
        ("withheld_secret", "不予公开：属于国家秘密"),
        ("not_handled_repeat", "不予处理：重复申请"),
    ],
)
def test_outcome_names(code, display):
    assert outcome(code).display == display


@pytest.mark.parametrize(
    ("state", "taken", "expected"),
    [
        ("new", [], ["assigned", "note", "file_added", "clarification_requested", "replied"]),
        (
            "handling",
            [Step.CLARIFICATION_REQUESTED],  # asked once already (条例第三十条)
            [
                "assigned",
                "note",
                "file_added",
                "third_party_consultation_started",
                "extension_requested",
                "fee_notified",
                "replied",
            ],
        ),
        (
            "handling",
            [Step.EXTENSION_REQUESTED],  # waiting for the head of the office
            [
                "assigned",
                "note",
                "file_added",
                "clarification_requested",
                "third_party_consultation_started",
                "extended",
                "extension_declined",
                "fee_notified",
                "replied",
            ],
        ),
        (
            "handling",
            [Step.EXTENSION_REQUESTED, Step.EXTENSION_DECLINED],  # may ask again
            [
                "assigned",
                "note",
                "file_added",
                "clarification_requested",
                "third_party_consultation_started",
                "extension_requested",
                "fee_notified",
                "replied",
            ],
        ),
        (
            "third_party_consulting",
            [Step.EXTENSION_REQUESTED, Step.EXTENDED],  # extended once already (条例第三十三条)
            ["assigned", "note", "file_added", "third_party_consultation_ended"],
        ),
        ("replied", [], ["note", "file_added", "delivered"]),
        ("archived", [], []),
    ],
)
def test_the_steps_a_case_is_open_to(state, taken, expected):
    assert [s.value for s in open_steps(state, taken)] == expected


TOO_EARLY = "本计算器按2019年5月15日起施行的修订后条例计算，日期不能早于该日"


@pytest.mark.parametrize(
    ("question", "problems"),
    [
        (DeadlineQuestion(D("2026-06-01")), {}),
        (
            DeadlineQuestion(D("2019-05-14"), D("2019-05-20")),
            {"received": TOO_EARLY},
        ),
        (
            DeadlineQuestion(D("2026-06-01"), D("2100-01-04")),
            {"clarification_received": "日期超出可计算的范围"},
        ),
        # A date out of range is reported alone: the order of the others means nothing yet.
        (
            DeadlineQuestion(D("2026-06-01"), D("2019-01-02"), ((D("2026-05-01"), None),)),
            {"clarification_received": TOO_EARLY},
        ),
        (
            DeadlineQuestion(D("2026-06-01"), D("2026-05-29")),
            {"clarification_received": "收到补正的日期不能早于收到原申请的日期"},
        ),
        (
            DeadlineQuestion(
                D("2026-06-01"),
                third_party_consultations=(
                    (D("2026-05-29"), D("2026-06-03")),
                    (D("2026-06-03"), D("2026-06-05")),
                    (D("2026-06-10"), D("2026-06-09")),
                    (D("2026-06-15"), None),
                ),
            ),
            {
                "consultation_1_start": "征求意见的开始日期不能早于收到申请的日期",
                "consultation_3_end": "收到意见的日期不能早于发出征求意见的日期",
            },
        ),
    ],
)
def test_the_calculators_date_problems_by_field(question, problems):
    assert question.problems() == problems
