import importlib
from datetime import date

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as Docx

from gongkai.calendar.rules import parse_schedule
from gongkai.calendar.services import calendar_days_set
from gongkai.calendar.workdays import forget
from gongkai.core.actors import SYSTEM
from gongkai.core.models import PeriodChange
from gongkai.core.periods import WD
from gongkai.foi import paperwork, services
from gongkai.foi.codes import digest
from gongkai.foi.models import CaseState, InfoRequest, LetterTemplate
from gongkai.foi.rules import Channel, PauseKind, RuleError
from gongkai.orgs.models import Role
from gongkai.orgs.services import membership_grant, user_create

from . import factories

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def june1():
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False) as traveller:
        yield traveller


def go(traveller, day: str):
    traveller.move_to(f"{day} 10:00 +0800")


def letter_text(case_file) -> str:
    with case_file.file.open("rb") as handle:
        return "\n".join(p.text for p in Docx(handle).paragraphs)


def test_an_online_application_is_registered_with_a_private_code(district, june1):
    result = factories.submit(district.gov)
    case = result.case
    assert result.created
    assert case.registration_no == "依申〔2026〕00001号"
    assert case.received_on == D("2026-06-01") and case.receipt_confirmed_by == "平台自动确认"
    assert case.state == CaseState.NEW
    assert case.due_on == D("2026-06-30")  # 20 working days, 端午 skipped
    assert case.query_code_digest == digest(result.query_code)
    assert result.query_code not in str(InfoRequest.objects.values().get())
    assert [e.action for e in case.events.all()] == ["received"]


def test_a_double_submit_makes_one_application_with_the_same_code(district, june1):
    import uuid

    key = uuid.uuid4()
    first = services.case_submit(receiver=district.gov, key=key, data=factories.APPLICANT)
    again = services.case_submit(receiver=district.gov, key=key, data=factories.APPLICANT)
    assert not again.created and again.case.pk == first.case.pk
    assert again.query_code == first.query_code
    assert InfoRequest.objects.count() == 1


def test_bad_applicant_data_is_refused_per_field(district, june1):
    with pytest.raises(ValidationError) as error:
        factories.submit(district.gov, name="", email="not-an-email", delivery_way="teleport")
    assert {"name", "email", "delivery_way"} <= set(error.value.message_dict)


@pytest.mark.parametrize(
    ("channel", "dates", "received"),
    [
        (Channel.REGISTERED_POST, {"signed_for": D("2026-05-27")}, "2026-05-27"),
        (Channel.ORDINARY_POST, {"confirmed": D("2026-05-29")}, "2026-05-29"),
        (Channel.IN_PERSON, {"handed_in": D("2026-06-01")}, "2026-06-01"),
    ],
)
def test_staff_intake_dates_receipt_by_channel(district, june1, channel, dates, received):
    result = services.case_intake(
        actor=district.users["office"],
        receiver=district.gov,
        channel=channel,
        confirmed_by="王五",
        data=factories.APPLICANT,
        **dates,
    )
    assert result.case.received_on == D(received)
    assert result.case.receipt_confirmed_by == "王五"
    assert result.case.events.get().actor == district.users["office"]


def test_only_the_office_registers_and_assigns(district, june1):
    with pytest.raises(PermissionDenied):
        services.case_intake(
            actor=district.users["editor"],
            receiver=district.gov,
            channel=Channel.IN_PERSON,
            confirmed_by="x",
            handed_in=D("2026-06-01"),
            data=factories.APPLICANT,
        )
    case = factories.submit(district.gov).case
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=district.users["editor"], case=case, unit=district.education)
    case = services.case_assign(
        actor=district.users["office"],
        case=case,
        unit=district.education,
        co_units=[district.finance],
    )
    assert case.state == CaseState.HANDLING and case.unit == district.education
    assert list(case.co_units.all()) == [district.finance]


@pytest.fixture
def assigned(district, june1):
    case = factories.submit(district.gov).case
    return services.case_assign(actor=district.users["office"], case=case, unit=district.education)


