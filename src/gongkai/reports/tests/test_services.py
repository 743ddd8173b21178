"""Preparing a report: the narrative, figures entered by hand, the checks, the document that goes
through the review chain, the remedies behind table 四, the reminders and the pages."""

import inspect
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.core.actors import SYSTEM, Actor
from gongkai.core.reminders import remind_all
from gongkai.foi import services as foi
from gongkai.foi.tests.test_statistics import case
from gongkai.orgs import permissions
from gongkai.orgs.models import Unit
from gongkai.publishing import review
from gongkai.publishing.models import Attachment, Document
from gongkai.publishing.tests import factories
from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.reports.rules import REPORT_TRANSITIONS, Change, State
from gongkai.reports.selectors import filled, t2_key, t3_key
from gongkai.reports.statistics import year_figures

pytestmark = pytest.mark.django_db
CHARGES = t2_key("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）")


def travel(day: str):
    return time_machine.travel(
        datetime.fromisoformat(day).replace(hour=9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    )


@pytest.fixture
def report(district):
    with travel("2027-01-06"):
        return services.report_create(
            actor=district.users["editor"], unit=district.education, year=2026
        )


def ready(district, report):
    report = services.report_edit(
        actor=district.users["editor"],
        report=report,
        overview="2026年，区教育局认真贯彻落实条例。",
        problems="解读形式较为单一。下一步将加强图解。",
        other="本年度未收取信息处理费。",
    )
    return services.figure_enter(
        actor=district.users["editor"],
        report=report,
        key=CHARGES,
        value="12.35",
        reason="据区财政局非税收入系统导出数",
    )


def test_a_unit_starts_its_report_once_and_only_for_its_units(district, report):
    assert report.title == "测试区教育局2026年政府信息公开工作年度报告"
    with travel("2027-01-06"), pytest.raises(ValidationError, match="已经存在"):
        services.report_create(actor=district.users["editor"], unit=district.education, year=2026)
    with travel("2027-01-06"), pytest.raises(PermissionDenied):
        services.report_create(actor=district.users["editor"], unit=district.finance, year=2026)
    with travel("2027-01-06"), pytest.raises(ValidationError, match="年度"):
        services.report_create(actor=district.users["office"], unit=district.finance, year=2028)
    assert [e.action for e in report.events.order_by("pk")] == ["created"]


def test_what_cannot_be_computed_is_entered_by_hand_with_a_reason(district, report):
    editor = district.users["editor"]
    content = filled(report)
    charges = content.table2[("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）")]
    assert charges.value is None and charges.manual is None
    with pytest.raises(ValidationError, match="说明"):
        services.figure_enter(actor=editor, report=report, key=CHARGES, value="12.35", reason=" ")
    for bad in ("十二", "-1", "1.23456"):
        with pytest.raises(ValidationError):
            services.figure_enter(actor=editor, report=report, key=CHARGES, value=bad, reason="r")
    with pytest.raises(ValidationError, match="单元格"):
        services.figure_enter(actor=editor, report=report, key="t9|x", value="1", reason="r")
    report = services.figure_enter(
        actor=editor, report=report, key=CHARGES, value="12.35", reason="财政非税收入系统"
    )
    cell = filled(report).table2[
        ("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）")
    ]
    assert str(cell.value) == "12.35" and cell.manual["by"] == "editor"
    # A computed figure can be corrected too: the page shows both, the report the entered one.
    report = services.figure_enter(
        actor=editor, report=report, key=t3_key(0, 0), value="5", reason="系统上线前的纸质登记 5 件"
    )
    first = filled(report).table3[0][0]
    assert (first.computed, first.value) == (0, 5)
    report = services.figure_clear(actor=editor, report=report, key=t3_key(0, 0))
    assert filled(report).table3[0][0].value == 0
    assert [e.action for e in report.events.order_by("pk")][-3:] == [
        "figure_entered",
        "figure_entered",
        "figure_cleared",
    ]


def test_the_checks_speak_before_publication(district, report):
    problems = {(p.where, p.text) for p in filled(report).problems()}
    assert ("一、总体情况", "尚未填写") in problems
    assert (
        "表二 行政事业性收费",
        "“本年收费金额（单位：万元）”尚无数据，请填写并说明来源",
    ) in problems
    with pytest.raises(ValidationError):
        services.report_submit(actor=district.users["editor"], report=report)
    report = services.report_edit(
        actor=district.users["editor"], report=report, overview="字" * 1001, problems="p", other=""
    )
    assert ("一、总体情况", "1001 字，原则上不超过 1000 字") in {
        (p.where, p.text) for p in filled(report).problems()
    }
    # An entry that breaks a sum is caught like a computed one.
    report = services.figure_enter(
        actor=district.users["editor"], report=report, key=t3_key(0, 0), value="1", reason="r"
    )
    texts = [p.text for p in filled(report).problems()]
    assert "总计不等于各类申请人之和" in texts


def test_the_report_becomes_a_document_that_goes_through_the_review_chain(client, district, report):
    from docx import Document as Docx

    case(district.education, "2026-03-01", "natural", "2026-03-20", "disclosed")
    report = ready(district, report)
    with travel("2027-01-08"):
        report = services.report_submit(actor=district.users["editor"], report=report)
    document = report.document
    assert document.status == "in_review" and document.issuer == district.education
    assert document.title == report.title and document.catalogue_item.code == "18"
    names = sorted(a.original_name for a in document.attachments.all())
    assert names[0] == f"{report.title}.docx"
    docx = Attachment.objects.get(document=document, original_name__endswith=".docx")
    text = "\n".join(p.text for p in Docx(BytesIO(docx.file.read())).paragraphs)
    assert "一、总体情况" in text and "解读形式较为单一" in text
    assert "本年度未收取信息处理费。" in text and text.count("信息处理费") == 1
    # While it is in review, the report is frozen.
    with pytest.raises(ValidationError, match="已送审"):
        services.report_edit(
            actor=district.users["editor"], report=report, overview="改", problems="p", other=""
        )
    checklist = dict.fromkeys(review.SECRECY_CHECKLIST, True)
    document = review.review_approve(actor=district.users["reviewer"], document=document)
    document = review.review_approve(
        actor=district.users["office"], document=document, checklist=checklist
    )
    assert review.review_approve(actor=district.users["leader"], document=document).is_published
    public = client.get(reverse("annual_reports:list")).content.decode()
    assert report.title in public and document.get_absolute_url() in public


# --- the table decides -----------------------------------------------------------------------


def with_document(district, report, status: str | None) -> AnnualReport:
    """The report with a document in `status` (None: none made yet), set by hand."""
    if status is not None:
        document = factories.document(district.education, publish=False, title=report.title)
        Document.objects.filter(pk=document.pk).update(status=status)
        AnnualReport.objects.filter(pk=report.pk).update(document=document)
    return AnnualReport.objects.select_related("document").get(pk=report.pk)


# Each change with what it needs besides the report; CHARGES is entered by `ready`.
CHANGES = {
    Change.EDIT: (services.report_edit, {"overview": "改", "problems": "改", "other": ""}),
    Change.ENTER_FIGURE: (
        services.figure_enter,
        {"key": t3_key(0, 0), "value": "5", "reason": "纸质登记"},
    ),
    Change.CLEAR_FIGURE: (services.figure_clear, {"key": CHARGES}),
    Change.SUBMIT: (services.report_submit, {}),
}


def stored(report: AnnualReport) -> tuple[dict, int, str | None, int]:
    """Every column of the report as stored, the length of its log, and its document's status
    and number of files."""
    row = AnnualReport.objects.select_related("document").get(pk=report.pk)
    columns = {f.attname: getattr(row, f.attname) for f in AnnualReport._meta.concrete_fields}
    document = row.document
    return (
        columns,
        row.events.count(),
        document and document.status,
        document.attachments.count() if document else 0,
    )


@pytest.mark.parametrize("status", ["in_review", "approved", "published"])
@pytest.mark.parametrize("change", list(Change))
def test_a_locked_report_refuses_every_change_and_keeps_what_it_had(
    district, report, status, change
):
    report = with_document(district, ready(district, report), status)
    before = stored(report)
    service, arguments = CHANGES[change]
    with pytest.raises(ValidationError, match="内容已锁定"):
        service(actor=district.users["editor"], report=report, **arguments)
    assert stored(report) == before


@pytest.mark.parametrize("status", [None, "draft", "withdrawn"])
@pytest.mark.parametrize("change", [c for c in Change if c != Change.SUBMIT])
def test_a_report_being_drafted_changes_as_the_table_says(district, report, status, change):
    report = with_document(district, ready(district, report), status)
    state, (_, logged, _, _) = report.state, stored(report)
    service, arguments = CHANGES[change]
    report = service(actor=district.users["editor"], report=report, **arguments)
    assert state == State.DRAFTING
    assert report.state == REPORT_TRANSITIONS.table[(state, change)]
    assert report.events.count() == logged + 1


def test_a_withdrawn_report_is_submitted_again_into_review(district, report):
    report = with_document(district, ready(district, report), "withdrawn")
    with travel("2027-01-08"):
        report = services.report_submit(actor=district.users["editor"], report=report)
    report.refresh_from_db()
    assert report.state == REPORT_TRANSITIONS.table[(State.DRAFTING, Change.SUBMIT)]
    assert report.document.status == "in_review"
    assert report.events.order_by("pk").last().action == "submitted"


@pytest.mark.parametrize(
    "service",
    [
        services.report_create,
        services.report_edit,
        services.figure_enter,
        services.figure_clear,
        services.report_submit,
    ],
)
def test_every_service_names_its_actor(service):
    actor = inspect.signature(service).parameters["actor"]
    assert actor.kind is inspect.Parameter.KEYWORD_ONLY
    assert actor.default is inspect.Parameter.empty and actor.annotation == Actor


@pytest.mark.parametrize("change", list(Change))
def test_the_platform_makes_no_change_it_is_not_granted(district, report, change):
    report = ready(district, report)
    before = stored(report)
    service, arguments = CHANGES[change]
    with pytest.raises(PermissionDenied):
        service(actor=SYSTEM, report=report, **arguments)
    assert stored(report) == before


def test_a_figure_the_platform_enters_is_by_the_platform(district, report, monkeypatch):
    # Not granted today; were figures loaded from another system, the entry would say who.
    monkeypatch.setattr(permissions, "SYSTEM_GRANTS", frozenset({permissions.Action.REPORT_MANAGE}))
    report = services.figure_enter(
        actor=SYSTEM, report=report, key=CHARGES, value="12.35", reason="财政非税收入系统"
    )
    assert report.manual[CHARGES]["by"] == "系统"
    event = report.events.order_by("pk").last()
    assert (event.action, event.actor, event.by) == ("figure_entered", None, "系统")


def test_a_change_that_would_change_nothing_writes_nothing_and_says_so(district, report):
    editor = district.users["editor"]
    report = ready(district, report)
    before = stored(report)
    with pytest.raises(ValidationError, match="文字部分没有修改"):
        services.report_edit(
            actor=editor,
            report=report,
            overview=f"{report.overview}  ",  # the same text once trimmed
            problems=report.problems,
            other=report.other,
        )
    with pytest.raises(ValidationError, match="该单元格没有人工填报") as refused:
        services.figure_clear(actor=editor, report=report, key=t3_key(0, 0))
    assert "key" in refused.value.message_dict
    assert stored(report) == before


DETAIL_FORMS = ("reports:figure_enter", "reports:figure_clear", "reports:submit")


@pytest.mark.parametrize(
    ("role", "status", "offered"),
    [
        ("editor", None, True),
        ("editor", "draft", True),
        ("editor", "withdrawn", True),
        ("editor", "in_review", False),
        ("editor", "approved", False),
        ("editor", "published", False),
        ("reviewer", None, False),  # reads the report, does not prepare it
    ],
)
def test_the_detail_page_offers_changes_only_where_the_table_allows(
    client, district, report, role, status, offered
):
    report = with_document(district, ready(district, report), status)
    client.force_login(district.users[role])
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    forms = {name for name in DETAIL_FORMS if reverse(name, args=[report.pk]) in html}
    assert forms == (set(DETAIL_FORMS) if offered else set())
    assert ("<textarea" in html) == offered
    assert ("内容已锁定" in html) == (status in ("in_review", "approved", "published"))


def test_a_change_posted_from_a_page_older_than_the_lock_is_refused_on_the_page(
    client, district, report
):
    report = with_document(district, ready(district, report), "in_review")
    before = stored(report)
    client.force_login(district.users["editor"])
    response = client.post(
        reverse("reports:detail", args=[report.pk]),
        {"overview": "改", "problems": "改", "other": ""},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("reports:detail", args=[report.pk]), 302)]
    assert "报告已送审，内容已锁定" in response.content.decode()
    assert stored(report) == before


