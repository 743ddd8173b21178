"""Staff pages, and every staff view walked with every role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.publishing.models import Document
from gongkai.publishing.tests import factories
from gongkai.publishing.tests.test_services import _docx

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "kind": "document",
        "title": "关于开展政务公开日活动的通知",
        "issuer": "",
        "doc_no": "",
        "written_on": "2026-11-20",
        "topic": "02",
        "genre": "notice",
        "validity": "valid",
        "catalogue_item": "",
        "keywords": "",
        "body": "正文内容。",
        "interprets_index_no": "",
        "disclosure_mode": "proactive",
        "disclosure_ground": "",
        "negative_item": "",
        "formed_on": "2026-11-20",
        "publish_at": "",
    }
    return {**data, **overrides}


def test_staff_pages_need_a_login(client, district):
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(district.users["citizen"])
    assert client.get(reverse("staff:home")).status_code == 403


def test_login_page_works(client, district):
    response = client.post(reverse("login"), {"username": "editor", "password": "pw-editor"})
    assert response.status_code == 302 and response["Location"] == reverse("staff:home")
    bad = client.post(reverse("login"), {"username": "editor", "password": "wrong"})
    assert bad.status_code == 200 and "errors" in bad.content.decode()


def test_editor_drafts_uploads_and_reviewer_publishes(client, district):
    client.force_login(district.users["editor"])
    response = client.post(reverse("staff:document_create"), _form(issuer=district.education.pk))
    doc = Document.objects.get(title="关于开展政务公开日活动的通知")
    assert response["Location"] == reverse("staff:document", args=[doc.pk])
    client.post(
        reverse("staff:attachment_upload", args=[doc.pk]),
        {"file": SimpleUploadedFile("活动方案.docx", _docx("活动方案正文"))},
    )
    assert doc.attachments.get().original_name == "活动方案.docx"
    bad = client.post(
        reverse("staff:attachment_upload", args=[doc.pk]),
        {"file": SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00binary")},
        follow=True,
    )
    assert "上传附件未完成：不支持的文件类型" in bad.content.decode()
    # Nothing is published straight from a draft: it is submitted, then approved at each step
    # by the role the step names, and the editor cannot approve what they submitted.
    client.post(reverse("staff:document_submit", args=[doc.pk]))
    assert client.post(_approve(doc), _CHECKLIST).status_code == 403
    for role in ("reviewer", "office", "leader"):
        client.force_login(district.users[role])
        assert client.post(_approve(doc), _CHECKLIST).status_code == 302
    doc.refresh_from_db()
    assert doc.is_published and doc.index_no
    assert [e.action for e in doc.events.all()][-5:] == [
        "submitted",
        "approved",
        "approved",
        "approved",
        "published",
    ]


_CHECKLIST = {"decision": "approve", "comment": "同意"} | {
    f"check_{key}": "on"
    for key in ("no_state_secret", "no_work_secret", "no_privacy", "attribute_right")
}


def _approve(doc):
    return reverse("staff:document_review", args=[doc.pk])


def test_the_issuer_choices_are_the_users_units(client, district):
    client.force_login(district.users["editor"])
    response = client.post(reverse("staff:document_create"), _form(issuer=district.finance.pk))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Document.objects.exists()


def test_form_errors_are_shown_per_field(client, district):
    client.force_login(district.users["editor"])
    response = client.post(
        reverse("staff:document_create"),
        _form(issuer=district.education.pk, title="", kind="interpretation"),
    )
    html = response.content.decode()
    assert "这个字段是必填项" in html
    assert "政策解读须填写被解读文件的索引号" in html
    assert "自该日起20个工作日内公开" in html  # the help text states the table's period


def test_interpretation_links_by_index_number(client, district):
    policy = factories.document(district.education, actor=district.users["office"])
    client.force_login(district.users["editor"])
    client.post(
        reverse("staff:document_create"),
        _form(
            issuer=district.education.pk,
            kind="interpretation",
            genre="interpretation",
            title="政策解读",
            interprets_index_no=policy.index_no,
        ),
    )
    assert Document.objects.get(title="政策解读").interprets == policy


def test_withdraw_needs_a_reason(client, district):
    doc = factories.document(district.education, actor=district.users["office"])
    client.force_login(district.users["office"])
    client.post(reverse("staff:document_withdraw", args=[doc.pk]), {"reason": ""})
    doc.refresh_from_db()
    assert doc.is_published
    client.post(reverse("staff:document_withdraw", args=[doc.pk]), {"reason": "已过时"})
    doc.refresh_from_db()
    assert doc.status == "withdrawn"
    assert doc.events.last().reason == "已过时"


def test_staff_list_is_scoped_and_query_count_is_flat(
    client, district, django_assert_max_num_queries
):
    office = district.users["office"]
    for _ in range(15):
        factories.document(district.education, actor=office)
    factories.document(district.finance, actor=office, title="财政局的文件")
    client.force_login(district.users["editor"])
    with django_assert_max_num_queries(10):
        html = client.get(reverse("staff:home")).content.decode()
    assert "共 15 份文件" in html and "财政局的文件" not in html


# --- every staff view, every role ---------------------------------------------------------

ROLES = ["admin", "office", "editor", "reviewer", "leader", "town_editor", "citizen", None]


def _views(doc, attachment, submitted):
    return [
        ("get", reverse("staff:home")),
        ("get", reverse("staff:document_create")),
        ("get", reverse("staff:document", args=[doc.pk])),
        ("get", reverse("staff:document_edit", args=[doc.pk])),
        ("post", reverse("staff:document_withdraw", args=[doc.pk])),
        ("post", reverse("staff:attachment_upload", args=[doc.pk])),
        ("post", reverse("staff:attachment_remove", args=[attachment.uuid])),
        ("get", reverse("staff:document_versions", args=[doc.pk])),
        ("post", reverse("staff:document_submit", args=[doc.pk])),
        ("post", reverse("staff:document_review", args=[submitted.pk]), {"decision": "approve"}),
        ("get", reverse("staff:review_board")),
    ]


# What each role may do with drafts of the education bureau, one of them submitted by the
# editor and waiting at 初审: 200/302 = allowed, 403/404 = not. A step is taken by the role it
# names: the platform admin configures, it does not review.
EXPECTED = {
    #    home create detail edit withdraw upload remove versions submit 初审 board
    "admin": ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "no", "ok"],
    "office": ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "no", "ok"],
    "editor": ["ok", "ok", "ok", "ok", "no", "ok", "ok", "ok", "ok", "no", "no"],
    "reviewer": ["ok", "no", "ok", "no", "no", "no", "no", "ok", "no", "ok", "no"],
    "leader": ["ok", "no", "ok", "no", "no", "no", "no", "ok", "no", "no", "no"],
    "town_editor": ["ok", "ok", "no", "no", "no", "no", "no", "no", "no", "no", "no"],
    "citizen": ["no"] * 11,
    None: ["login"] * 11,
}


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_view_with_every_role(client, district, role):
    editor = district.users["editor"]
    doc = factories.document(district.education, actor=editor, publish=False)
    from gongkai.publishing import review, services

    attachment = services.attachment_add(
        actor=editor, document=doc, upload=SimpleUploadedFile("a.docx", _docx("x"))
    )
    submitted = factories.document(district.education, actor=editor, publish=False)
    review.review_submit(actor=editor, document=submitted)
    if role:
        client.force_login(district.users[role])
    views = _views(doc, attachment, submitted)
    for (method, url, *data), expected in zip(views, EXPECTED[role], strict=True):
        response = getattr(client, method)(url, *data)
        if expected == "login":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif expected == "ok":
            assert response.status_code in (200, 302), (role, url, response.status_code)
        else:
            assert response.status_code in (403, 404), (role, url, response.status_code)


def test_the_edit_form_keeps_the_date_a_browser_can_show(client, district):
    from datetime import date

    doc = factories.document(
        district.education, actor=district.users["office"], written_on=date(2026, 3, 5)
    )
    client.force_login(district.users["editor"])
    html = client.get(reverse("staff:document_edit", args=[doc.pk])).content.decode()
    assert 'type="date"' in html and 'value="2026-03-05"' in html