def test_clarification_restarts_the_clock_and_is_asked_once(district, assigned, june1):
    editor = district.users["editor"]
    go(june1, "2026-06-03")
    case = services.clarification_request(
        actor=editor,
        case=assigned,
        on=D("2026-06-03"),
        items="请写明所需信息的年份",
        correct_by=D("2026-06-17"),
    )
    assert case.state == CaseState.CLARIFYING and case.due_on is None
    assert "补正期限 2026-06-17" in case.clock_note
    letter = case.files.get(kind="letter")
    assert "补正告知书" in letter.title and "请写明所需信息的年份" in letter_text(letter)
    go(june1, "2026-06-10")
    case = services.clarification_receive(actor=editor, case=case, on=D("2026-06-10"))
    # From Wed 10 June: 11, 12 → 2; 15–18 → 6; 19 端午; 22–26 → 11; 29, 30 → 13;
    # Jul 1–3 → 16; 6–9 → 20.
    assert case.state == CaseState.HANDLING and case.due_on == D("2026-07-09")
    with pytest.raises(RuleError, match="只能告知一次"):
        services.clarification_request(
            actor=editor, case=case, on=D("2026-06-10"), items="再补正", correct_by=D("2026-06-20")
        )


def test_no_correction_in_time_ends_the_application(district, assigned, june1):
    editor = district.users["editor"]
    case = services.clarification_request(
        actor=editor,
        case=assigned,
        on=D("2026-06-01"),
        items="请写明年份",
        correct_by=D("2026-06-05"),
    )
    go(june1, "2026-06-05")
    with pytest.raises(RuleError, match="尚未届满"):
        services.clarification_lapse(actor=editor, case=case, on=D("2026-06-05"))
    go(june1, "2026-06-08")
    case = services.clarification_lapse(actor=editor, case=case, on=D("2026-06-08"))
    assert case.state == CaseState.ENDED and case.outcome == "other_no_clarification"
    assert case.due_on is None and case.closed_on == D("2026-06-08")


def test_consultation_time_is_not_counted(district, assigned, june1):
    editor = district.users["editor"]
    go(june1, "2026-06-03")
    case = services.third_party_consultation_start(
        actor=editor,
        case=assigned,
        on=D("2026-06-03"),
        party="明湖昌信工程咨询有限公司",
        kind=PauseKind.THIRD_PARTY,
    )
    assert case.state == CaseState.THIRD_PARTY_CONSULTING
    assert case.due_on == D("2026-07-22")  # until the 15 working days run out (see test_rules)
    assert "征求意见书" in case.files.get(kind="letter").title
    go(june1, "2026-06-10")
    case = services.third_party_consultation_end(
        actor=editor, case=case, on=D("2026-06-10"), opinion="不同意公开"
    )
    assert case.state == CaseState.HANDLING and case.due_on == D("2026-07-08")


def test_the_consultation_letter_states_the_tables_period(assigned):
    def stated():
        forget()  # each request (here: each letter) reads the table as it stands
        letter = paperwork.build(
            assigned,
            "third_party_consultation",
            number="",
            issued_on=D("2026-06-03"),
            addressee="明湖昌信工程咨询有限公司",
            values={},
        )
        return next(p for p in letter.paragraphs if "提出书面意见" in p)

    assert "自收到本意见书之日起15个工作日内提出书面意见" in stated()
    PeriodChange.objects.create(key="foi.third_party", amount=10, unit=WD, source="某地规定")
    assert "自收到本意见书之日起10个工作日内提出书面意见" in stated()


SEEDED_LETTER = importlib.import_module("gongkai.foi.migrations.0007_consultation_letter_period")
EDITED_LETTER = "本机关自行修改的征求意见书，请于15个工作日内答复。"


@pytest.mark.parametrize(
    ("stored", "after"),
    [
        (SEEDED_LETTER.SEEDED, paperwork.DEFAULTS["third_party_consultation"][1]),
        (EDITED_LETTER, EDITED_LETTER),
    ],
)
def test_a_seeded_consultation_letter_gets_the_tables_period_unless_edited(db, stored, after):
    LetterTemplate.objects.filter(key="third_party_consultation").update(body=stored)
    SEEDED_LETTER.forward(django_apps, None)
    assert LetterTemplate.objects.get(key="third_party_consultation").body == after


