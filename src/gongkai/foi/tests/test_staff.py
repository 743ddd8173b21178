"""Staff pages for applications, every view walked with every role, reminders and the archive."""

import io
import json
import zipfile
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from gongkai.core.models import Notification, PeriodChange
from gongkai.core.periods import WD, period
from gongkai.foi import services
from gongkai.foi.codes import digest
from gongkai.foi.letters import converter_available
from gongkai.foi.models import InfoRequest
from gongkai.foi.staff_forms import ClarificationForm
from gongkai.publishing.tests.test_services import _docx

from . import factories

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def june1():
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(district):
    case = factories.submit(district.gov).case
    return services.case_assign(actor=district.users["office"], case=case, unit=district.education)


def test_the_list_is_scoped_to_the_users_units(client, district, case):
    other = factories.submit(district.gov).case
    services.case_assign(actor=district.users["office"], case=other, unit=district.finance)
    visible = {
        role: set(InfoRequest.objects.none())
        for role in ("office", "editor", "town_editor", "leader", "reviewer")
    }
    for role in visible:
        client.force_login(district.users[role])
        html = client.get(reverse("foi_staff:list")).content.decode()
        visible[role] = {c.registration_no for c in (case, other) if c.registration_no in html}
    assert visible["office"] == visible["leader"] == {case.registration_no, other.registration_no}
    assert visible["editor"] == {case.registration_no}
    assert visible["town_editor"] == visible["reviewer"] == set()


