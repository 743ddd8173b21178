"""Publishing: documents, their attachments, the review chain, the negative list."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.conftest import District
from gongkai.core.actors import SYSTEM
from gongkai.publishing import review
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Document
from gongkai.publishing.tests import factories
from gongkai.publishing.tests.test_services import _docx

from . import Step

ALL_TICKED = dict.fromkeys(review.SECRECY_CHECKLIST, True)


def draft(d: District, **fields) -> Document:
    return factories.document(d.education, actor=d.users["editor"], publish=False, **fields)


def submitted(d: District, **fields) -> Document:
    return review.review_submit(actor=d.users["editor"], document=draft(d, **fields))


def at_last_step(d: District, **fields) -> Document:
    """Approved at 初审 and 复审: only 终审 is left."""
    document = review.review_approve(actor=d.users["reviewer"], document=submitted(d, **fields))
    return review.review_approve(actor=d.users["office"], document=document, checklist=ALL_TICKED)


def waiting(d: District, hours: int) -> Document:
    """Approved at every step, waiting for its set time `hours` from now."""
    document = at_last_step(d, publish_at=timezone.now() + timedelta(hours=hours))
    return review.review_approve(actor=d.users["leader"], document=document)


def upload(name: str = "附件.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _docx("附件的正文"))


def document_create(d: District) -> Step:
    return Step(
        d.users["editor"],
        {
            "issuer": d.education,
            "title": "关于做好2026年招生工作的通知",
            "body": "各学校：现将有关事项通知如下。",
            "topic": "02",
            "genre": "notice",
        },
    )


def document_update(d: District) -> Step:
    return Step(d.users["editor"], {"document": draft(d), "title": "改过的标题"})


def document_publish(d: District) -> Step:
    return Step(SYSTEM, {"document": waiting(d, hours=2)})


def document_import(d: District) -> Step:
    return Step(d.users["office"], {"document": draft(d)})


def document_withdraw(d: District) -> Step:
    published = factories.document(d.education)
    return Step(d.users["office"], {"document": published, "reason": "内容有误"})


def attachment_add(d: District) -> Step:
    return Step(
        d.users["editor"], {"document": draft(d), "upload": upload()}, lambda added: added.document
    )


def attachment_remove(d: District) -> Step:
    document = draft(d)
    attachment = publishing.attachment_add(
        actor=d.users["editor"], document=document, upload=upload()
    )
    return Step(d.users["editor"], {"attachment": attachment}, lambda _: document)


def negative_item_add(d: District) -> Step:
    return Step(
        d.users["reviewer"],
        {"unit": d.education, "matter": "学生个人信息", "basis": "《个人信息保护法》"},
    )


def negative_item_retire(d: District) -> Step:
    item = publishing.negative_item_add(
        actor=d.users["reviewer"], unit=d.education, matter="学生个人信息", basis="个保法"
    )
    return Step(d.users["reviewer"], {"item": item, "reason": "并入新清单"})


def review_submit(d: District) -> Step:
    return Step(d.users["editor"], {"document": draft(d)})


def review_approve(d: District) -> Step:
    return Step(d.users["leader"], {"document": at_last_step(d)})


def review_return(d: District) -> Step:
    return Step(d.users["reviewer"], {"document": submitted(d), "comment": "请补充依据"})


def finding_override(d: District) -> Step:
    document = draft(d, body="咨询电话：13900001111（区教育局值班电话）。")
    return Step(
        d.users["reviewer"],
        {
            "document": document,
            "kind": "mobile",
            "text": "13900001111",
            "reason": "公开的值班电话",
        },
        lambda override: override.document,
    )


def findings_mask(d: District) -> Step:
    return Step(d.users["editor"], {"document": draft(d, body="联系电话13812345678。")})


def interpretation_exempt(d: District) -> Step:
    return Step(
        d.users["office"],
        {"document": draft(d, genre="normative"), "reason": "仅作文字修订，不涉及实质内容"},
    )


def publish_scheduled(d: District) -> Step:
    document = waiting(d, hours=1)
    return Step(SYSTEM, {"now": document.publish_at}, lambda _: document)