def test_remedies_are_recorded_and_decided_by_the_unit(district):
    editor, other = district.users["editor"], district.users["town_editor"]
    with pytest.raises(PermissionDenied):
        foi.remedy_record(
            actor=other, respondent=district.education, kind="review", filed_on=date(2026, 5, 1)
        )
    remedy = foi.remedy_record(
        actor=editor, respondent=district.education, kind="review", filed_on=date(2026, 5, 1)
    )
    with pytest.raises(ValidationError):
        foi.remedy_decide(
            actor=editor, remedy=remedy, outcome="pending", decided_on=date(2026, 6, 1)
        )
    with pytest.raises(ValidationError):
        foi.remedy_decide(
            actor=editor, remedy=remedy, outcome="upheld", decided_on=date(2026, 4, 1)
        )
    remedy = foi.remedy_decide(
        actor=editor, remedy=remedy, outcome="upheld", decided_on=date(2026, 6, 1)
    )
    assert [e.action for e in remedy.events.all()] == ["recorded", "decided"]
    elsewhere = case(district.finance, "2026-03-01", "natural", "2026-03-20", "disclosed")
    with pytest.raises(ValidationError, match="所涉申请"):
        foi.remedy_record(
            actor=district.users["office"],
            respondent=district.education,
            kind="litigation",
            filed_on=date(2026, 5, 1),
            case=elsewhere,
        )


