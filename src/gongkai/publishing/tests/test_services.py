import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document as Docx

from gongkai.core.models import Sequence
from gongkai.core.transitions import TransitionError
from gongkai.publishing import services
from gongkai.publishing.models import DocumentKind
from gongkai.publishing.rules import Status
from gongkai.search.models import SearchChange

from . import factories

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_publishing_allocates_index_numbers_per_issuer_and_year(district):
    office = district.users["office"]
    a1 = factories.document(district.education, actor=office)
    a2 = factories.document(district.education, actor=office)
    b1 = factories.document(district.finance, actor=office)
    year = timezone.localtime().year
    assert a1.index_no == f"113300000000000020/{year}-00001"
    assert a2.index_no == f"113300000000000020/{year}-00002"
    assert b1.index_no == f"113300000000000030/{year}-00001"


def test_the_year_of_the_index_number_is_the_year_of_publication(district):
    office = district.users["office"]
    doc = factories.document(district.education, actor=office, publish=False)
    at = datetime(2025, 12, 31, 23, 30, tzinfo=SHANGHAI)  # 15:30 UTC: still 2025 in Shanghai
    doc = services.document_import(actor=office, document=doc, at=at)
    assert doc.index_no == "113300000000000020/2025-00001"
    assert Sequence.objects.get(key=f"index_no:{district.education.pk}:2025").last == 1


def test_withdraw_and_republish_keep_the_number_and_log_everything(district):
    office = district.users["office"]
    doc = factories.document(district.education, actor=district.users["editor"])
    number = doc.index_no
    with pytest.raises(ValidationError):
        services.document_withdraw(actor=office, document=doc, reason="  ")
    doc = services.document_withdraw(actor=office, document=doc, reason="内容有误")
    assert doc.status == Status.WITHDRAWN
    with pytest.raises(TransitionError):
        services.document_withdraw(actor=office, document=doc, reason="再次撤下")
    with pytest.raises(TransitionError):  # back on the portal only through the review chain
        services.document_import(actor=office, document=doc)
    doc = factories.through_the_chain(district, doc)
    assert doc.is_published and doc.index_no == number
    log = [(e.action, e.actor.username if e.actor else "系统", e.reason) for e in doc.events.all()]
    assert log[:3] == [
        ("created", "editor", ""),
        ("imported", "office", ""),
        ("withdrawn", "office", "内容有误"),
    ]
    assert [a for a, _, _ in log[3:]] == [
        "submitted",
        "approved",
        "approved",
        "approved",
        "published",
    ]


def test_every_change_lands_in_the_search_change_log(district):
    office = district.users["office"]
    doc = factories.document(district.education, actor=office, publish=False)
    services.document_update(actor=office, document=doc, title="新标题")
    services.document_import(actor=office, document=doc)
    assert SearchChange.objects.filter(entity="document", object_id=doc.pk).count() == 3


def test_update_records_what_changed(district):
    office = district.users["office"]
    doc = factories.document(district.education, actor=office, publish=False)
    services.document_update(
        actor=office, document=doc, reason="更正", title="更正后的标题", doc_no="测教〔2026〕1号"
    )
    event = doc.events.last()
    assert event.action == "updated" and event.reason == "更正"
    # Short fields from what to what; the text only by reference to the version kept.
    assert event.details["changes"] == {
        "doc_no": {"from": "", "to": "测教〔2026〕1号"},
        "text": {"fields": ["title"], "version": 1},
    }
    assert event.details_text == "发文字号： → 测教〔2026〕1号；标题已修改（原文见第1版）"


def test_an_unchanged_update_records_nothing(district):
    office = district.users["office"]
    doc = factories.document(district.education, actor=office)
    services.document_update(actor=office, document=doc, title=doc.title)
    assert doc.events.count() == 2


def test_events_are_append_only(district):
    doc = factories.document(district.education, actor=district.users["office"])
    event = doc.events.first()
    event.reason = "rewritten"
    with pytest.raises(ValueError):
        event.save()


@pytest.mark.parametrize(
    ("user", "issuer", "allowed"),
    [
        ("editor", "education", True),
        ("editor", "finance", False),  # another department
        ("town_editor", "village", True),  # a membership covers the units below
        ("town_editor", "education", False),
        ("office", "village", True),
        ("reviewer", "education", False),  # reviewers publish, they do not draft
        ("leader", "education", False),
        ("citizen", "education", False),
    ],
)
def test_who_may_draft_for_which_unit(district, user, issuer, allowed):
    actor = district.users[user]
    unit = getattr(district, issuer)
    if allowed:
        factories.document(unit, actor=actor, publish=False)
    else:
        with pytest.raises(PermissionDenied):
            factories.document(unit, actor=actor, publish=False)


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("office", True), ("admin", True), ("reviewer", False), ("editor", False), ("leader", False)],
)
def test_who_may_import_a_document_published_elsewhere(district, user, allowed):
    doc = factories.document(district.education, actor=district.users["editor"], publish=False)
    actor = district.users[user]
    if allowed:
        assert services.document_import(actor=actor, document=doc).is_published
    else:
        with pytest.raises(PermissionDenied):
            services.document_import(actor=actor, document=doc)


def test_interpretations_link_to_documents_only(district):
    office = district.users["office"]
    policy = factories.document(district.education, actor=office)
    reading = factories.document(
        district.education,
        actor=office,
        kind=DocumentKind.INTERPRETATION,
        genre="interpretation",
        interprets=policy,
    )
    assert list(policy.interpretations.all()) == [reading]
    with pytest.raises(ValidationError):
        factories.document(district.education, actor=office, interprets=policy)
    with pytest.raises(ValidationError):
        factories.document(
            district.education,
            actor=office,
            kind=DocumentKind.INTERPRETATION,
            genre="interpretation",
            interprets=reading,
        )


def _docx(text: str) -> bytes:
    doc = Docx()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_attachments_are_checked_stored_under_our_name_and_extracted(district):
    editor = district.users["editor"]
    doc = factories.document(district.education, actor=editor, publish=False)
    upload = SimpleUploadedFile("../../etc/通知附件.docx", _docx("附件里的一网通办改革内容"))
    attachment = services.attachment_add(actor=editor, document=doc, upload=upload)
    assert attachment.media_type.endswith("wordprocessingml.document")
    assert "一网通办" in attachment.text
    assert (
        attachment.file.name == f"attachments/{attachment.uuid.hex[:2]}/{attachment.uuid.hex}.docx"
    )
    assert ".." not in attachment.file.name
    assert attachment.original_name == "通知附件.docx"  # the directory part is dropped


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("报告.pdf", b"MZ\x90\x00" + b"\x00" * 100, "不支持的文件类型"),
        ("空.pdf", b"", "文件为空"),
        ("说明.docx", b"<html><body>hi</body></html>", "不支持的文件类型"),
    ],
)
def test_bad_attachments_are_refused_with_a_message(district, name, content, message):
    editor = district.users["editor"]
    doc = factories.document(district.education, actor=editor, publish=False)
    with pytest.raises(ValidationError) as error:
        services.attachment_add(
            actor=editor, document=doc, upload=SimpleUploadedFile(name, content)
        )
    assert message in error.value.message_dict["file"][0]
    assert doc.attachments.count() == 0


def test_oversized_attachments_are_refused(district, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    editor = district.users["editor"]
    doc = factories.document(district.education, actor=editor, publish=False)
    with pytest.raises(ValidationError) as error:
        services.attachment_add(
            actor=editor, document=doc, upload=SimpleUploadedFile("a.docx", _docx("x" * 5000))
        )
    assert "文件过大" in error.value.message_dict["file"][0]
