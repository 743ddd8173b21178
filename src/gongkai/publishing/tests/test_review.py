"""The review chain, the privacy guard, the interpretation gate and Art. 26, through the services
and the office's board."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gongkai.core.actors import SYSTEM
from gongkai.core.models import Notification
from gongkai.core.privacy import id_check_character
from gongkai.core.reminders import remind_all
from gongkai.orgs.models import Role
from gongkai.orgs.services import user_create
from gongkai.publishing import review, selectors, services
from gongkai.publishing.findings import findings_for
from gongkai.publishing.models import NegativeListItem
from gongkai.publishing.rules import Status
from gongkai.publishing.tests import factories
from gongkai.publishing.tests.test_services import _docx

pytestmark = pytest.mark.django_db

ALL_TICKED = dict.fromkeys(review.SECRECY_CHECKLIST, True)
ID_NUMBER = "14042519880101002" + id_check_character("14042519880101002")


def draft(district, **fields):
    return factories.document(
        district.education, actor=district.users["editor"], publish=False, **fields
    )


def submitted(district, **fields):
    return review.review_submit(actor=district.users["editor"], document=draft(district, **fields))


def approve(district, doc, who, **kwargs):
    return review.review_approve(actor=district.users[who], document=doc, **kwargs)


def test_the_default_chain_is_seeded_and_editable_in_the_admin(district):
    assert [(s.name, s.role, s.secrecy_check) for s in review.chain()] == [
        ("初审", Role.REVIEWER, False),
        ("复审", Role.OFFICE, True),
        ("终审", Role.LEADER, False),
    ]


def test_a_draft_goes_through_every_step_and_the_log_says_who_did_what(district):
    doc = submitted(district)
    assert review.current_stage(doc).name == "初审"
    doc = approve(district, doc, "reviewer", comment="同意")
    assert doc.status == Status.IN_REVIEW and review.current_stage(doc).name == "复审"
    doc = approve(district, doc, "office", checklist=ALL_TICKED)
    assert not doc.is_published
    doc = approve(district, doc, "leader")
    assert doc.is_published and doc.index_no
    steps = [(e.action, e.actor.username if e.actor else None, e.details) for e in doc.events.all()]
    assert [(a, u) for a, u, _ in steps] == [
        ("created", "editor"),
        ("submitted", "editor"),
        ("approved", "reviewer"),
        ("approved", "office"),
        ("approved", "leader"),
        ("published", "leader"),  # the last approval publishes at once
    ]
    assert steps[3][2]["stage"] == "复审" and steps[3][2]["checklist"] == ALL_TICKED
    assert doc.events.get(action="approved", details__stage="初审").reason == "同意"


def test_nobody_approves_their_own_draft(district):
    office = district.users["office"]
    # The office drafts for the education bureau: it may not then approve it at 复审.
    doc = factories.document(district.education, actor=office, publish=False)
    doc = review.review_submit(actor=district.users["editor"], document=doc)
    doc = approve(district, doc, "reviewer")
    with pytest.raises(PermissionDenied, match="不能审核自己起草、修改、遮盖或提交的文件"):
        approve(district, doc, "office", checklist=ALL_TICKED)
    # An editor who is also the unit's reviewer cannot approve what they submitted.
    both = user_create(
        actor=SYSTEM,
        username="both",
        password="pw-both",
        memberships=[(district.education, Role.EDITOR), (district.education, Role.REVIEWER)],
    )
    mine = review.review_submit(
        actor=both, document=factories.document(district.education, actor=both, publish=False)
    )
    with pytest.raises(PermissionDenied):
        review.review_approve(actor=both, document=mine)
    assert mine.events.filter(action="approved").count() == 0


def test_each_step_is_taken_by_the_role_it_names(district):
    doc = submitted(district)
    for who in ("leader", "editor", "town_editor", "citizen", "admin"):
        with pytest.raises(PermissionDenied):
            approve(district, doc, who)
    doc = approve(district, doc, "reviewer")
    with pytest.raises(PermissionDenied, match="复审"):
        approve(district, doc, "reviewer")


def test_a_unit_cannot_publish_for_another_unit(district):
    other = user_create(
        actor=SYSTEM,
        username="finance_reviewer",
        password="pw-x",
        memberships=[(district.finance, Role.REVIEWER), (district.finance, Role.EDITOR)],
    )
    doc = submitted(district)
    with pytest.raises(PermissionDenied):
        review.review_approve(actor=other, document=doc)
    with pytest.raises(PermissionDenied):
        review.review_submit(actor=other, document=draft(district))
    with pytest.raises(PermissionDenied):
        services.document_import(actor=district.users["editor"], document=draft(district))
    assert review.current_stage(doc).name == "初审"


def test_the_secrecy_check_must_be_ticked_item_by_item(district):
    doc = approve(district, submitted(district), "reviewer")
    partly = {**ALL_TICKED, "no_privacy": False}
    with pytest.raises(ValidationError, match="保密审查须逐项确认"):
        approve(district, doc, "office", checklist=partly)
    with pytest.raises(ValidationError):
        approve(district, doc, "office")
    assert approve(district, doc, "office", checklist=ALL_TICKED).review_stage == 2


def test_a_return_needs_a_comment_and_sends_the_draft_back_to_the_start(district):
    doc = approve(district, submitted(district), "reviewer")
    with pytest.raises(ValidationError):
        review.review_return(actor=district.users["office"], document=doc, comment=" ")
    doc = review.review_return(actor=district.users["office"], document=doc, comment="补充依据")
    assert doc.status == Status.DRAFT and doc.review_stage == 0
    returned = doc.events.last()
    assert (returned.action, returned.reason, returned.details["stage"]) == (
        "returned",
        "补充依据",
        "复审",
    )
    doc = services.document_update(actor=district.users["editor"], document=doc, body="改过的正文")
    doc = review.review_submit(actor=district.users["editor"], document=doc)
    assert review.current_stage(doc).name == "初审"


def test_nothing_in_review_can_be_edited(district):
    doc = submitted(district)
    with pytest.raises(ValidationError):
        services.document_update(actor=district.users["editor"], document=doc, body="偷改")
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=district.users["editor"],
            document=doc,
            upload=SimpleUploadedFile("a.docx", _docx("x")),
        )


def test_removing_an_attachment_in_review_is_refused_with_a_message(client, district):
    doc = draft(district)
    attachment = services.attachment_add(
        actor=district.users["editor"],
        document=doc,
        upload=SimpleUploadedFile("a.docx", _docx("x")),
    )
    review.review_submit(actor=district.users["editor"], document=doc)
    client.force_login(district.users["editor"])
    response = client.post(reverse("staff:attachment_remove", args=[attachment.uuid]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:document", args=[doc.pk])
    text = [str(m) for m in response.context["messages"]]
    assert text == ["删除附件未完成：审核中或已发布的文件不能更改附件：请退回或撤下后修改"]
    assert doc.attachments.filter(pk=attachment.pk).exists()


# --- the privacy and secret guard ---------------------------------------------------------


def test_a_personal_id_blocks_submission_until_masked(district):
    body = f"申请人王某，身份证号码{ID_NUMBER}，联系电话13812345678。"
    doc = draft(district, body="初稿。")
    doc = services.document_update(actor=district.users["editor"], document=doc, body=body)
    doc = services.document_update(actor=district.users["editor"], document=doc, body=body + "。")
    with pytest.raises(ValidationError, match="2 处未处理"):
        review.review_submit(actor=district.users["editor"], document=doc)
    doc = review.findings_mask(actor=district.users["editor"], document=doc)
    assert doc.body == "申请人王某，身份证号码140425********002X，联系电话138****5678。。"
    assert doc.events.last().reason == "遮盖个人信息和密级标志"
    # The number is kept nowhere: not in a version, not in the log.
    assert [v.body for v in doc.versions.all()] == [
        "初稿。",
        body.replace(ID_NUMBER, "140425********002X").replace("13812345678", "138****5678"),
    ]
    assert not any(ID_NUMBER in str(e.details) for e in doc.events.all())
    doc = review.review_submit(actor=district.users["editor"], document=doc)
    doc = approve(district, doc, "reviewer")
    doc = approve(district, doc, "office", checklist=ALL_TICKED)
    assert approve(district, doc, "leader").is_published


def test_a_reviewer_may_let_a_finding_through_with_a_reason(district):
    doc = draft(district, body="咨询电话：13900001111（区教育局值班电话）。")
    with pytest.raises(PermissionDenied):
        review.finding_override(
            actor=district.users["editor"],
            document=doc,
            kind="mobile",
            text="13900001111",
            reason="公开的值班电话",
        )
    with pytest.raises(ValidationError):
        review.finding_override(
            actor=district.users["reviewer"],
            document=doc,
            kind="mobile",
            text="13900001111",
            reason="",
        )
    review.finding_override(
        actor=district.users["reviewer"],
        document=doc,
        kind="mobile",
        text="13900001111",
        reason="公开的值班电话",
    )
    assert review.review_submit(actor=district.users["editor"], document=doc).status == "in_review"
    logged = doc.events.get(action="finding_overridden")
    assert (logged.actor.username, logged.reason, logged.details["text"]) == (
        "reviewer",
        "公开的值班电话",
        "13900001111",
    )


def test_findings_in_attachments_and_marks_count_too(district):
    doc = draft(district, title="机密★1年 关于某事项的通知")
    services.attachment_add(
        actor=district.users["editor"],
        document=doc,
        upload=SimpleUploadedFile("名单.docx", _docx("联系人邮箱 zhangsan@example.com")),
    )
    found = {(f.where, f.finding.kind.value) for f in findings_for(doc)}
    assert found == {("标题", "secret_mark"), ("名单.docx", "email")}
    doc = review.findings_mask(actor=district.users["editor"], document=doc)
    assert doc.title.startswith("[已删除密级标志]")
    # The tool cannot rewrite an attachment: it is replaced, or let through by a reviewer.
    with pytest.raises(ValidationError, match="1 处未处理"):
        review.review_submit(actor=district.users["editor"], document=doc)


def test_a_finding_that_appears_after_submission_still_stops_publication(district):
    doc = approve(district, submitted(district), "reviewer")
    doc = approve(district, doc, "office", checklist=ALL_TICKED)
    # A finding the guard did not know at submission (here, planted behind the services' back).
    type(doc).objects.filter(pk=doc.pk).update(body=f"身份证{ID_NUMBER}")
    with pytest.raises(ValidationError, match="隐私与保密检查"):
        approve(district, doc, "leader")
    doc.refresh_from_db()
    assert doc.status == Status.IN_REVIEW and doc.events.filter(action="approved").count() == 2


# --- interpretation gate (三同步) -----------------------------------------------------------


def test_a_policy_needs_an_interpretation_or_an_exemption(district):
    doc = approve(district, submitted(district, genre="normative"), "reviewer")
    doc = approve(district, doc, "office", checklist=ALL_TICKED)
    with pytest.raises(ValidationError, match="解读"):
        approve(district, doc, "leader")
    with pytest.raises(PermissionDenied):
        review.interpretation_exempt(actor=district.users["editor"], document=doc, reason="x")
    with pytest.raises(ValidationError):
        review.interpretation_exempt(actor=district.users["office"], document=doc, reason="")
    review.interpretation_exempt(
        actor=district.users["office"], document=doc, reason="仅作文字修订，不涉及实质内容"
    )
    assert approve(district, doc, "leader").is_published
    assert doc.events.filter(action="interpretation_exempted").exists()


def test_an_interpretation_drafted_alongside_opens_the_gate(district):
    policy = approve(district, submitted(district, genre="policy"), "reviewer")
    policy = approve(district, policy, "office", checklist=ALL_TICKED)
    factories.document(
        district.education,
        actor=district.users["editor"],
        publish=False,
        kind="interpretation",
        genre="interpretation",
        interprets=policy,
    )
    assert approve(district, policy, "leader").is_published


# --- 公开属性认定 and Art. 26 ---------------------------------------------------------------


def test_withholding_needs_a_legal_ground_or_a_negative_list_item(district):
    with pytest.raises(ValidationError, match="法定理由"):
        draft(district, disclosure_mode="withheld")
    with pytest.raises(ValidationError):  # a ground that does not fit the attribute
        draft(district, disclosure_mode="on_request", disclosure_ground="state_secret")
    assert draft(district, disclosure_mode="withheld", disclosure_ground="process").pk
    item = NegativeListItem.objects.create(
        unit=district.education, matter="学生个人信息", basis="《个人信息保护法》"
    )
    withheld = draft(district, disclosure_mode="withheld", negative_item=item)
    assert withheld.publish_due is None  # Art. 26 is about proactive disclosure only


def test_only_proactive_information_reaches_the_portal(district):
    doc = submitted(district, disclosure_mode="on_request", disclosure_ground="specific_party")
    doc = approve(district, approve(district, doc, "reviewer"), "office", checklist=ALL_TICKED)
    with pytest.raises(ValidationError, match="不在门户主动公开"):
        approve(district, doc, "leader")


@pytest.mark.parametrize(
    ("formed_on", "due"),
    [
        # Mon 28 Sep 2026: 29, 30 Sep; 1–7 Oct National Day; 8, 9 Oct; Sat 10 Oct is a make-up
        # workday (5th); then 12–16, 19–23, 26–30 Oct: the 20th working day is Fri 30 Oct.
        (date(2026, 9, 28), date(2026, 10, 30)),
        # Mon 2 Nov 2026, no holiday: four full weeks, the 20th working day is Mon 30 Nov.
        (date(2026, 11, 2), date(2026, 11, 30)),
    ],
)
def test_the_art26_deadline_is_20_working_days_from_formation(district, formed_on, due):
    assert draft(district, formed_on=formed_on).publish_due == due


# --- scheduled publication ----------------------------------------------------------------


def test_an_approved_document_waits_for_its_set_time(district):
    at = timezone.now() + timedelta(hours=2)
    doc = approve(district, submitted(district, publish_at=at), "reviewer")
    doc = approve(district, approve(district, doc, "office", checklist=ALL_TICKED), "leader")
    assert doc.status == Status.APPROVED and not doc.is_published
    assert review.publish_scheduled(now=at - timedelta(minutes=1)) == ([], [])
    published, held = review.publish_scheduled(now=at)
    assert [d.pk for d in published] == [doc.pk] and held == []
    doc.refresh_from_db()
    assert doc.is_published and doc.published_at >= at - timedelta(seconds=1)


def test_a_scheduled_document_blocked_at_its_time_waits_and_says_why_once(district):
    at = timezone.now() + timedelta(hours=1)
    policy = submitted(district, genre="normative", publish_at=at)
    explained = factories.document(
        district.education,
        actor=district.users["editor"],
        kind="interpretation",
        genre="interpretation",
        interprets=policy,
    )
    policy = approve(district, policy, "reviewer")
    policy = approve(district, policy, "office", checklist=ALL_TICKED)
    assert approve(district, policy, "leader").status == Status.APPROVED
    # Before its time comes, the interpretation is taken down: the gate closes again.
    services.document_withdraw(actor=district.users["office"], document=explained, reason="有误")
    for _ in range(2):
        published, held = review.publish_scheduled(now=at)
        assert published == [] and [d.pk for d, _ in held] == [policy.pk]
    assert policy.events.filter(action="publish_blocked").count() == 1
    # The command runs on the clock: let the set time have come.
    type(policy).objects.filter(pk=policy.pk).update(publish_at=timezone.now())
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "暂不能发布" in out.getvalue() and "0 published, 1 held back" in out.getvalue()


def test_the_office_can_take_back_an_approved_document_before_its_time(district):
    at = timezone.now() + timedelta(days=1)
    doc = approve(district, submitted(district, publish_at=at), "reviewer")
    doc = approve(district, approve(district, doc, "office", checklist=ALL_TICKED), "leader")
    with pytest.raises(PermissionDenied):
        review.review_return(actor=district.users["editor"], document=doc, comment="撤回")
    doc = review.review_return(actor=district.users["office"], document=doc, comment="时机不宜")
    assert doc.status == Status.DRAFT and review.publish_scheduled(now=at) == ([], [])


# --- the office's board and Art. 26 reminders ---------------------------------------------


def test_the_board_shows_who_each_draft_waits_for_what_is_late_and_what_is_blocked(district):
    today = date(2026, 11, 23)
    waiting = submitted(district, title="待初审的文件")
    late = draft(district, title="超期未公开", formed_on=date(2026, 10, 1))
    soon = draft(district, title="即将到期", formed_on=date(2026, 10, 26))
    factories.document(district.finance, actor=district.users["office"], publish=False)
    board = selectors.review_board(user=district.users["office"], today=today)
    assert [
        (w.document.title, w.stage.name, [u.username for u in w.reviewers]) for w in board.waiting
    ] == [("待初审的文件", "初审", ["reviewer"])]
    assert [(u.username, n) for u, n in board.per_reviewer] == [("reviewer", 1)]
    # 1 Oct (holiday) + 20 working days = 3 Nov; 26 Oct + 20 = 23 Nov (today: due, not late).
    assert [(d.title, d.publish_due) for d in board.late] == [("超期未公开", date(2026, 11, 3))]
    assert [(d.title, d.publish_due) for d in board.due_soon] == [("即将到期", date(2026, 11, 23))]
    assert board.blocked == []
    assert waiting.pk and late.pk and soon.pk


def test_the_board_is_for_the_office_and_lists_blocked_documents(client, district):
    doc = submitted(district)
    type(doc).objects.filter(pk=doc.pk).update(body=f"身份证{ID_NUMBER}")
    client.force_login(district.users["editor"])
    assert client.get(reverse("staff:review_board")).status_code == 403
    client.force_login(district.users["office"])
    html = client.get(reverse("staff:review_board")).content.decode()
    assert "审核看板" in html and doc.title in html and "1 处" in html
    assert "条例第二十六条规定的20个工作日期限" in html


def test_art26_reminders_go_once_to_the_unit_and_the_office(district):
    draft(district, title="超期未公开", formed_on=date(2026, 10, 1))
    sent = [r for r in remind_all(date(2026, 11, 23)) if r.key.startswith("publishing:")]
    assert len(sent) == 1 and "已超过法定公开期限（2026-11-03）" in sent[0].text
    assert {u.username for u in sent[0].users} == {"editor", "reviewer", "office"}
    assert Notification.objects.filter(user=district.users["office"]).count() == 1
    assert remind_all(date(2026, 11, 23)) == []


# --- versions -----------------------------------------------------------------------------


def test_earlier_versions_are_kept_and_compared_line_by_line(client, district):
    doc = draft(district, body="第一行\n第二行")
    services.document_update(actor=district.users["editor"], document=doc, body="第一行\n第二行改")
    client.force_login(district.users["reviewer"])
    html = client.get(reverse("staff:document_versions", args=[doc.pk])).content.decode()
    assert "第二行改" in html and "第1版" in html
    from gongkai.publishing.views import line_diff

    assert line_diff("a\nb", "a\nc") == [("same", "a"), ("removed", "b"), ("added", "c")]


# --- 负面清单 --------------------------------------------------------------------------------


def test_the_negative_list_is_kept_by_reviewers_and_the_office(client, district):
    reviewer, editor = district.users["reviewer"], district.users["editor"]
    with pytest.raises(PermissionDenied):
        services.negative_item_add(actor=editor, unit=district.education, matter="x", basis="y")
    client.force_login(reviewer)
    page = client.post(
        reverse("staff:negative_list"),
        {"unit": district.education.pk, "matter": "学生个人信息", "basis": "个人信息保护法"},
        follow=True,
    ).content.decode()
    assert "已加入负面清单" in page
    item = NegativeListItem.objects.get()
    assert (item.created_by, item.retired_at) == (reviewer, None)
    refused = client.post(reverse("staff:negative_item_retire", args=[item.pk]), {"reason": ""})
    assert refused.status_code == 302 and NegativeListItem.objects.get().retired_at is None
    client.post(reverse("staff:negative_item_retire", args=[item.pk]), {"reason": "并入新清单"})
    item.refresh_from_db()
    assert item.retired_by == reviewer and item.retired_reason == "并入新清单"
    from gongkai.publishing.forms import DocumentForm

    assert list(DocumentForm(user=editor).fields["negative_item"].queryset) == []
    client.force_login(district.users["town_editor"])
    assert (
        client.post(
            reverse("staff:negative_list"), {"unit": district.town.pk, "matter": "x", "basis": "y"}
        ).status_code
        == 403
    )


def test_a_document_cites_only_its_own_units_negative_list(district):
    other = NegativeListItem.objects.create(unit=district.finance, matter="x", basis="y")
    with pytest.raises(ValidationError, match="负面清单"):
        draft(district, disclosure_mode="withheld", negative_item=other)


def test_the_units_list_flags_drafts_near_or_past_the_art26_deadline(client, district):
    draft(district, title="超期未公开", formed_on=date(2026, 10, 1))
    draft(district, title="按期", formed_on=timezone.localdate())
    client.force_login(district.users["editor"])
    html = client.get(reverse("staff:home")).content.decode()
    assert "超过公开期限 11-03" in html and html.count("badge-overdue") == 1
