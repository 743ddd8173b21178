"""Disclosure applications: intake, every step of a case, reviews and lawsuits."""

import uuid
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.conftest import District
from gongkai.core.actors import PUBLIC
from gongkai.foi import services as foi
from gongkai.foi.models import FileKind, InfoRequest, RemedyKind, RemedyOutcome
from gongkai.foi.rules import Channel, PauseKind
from gongkai.foi.tests.factories import APPLICANT
from gongkai.publishing.tests.test_services import _docx

from . import TODAY, Step

# Steps whose period must have run out by TODAY start from an application received this long ago.
LONG_AGO = date(2026, 4, 1)


def received(d: District, on: date = TODAY) -> InfoRequest:
    return foi.case_intake(
        actor=d.users["office"],
        receiver=d.gov,
        channel=Channel.IN_PERSON,
        confirmed_by="王五",
        handed_in=on,
        data=APPLICANT,
    ).case


def handling(d: District, on: date = TODAY) -> InfoRequest:
    return foi.case_assign(actor=d.users["office"], case=received(d, on), unit=d.education)


def clarifying(d: District, on: date = TODAY) -> InfoRequest:
    return foi.clarification_request(
        actor=d.users["editor"],
        case=handling(d, on),
        on=on,
        items="请写明所需信息的年份",
        correct_by=on + timedelta(days=14),
    )


def fee_notified(d: District, on: date = TODAY) -> InfoRequest:
    return foi.fee_notify(actor=d.users["office"], case=handling(d, on), on=on, by_pages=31)


def replied(d: District) -> InfoRequest:
    return foi.case_reply(actor=d.users["editor"], case=handling(d), on=TODAY, outcome="disclosed")


def case_submit(d: District) -> Step:
    return Step(
        PUBLIC,
        {"receiver": d.gov, "key": uuid.uuid4(), "data": APPLICANT},
        lambda submitted: submitted.case,
    )


def case_intake(d: District) -> Step:
    return Step(
        d.users["office"],
        {
            "receiver": d.gov,
            "channel": Channel.IN_PERSON,
            "confirmed_by": "王五",
            "handed_in": TODAY,
            "data": APPLICANT,
        },
        lambda submitted: submitted.case,
    )


def case_assign(d: District) -> Step:
    return Step(d.users["office"], {"case": received(d), "unit": d.education})


def case_note(d: District) -> Step:
    return Step(d.users["editor"], {"case": handling(d), "text": "已联系档案室"})


def case_file_add(d: District) -> Step:
    return Step(
        d.users["editor"],
        {
            "case": handling(d),
            "upload": SimpleUploadedFile("检索记录.docx", _docx("档案检索记录")),
            "kind": FileKind.EVIDENCE,
        },
        lambda file: file.case,
    )


def clarification_request(d: District) -> Step:
    return Step(
        d.users["editor"],
        {
            "case": handling(d),
            "on": TODAY,
            "items": "请写明所需信息的年份",
            "correct_by": TODAY + timedelta(days=14),
        },
    )


def clarification_receive(d: District) -> Step:
    return Step(d.users["editor"], {"case": clarifying(d), "on": TODAY})


def clarification_submit(d: District) -> Step:
    return Step(PUBLIC, {"case": clarifying(d), "text": "所需信息为2025年的招生计划"})


def clarification_lapse(d: District) -> Step:
    return Step(d.users["editor"], {"case": clarifying(d, LONG_AGO), "on": TODAY})


def third_party_consultation_start(d: District) -> Step:
    return Step(
        d.users["editor"],
        {
            "case": handling(d),
            "on": TODAY,
            "party": "某工程咨询有限公司",
            "kind": PauseKind.THIRD_PARTY,
        },
    )


def third_party_consultation_end(d: District) -> Step:
    consulting = foi.third_party_consultation_start(
        actor=d.users["editor"],
        case=handling(d),
        on=TODAY,
        party="某工程咨询有限公司",
        kind=PauseKind.THIRD_PARTY,
    )
    return Step(d.users["editor"], {"case": consulting, "on": TODAY, "opinion": "不同意公开"})


def extension_request(d: District) -> Step:
    return Step(
        d.users["editor"],
        {"case": handling(d), "on": TODAY, "days": 20, "reason": "需要检索的档案较多"},
    )


def _extension_asked(d: District) -> InfoRequest:
    """A case whose handler (the editor) asked for an extension: the office answers."""
    asked = extension_request(d)
    return foi.extension_request(actor=asked.actor, **asked.arguments)


def extension_grant(d: District) -> Step:
    return Step(d.users["office"], {"case": _extension_asked(d), "on": TODAY})


def extension_decline(d: District) -> Step:
    return Step(d.users["office"], {"case": _extension_asked(d), "on": TODAY, "reason": "期限充足"})


def fee_notify(d: District) -> Step:
    return Step(d.users["office"], {"case": handling(d), "on": TODAY, "by_pages": 31})


def fee_pay(d: District) -> Step:
    return Step(d.users["office"], {"case": fee_notified(d), "on": TODAY})


def fee_lapse(d: District) -> Step:
    return Step(d.users["office"], {"case": fee_notified(d, LONG_AGO), "on": TODAY})


def case_reply(d: District) -> Step:
    return Step(d.users["editor"], {"case": handling(d), "on": TODAY, "outcome": "disclosed"})


def case_deliver(d: District) -> Step:
    return Step(d.users["editor"], {"case": replied(d), "on": TODAY, "way": "电子邮件"})


def case_archive(d: District) -> Step:
    delivered = foi.case_deliver(actor=d.users["editor"], case=replied(d), on=TODAY, way="邮寄")
    return Step(d.users["office"], {"case": delivered})


def remedy_record(d: District) -> Step:
    return Step(
        d.users["editor"],
        {"respondent": d.education, "kind": RemedyKind.REVIEW, "filed_on": TODAY},
    )


def remedy_decide(d: District) -> Step:
    remedy = foi.remedy_record(
        actor=d.users["editor"], respondent=d.education, kind=RemedyKind.REVIEW, filed_on=TODAY
    )
    return Step(
        d.users["editor"],
        {"remedy": remedy, "outcome": RemedyOutcome.UPHELD, "decided_on": TODAY},
    )