def test_one_extension_asked_by_the_handler_and_approved_by_someone_else(district, assigned, june1):
    """条例第三十三条第二款: extended once, by at most 20 working days, with the consent of the
    head of the openness office — who is not the person asking."""
    editor, office = district.users["editor"], district.users["office"]
    with pytest.raises(RuleError, match="20个工作日"):
        services.extension_request(
            actor=editor, case=assigned, on=D("2026-06-01"), days=25, reason="太久"
        )
    with pytest.raises(RuleError, match="没有等待批准"):
        services.extension_grant(actor=office, case=assigned, on=D("2026-06-01"))
    case = services.extension_request(
        actor=editor, case=assigned, on=D("2026-06-01"), days=20, reason="需要检索的档案较多"
    )
    assert case.due_on == D("2026-06-30")  # nothing moves until it is approved
    with pytest.raises(PermissionDenied):  # a handler is not the head of the office
        services.extension_grant(actor=editor, case=case, on=D("2026-06-01"))
    case = services.extension_grant(actor=office, case=case, on=D("2026-06-01"))
    assert case.due_on == D("2026-07-28")
    assert "2026年7月28日前作出答复" in letter_text(case.files.get(kind="letter"))
    assert case.events.last().details["requested_by"] == editor.pk
    with pytest.raises(RuleError, match="只能延长一次"):
        services.extension_request(
            actor=editor, case=case, on=D("2026-06-01"), days=5, reason="再延"
        )


def test_who_asks_for_the_extension_does_not_approve_it(district, assigned, june1):
    office = district.users["office"]
    case = services.extension_request(
        actor=office, case=assigned, on=D("2026-06-01"), days=10, reason="需要征求意见"
    )
    with pytest.raises(PermissionDenied, match="申请延期的人以外"):
        services.extension_grant(actor=office, case=case, on=D("2026-06-01"))
    with pytest.raises(PermissionDenied):
        services.extension_decline(actor=office, case=case, on=D("2026-06-01"), reason="不必")
    colleague = user_create(actor=SYSTEM, username="colleague", password="pw-colleague")
    membership_grant(actor=SYSTEM, user=colleague, unit=district.gov, role=Role.OFFICE)
    case = services.extension_decline(
        actor=colleague, case=case, on=D("2026-06-01"), reason="期限充足"
    )
    assert case.due_on == D("2026-06-30")
    # Declined, the handler may ask again.
    assert services.extension_request(
        actor=office, case=case, on=D("2026-06-01"), days=5, reason="补充说明"
    )


def test_fees_by_count_pause_the_clock_until_paid(district, june1):
    office = district.users["office"]
    cases = [factories.submit(district.gov).case for _ in range(11)]
    tenth = services.case_assign(actor=office, case=cases[9], unit=district.education)
    with pytest.raises(RuleError, match="不收费"):
        services.fee_notify(actor=office, case=tenth, on=D("2026-06-01"))
    eleventh = services.case_assign(actor=office, case=cases[10], unit=district.education)
    go(june1, "2026-06-05")
    case = services.fee_notify(actor=office, case=eleventh, on=D("2026-06-05"))
    assert case.state == CaseState.AWAITING_FEE and case.fee_amount == 100
    assert case.due_on is None and "等待缴纳信息处理费" in case.clock_note
    assert "100元" in letter_text(case.files.get(kind="letter"))
    go(june1, "2026-06-09")
    case = services.fee_pay(actor=office, case=case, on=D("2026-06-09"))
    assert case.state == CaseState.HANDLING and case.due_on == D("2026-07-03")


def test_an_unpaid_fee_lapses_after_20_working_days(district, assigned, june1):
    office = district.users["office"]
    case = services.fee_notify(actor=office, case=assigned, on=D("2026-06-01"), by_pages=31)
    assert case.fee_amount == 10
    pay_by = case.events.get(action="fee_notified").details["pay_by"]
    assert pay_by == "2026-06-30"
    go(june1, "2026-06-30")
    with pytest.raises(RuleError, match="尚未届满"):
        services.fee_lapse(actor=office, case=case, on=D("2026-06-30"))
    go(june1, "2026-07-01")
    services.fee_lapse(actor=office, case=case, on=D("2026-07-01"))
    stored = InfoRequest.objects.get(pk=case.pk)
    assert stored.state == CaseState.ENDED and stored.outcome == "other_unpaid_fee"
    assert stored.fee_amount == 0  # nothing is owed once the application lapsed