def test_reminders_before_and_after_the_statutory_date(district):
    def keys(day):
        return sorted(r.key for r in remind_all(day) if r.key.startswith("report:"))

    assert keys(date(2026, 12, 1)) == []  # next year's dates are far
    # Departments and towns by 31 January: 15 working days before, from about 8 January.
    soon = keys(date(2027, 1, 12))
    assert soon == sorted(
        f"report:{u.pk}:2026:soon" for u in (district.education, district.finance, district.town)
    )
    assert keys(date(2027, 1, 13)) == []  # once
    late = keys(date(2027, 2, 1))
    assert f"report:{district.education.pk}:2026:late" in late
    # The government's date is 31 March: reminded in March, not in January.
    assert f"report:{district.gov.pk}:2026:soon" in keys(date(2027, 3, 10))


def test_the_pages_for_staff_and_the_public(client, district, report):
    client.force_login(district.users["editor"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    for text in (
        "一、总体情况",
        "（本列数据的勾稽关系",
        "4.保护第三方合法权益",
        "复议后起诉",
        "待填报",
    ):
        assert text in page
    response = client.post(
        reverse("reports:figure_enter", args=[report.pk]),
        {"key": CHARGES, "value": "3", "reason": "财政数据"},
    )
    assert (
        response.status_code == 302 and AnnualReport.objects.get().manual[CHARGES]["value"] == "3"
    )
    docx = client.get(reverse("reports:docx", args=[report.pk]))
    assert docx.status_code == 200 and docx.getvalue().startswith(b"PK")
    assert "filename*=utf-8''" in docx["Content-Disposition"].lower()  # RFC 5987: any case
    client.force_login(district.users["town_editor"])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    client.force_login(district.users["citizen"])
    assert client.get(reverse("reports:list")).status_code == 403
    client.logout()
    assert "暂无年度报告" in client.get(reverse("annual_reports:list")).content.decode()


def test_the_statistics_page(client, district):
    case(district.education, "2026-03-02", "natural", "2026-03-10", "disclosed")
    late = case(district.education, "2026-03-05", "business", "2026-04-20", "withheld_secret")
    type(late).objects.filter(pk=late.pk).update(due_on=date(2026, 4, 2))
    figures = year_figures(Unit.objects.all(), 2026)
    # Mon 2 Mar → Tue 10 Mar: 3–6, 9, 10 Mar = 6 working days. Thu 5 Mar → Mon 20 Apr: 6 Mar,
    # 9–13, 16–20, 23–27, 30–31 Mar, 1–3 Apr (21), 清明 4–6 Apr off, 7–10, 13–17, 20 Apr = 31.
    assert (figures.handling.average_days, figures.handling.longest_days) == (18.5, 31)
    assert (figures.handling.closed, figures.handling.on_time) == (2, 1)
    assert figures.received[2] == 2 and sum(figures.received) == 2
    assert dict(figures.closed_by_group)["（三）不予公开"][3] == 1  # closed in April
    client.force_login(district.users["office"])
    with travel("2026-12-01"):
        page = client.get(reverse("reports:statistics"), {"year": "2026"}).content.decode()
    assert "政务公开统计（2026年）" in page and "<svg" in page
    client.force_login(district.users["citizen"])
    assert client.get(reverse("reports:statistics")).status_code == 403


def test_list_pages_query_count_is_flat(client, district, django_assert_max_num_queries):
    office = district.users["office"]
    with travel("2027-01-06"):
        for year in range(2016, 2027):
            services.report_create(actor=office, unit=district.education, year=year)
    for n in range(12):
        foi.remedy_record(
            actor=office, respondent=district.finance, kind="review", filed_on=date(2026, 1, n + 1)
        )
    client.force_login(office)
    with django_assert_max_num_queries(11):  # session, user, roles, nav: none per row
        assert client.get(reverse("reports:list")).status_code == 200
    with django_assert_max_num_queries(11):  # session, user, roles, nav: none per row
        assert client.get(reverse("reports:remedies")).status_code == 200


def test_section_six_reports_the_fees_collected(district, report):
    from gongkai.foi.models import CaseEvent

    paid = case(district.education, "2026-04-01", "natural", "2026-04-30", "disclosed")
    CaseEvent.objects.create(
        case=paid, action="fee_paid", on=date(2026, 4, 20), details={"amount": 1200}
    )
    assert filled(report).printable().other == "本年度收取信息处理费1,200元。"
    report = services.report_edit(
        actor=district.users["editor"], report=report, overview="o", problems="p", other="无。"
    )
    assert filled(report).printable().other == "无。\n本年度收取信息处理费1,200元。"
    report = services.report_edit(
        actor=district.users["editor"],
        report=report,
        overview="o",
        problems="p",
        other="本年度收取信息处理费1200元，已全额上缴国库。",
    )
    assert filled(report).printable().other == "本年度收取信息处理费1200元，已全额上缴国库。"


def test_whoever_wrote_the_report_approves_no_step_of_its_document(district, report):
    """The office filled a figure; the editor submitted. The office's hand is on the report, so
    another member of the office takes the secrecy review."""
    from gongkai.orgs.models import Role
    from gongkai.orgs.services import membership_grant, user_create

    case(district.education, "2026-03-01", "natural", "2026-03-20", "disclosed")
    report = ready(district, report)
    report = services.figure_enter(
        actor=district.users["office"], report=report, key=CHARGES, value="12.4", reason="复核"
    )
    with travel("2027-01-08"):
        report = services.report_submit(actor=district.users["editor"], report=report)
    document = review.review_approve(actor=district.users["reviewer"], document=report.document)
    checklist = dict.fromkeys(review.SECRECY_CHECKLIST, True)
    with pytest.raises(PermissionDenied, match="起草、修改、遮盖或提交"):
        review.review_approve(
            actor=district.users["office"], document=document, checklist=checklist
        )
    colleague = user_create(actor=SYSTEM, username="colleague", password="pw-colleague")
    membership_grant(actor=SYSTEM, user=colleague, unit=district.gov, role=Role.OFFICE)
    assert review.review_approve(actor=colleague, document=document, checklist=checklist)


@pytest.mark.parametrize("year", ["²", "１２", "٣", "0", "99999", "2007", "2027"])
def test_statistics_for_a_year_that_is_not_one_show_this_year(client, district, year):
    client.force_login(district.users["office"])
    with travel("2026-12-01"):
        response = client.get(reverse("reports:statistics"), {"year": year})
    assert response.status_code == 200 and response.context["figures"].year == 2026