def test_list_query_count_is_flat(client, district, django_assert_max_num_queries):
    for _ in range(12):
        factories.submit(district.gov)
    client.force_login(district.users["office"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("foi_staff:list")).status_code == 200


def test_due_soon_and_overdue_are_flagged(client, district, case, june1):
    june1.move_to("2026-06-24 10:00 +0800")  # due 30 June: 4 working days left
    client.force_login(district.users["office"])
    html = client.get(reverse("foi_staff:list"), {"due": "soon"}).content.decode()
    assert case.registration_no in html and "剩余 4 个工作日" in html and "due-soon" in html
    assert "5个工作日内到期" in html
    june1.move_to("2026-07-02 10:00 +0800")
    html = client.get(reverse("foi_staff:list"), {"due": "overdue"}).content.decode()
    assert case.registration_no in html and "已超期 2 个工作日" in html


def test_intake_shows_the_code_once_on_a_receipt(client, district):
    client.force_login(district.users["office"])
    data = {
        **factories.APPLICANT,
        "receiver": district.gov.pk,
        "channel": "registered_post",
        "signed_for": "2026-05-28",
        "confirmed_by": "收发室王五",
    }
    html = client.post(reverse("foi_staff:intake"), data).content.decode()
    created = InfoRequest.objects.get()
    assert created.received_on == D("2026-05-28") and created.receipt_confirmed_by == "收发室王五"
    code = html.split('class="code">')[1].split("<")[0]
    assert digest(code) == created.query_code_digest
    missing = client.post(reverse("foi_staff:intake"), {**data, "signed_for": ""})
    assert "签收日期" in missing.content.decode() and InfoRequest.objects.count() == 1


def test_handling_a_case_through_the_pages(client, district, case, june1):
    editor = district.users["editor"]
    client.force_login(editor)
    page = client.get(reverse("foi_staff:case", args=[case.pk])).content.decode()
    assert "2026年6月30日" in page and "分办" not in page.split("办理记录")[0].split("办理</h2>")[1]
    step = lambda name, **data: client.post(  # noqa: E731
        reverse("foi_staff:step", args=[case.pk, name]),
        {f"{name}-{k}": v for k, v in data.items()},
        follow=True,
    )
    june1.move_to("2026-06-03 10:00 +0800")
    assert (
        "已征求意见"
        in step(
            "third-party-consult", on="2026-06-03", kind="third_party", party="某公司"
        ).content.decode()
    )
    early = step("third-party-consulted", on="2026-06-10").content.decode()
    assert "不能晚于今天" in early  # 10 June is still in the future
    june1.move_to("2026-06-10 10:00 +0800")
    step("third-party-consulted", on="2026-06-10", opinion="同意公开")
    case.refresh_from_db()
    assert case.due_on == D("2026-07-08")
    page = step("reply", on="2026-06-10", outcome="disclosed", detail="").content.decode()
    assert "已作出答复" in page
    case.refresh_from_db()
    assert case.state == "replied" and case.files.filter(letter="reply").exists()
    step("deliver", on="2026-06-10", way="电子邮件")
    assert client.get(reverse("foi_staff:archive", args=[case.pk])).status_code == 200


def test_step_errors_come_back_as_messages(client, district, case):
    client.force_login(district.users["editor"])
    response = client.post(
        reverse("foi_staff:step", args=[case.pk, "reply"]),
        {"reply-on": "2026-06-01", "reply-outcome": "partial", "reply-detail": ""},
        follow=True,
    )
    assert "部分公开须写明不予公开的内容及理由" in response.content.decode()
    assert InfoRequest.objects.get().state == "handling"


def test_files_upload_and_download(client, district, case):
    client.force_login(district.users["editor"])
    client.post(
        reverse("foi_staff:step", args=[case.pk, "file"]),
        {
            "file-kind": "evidence",
            "file-title": "检索记录",
            "file-file": SimpleUploadedFile("a.docx", _docx("检索")),
        },
    )
    record = case.files.get(kind="evidence")
    response = client.get(reverse("foi_staff:file", args=[record.uuid]))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
    client.force_login(district.users["town_editor"])
    assert client.get(reverse("foi_staff:file", args=[record.uuid])).status_code == 404


def test_a_letter_downloads_as_pdf(client, district, case):
    if not converter_available():
        from gongkai.conftest import require_or_skip

        require_or_skip("GONGKAI_REQUIRE_PDF", "LibreOffice is not installed")
    services.case_reply(
        actor=district.users["editor"], case=case, on=D("2026-06-01"), outcome="disclosed"
    )
    letter = case.files.get(letter="reply")
    client.force_login(district.users["editor"])
    response = client.get(reverse("foi_staff:file", args=[letter.uuid]), {"format": "pdf"})
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")


def test_the_archive_holds_letters_log_and_materials(client, district, case):
    editor = district.users["editor"]
    services.case_reply(actor=editor, case=case, on=D("2026-06-01"), outcome="disclosed")
    services.case_deliver(actor=editor, case=case, on=D("2026-06-01"), way="当面领取")
    client.force_login(editor)
    response = client.get(reverse("foi_staff:archive", args=[case.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        names = zf.namelist()
        summary = json.loads(zf.read("申请.json"))
        log = zf.read("办理记录.txt").decode()
    assert any(n.startswith("文书/") and n.endswith(".docx") for n in names)
    assert summary["registration_no"] == case.registration_no and summary["outcome"] == "予以公开"
    assert "作出答复" in log and "送达" in log and "office" in log


def test_open_cases_cannot_be_exported(client, district, case):
    client.force_login(district.users["office"])
    response = client.get(reverse("foi_staff:archive", args=[case.pk]), follow=True)
    assert "办结后才能导出案卷" in response.content.decode()


@pytest.mark.parametrize(("days", "due"), [(None, "2026-06-23"), (10, "2026-06-15")])
def test_the_correction_period_is_the_tables(days, due):
    # 15 working days from 1 June: 2–5, 8–12, 15–18 June, 端午 on the 19th, 22 and 23 June.
    if days:
        PeriodChange.objects.create(
            key="foi.clarification", amount=days, unit=WD, source="某地规定"
        )
    form = ClarificationForm(data={"on": "2026-06-01", "items": "请写明年份"})
    assert form.is_valid() and form.cleaned_data["correct_by"] == D(due)
    allowed, help_text = period("foi.clarification"), form.fields["correct_by"].help_text
    assert f"告知日起{allowed}" in help_text and allowed.source in help_text


def test_statistics_page(client, district, case):
    client.force_login(district.users["office"])
    html = client.get(reverse("foi_staff:statistics"), {"year": "2026"}).content.decode()
    assert "一、本年新收政府信息公开申请数量" in html and "✓ 成立" in html


def test_remind_once_per_threshold(
    district, case, june1, capsys, django_capture_on_commit_callbacks
):
    june1.move_to("2026-06-24 10:00 +0800")
    district.users["editor"].email = "editor@example.com"
    district.users["editor"].save()
    with django_capture_on_commit_callbacks(execute=True):  # mail goes out once committed
        call_command("remind")
    assert "将于 2026-06-30 到期" in capsys.readouterr().out
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"editor", "office"}
    assert len(mail.outbox) == 1 and "2026-06-30" in mail.outbox[0].subject
    call_command("remind")
    assert "0 reminders sent" in capsys.readouterr().out
    june1.move_to("2026-07-01 10:00 +0800")
    call_command("remind")
    assert "已超过答复期限" in capsys.readouterr().out
    assert Notification.objects.count() == 4


# --- every staff view, every role ---------------------------------------------------------
ROLES = ["admin", "office", "editor", "reviewer", "leader", "town_editor", "citizen", None]
EXPECTED = {
    #              list intake case statistics assign note archive-step
    "admin": ["ok", "ok", "ok", "ok", "ok", "ok", "no"],
    "office": ["ok", "ok", "ok", "ok", "ok", "ok", "no"],
    "editor": ["ok", "no", "ok", "ok", "no", "ok", "no"],
    "reviewer": ["ok", "no", "no", "ok", "no", "no", "no"],
    "leader": ["ok", "no", "ok", "ok", "no", "no", "no"],
    "town_editor": ["ok", "no", "no", "ok", "no", "no", "no"],
    "citizen": ["no", "no", "no", "no", "no", "no", "no"],
    None: ["login"] * 7,
}


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_view_with_every_role(client, district, case, role):
    views = [
        ("get", reverse("foi_staff:list"), {}),
        ("get", reverse("foi_staff:intake"), {}),
        ("get", reverse("foi_staff:case", args=[case.pk]), {}),
        ("get", reverse("foi_staff:statistics"), {}),
        (
            "post",
            reverse("foi_staff:step", args=[case.pk, "assign"]),
            {"assign-unit": district.education.pk},
        ),
        ("post", reverse("foi_staff:step", args=[case.pk, "note"]), {"note-text": "查档"}),
        ("post", reverse("foi_staff:step", args=[case.pk, "archive"]), {}),
    ]
    if role:
        client.force_login(district.users[role])
    for (method, url, data), expected in zip(views, EXPECTED[role], strict=True):
        response = getattr(client, method)(url, data)
        if expected == "login":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif expected == "ok":
            assert response.status_code in (200, 302), (role, url, response.status_code)
            if method == "post":
                assert "未完成" not in client.get(response["Location"]).content.decode(), url
        else:
            blocked = response.status_code in (403, 404) or (
                method == "post" and "未完成" in client.get(response["Location"]).content.decode()
            )
            assert blocked, (role, url, response.status_code)


def test_reminders_show_in_the_app_until_read(client, district, case, june1):
    june1.move_to("2026-06-24 10:00 +0800")
    call_command("remind")
    client.force_login(district.users["editor"])
    nav = client.get(reverse("staff:home")).content.decode()
    assert 'href="/staff/notifications/">提醒 <span class="badge badge-overdue">1</span>' in nav
    page = client.get(reverse("notifications")).content.decode()
    assert "将于 2026-06-30 到期" in page and reverse("foi_staff:case", args=[case.pk]) in page
    assert "badge-overdue" not in client.get(reverse("staff:home")).content.decode()


def test_the_case_page_offers_what_the_transition_table_allows(client, district, case):
    """The one extension the law allows: asked by the handler, answered by someone else from the
    office; once granted, nobody is offered another."""
    page = reverse("foi_staff:case", args=[case.pk])
    ask = reverse("foi_staff:step", args=[case.pk, "extend-request"])
    grant = reverse("foi_staff:step", args=[case.pk, "extend"])
    client.force_login(district.users["editor"])
    html = client.get(page).content.decode()
    assert ask in html and grant not in html
    services.extension_request(
        actor=district.users["editor"], case=case, on=D("2026-06-01"), days=10, reason="档案多"
    )
    html = client.get(page).content.decode()
    assert ask not in html and grant not in html  # a handler does not approve
    client.force_login(district.users["office"])
    assert grant in client.get(page).content.decode()
    services.extension_grant(actor=district.users["office"], case=case, on=D("2026-06-01"))
    html = client.get(page).content.decode()
    assert ask not in html and grant not in html
    assert reverse("foi_staff:step", args=[case.pk, "reply"]) in html


@pytest.mark.parametrize("year", ["²", "１２", "٣", "0", "99999", "1.5"])
def test_statistics_for_a_year_that_is_not_one_show_this_year(client, district, june1, year):
    client.force_login(district.users["office"])
    response = client.get(reverse("foi_staff:statistics"), {"year": year})
    assert response.status_code == 200 and response.context["year"] == 2026