def test_reply_deliver_archive(district, assigned, june1):
    editor, office = district.users["editor"], district.users["office"]
    with pytest.raises(ValidationError):
        services.case_reply(actor=editor, case=assigned, on=D("2026-06-01"), outcome="partial")
    with pytest.raises(RuleError):
        services.case_reply(
            actor=editor, case=assigned, on=D("2026-06-01"), outcome="other_unpaid_fee"
        )
    go(june1, "2026-06-12")
    case = services.case_reply(
        actor=editor,
        case=assigned,
        on=D("2026-06-12"),
        outcome="partial",
        detail="招生计划中涉及学生个人信息的部分不予公开（条例第十五条）",
    )
    assert case.state == CaseState.REPLIED and case.outcome == "partial"
    assert case.closed_on == D("2026-06-12")
    assert case.due_on == D("2026-06-30")  # kept: the reply was on time
    text = letter_text(case.files.get(kind="letter"))
    for phrase in [
        "张三",
        "2026年6月1日",
        "依申〔2026〕00001号",
        "第三十七条",
        "不予公开",
        "60日内",
        "6个月内",
        "测试区人民政府",
    ]:
        assert phrase in text, phrase
    with pytest.raises(PermissionDenied):
        services.case_archive(actor=editor, case=case)
    case = services.case_deliver(actor=editor, case=case, on=D("2026-06-12"), way="电子邮件")
    case = services.case_archive(actor=office, case=case)
    assert case.state == CaseState.ARCHIVED
    assert [e.action for e in case.events.all()] == [
        "received",
        "assigned",
        "replied",
        "delivered",
        "archived",
    ]


def test_steps_out_of_order_are_refused(district, assigned, june1):
    with pytest.raises(RuleError, match="当前状态下不能"):
        services.third_party_consultation_end(
            actor=district.users["editor"], case=assigned, on=D("2026-06-01"), opinion="x"
        )
    with pytest.raises(RuleError, match="晚于今天"):
        services.third_party_consultation_start(
            actor=district.users["editor"],
            case=assigned,
            on=D("2026-06-02"),
            party="某公司",
            kind=PauseKind.THIRD_PARTY,
        )


def test_handlers_of_another_unit_cannot_touch_the_case(district, assigned, june1):
    with pytest.raises(PermissionDenied):
        services.case_note(actor=district.users["town_editor"], case=assigned, text="看看")


def test_running_due_dates_follow_a_change_of_the_holiday_table(
    district, django_capture_on_commit_callbacks
):
    with time_machine.travel("2026-12-21 10:00 +0800", tick=False):
        case = factories.submit(district.gov).case
    # Mon 21 Dec: 22–25 → 4; 28–31 → 8; 2027 unknown, weekdays: Jan 1 → 9; 4–8 → 14;
    # 11–15 → 19; 18 → 20.
    assert case.due_on == D("2027-01-18") and "暂定" in case.clock_note
    with django_capture_on_commit_callbacks(execute=True):
        calendar_days_set(
            actor=SYSTEM, year=2027, days=parse_schedule("2027-01-01 放假 元旦", 2027)
        )
    case.refresh_from_db()
    assert case.due_on == D("2027-01-19") and case.clock_note == ""


def test_a_reused_key_with_other_data_reveals_nothing(district, june1):
    import uuid

    key = uuid.uuid4()
    services.case_submit(receiver=district.gov, key=key, data=factories.APPLICANT)
    with pytest.raises(ValidationError) as error:
        services.case_submit(
            receiver=district.gov, key=key, data={**factories.APPLICANT, "name": "李四"}
        )
    assert "key" in error.value.message_dict and InfoRequest.objects.count() == 1


def test_a_reused_key_for_another_agency_reveals_nothing(district, june1):
    """The same person's same form sent again with another agency chosen is not a repeat."""
    import uuid

    key = uuid.uuid4()
    services.case_submit(receiver=district.gov, key=key, data=factories.APPLICANT)
    with pytest.raises(ValidationError) as error:
        services.case_submit(receiver=district.education, key=key, data=factories.APPLICANT)
    assert "key" in error.value.message_dict and InfoRequest.objects.count() == 1
