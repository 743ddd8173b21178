"""Separation of duties in the review chain: a person approves at most one step of a document in
a round, never a document they drafted, changed, masked or submitted in that round; the
platform admin configures and reviews nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.actors import SYSTEM
from gongkai.orgs.models import Role
from gongkai.orgs.services import membership_grant, user_create
from gongkai.publishing import review, selectors, services
from gongkai.publishing.tests.test_review import ALL_TICKED, ID_NUMBER, approve, draft, submitted
from gongkai.publishing.tests.test_services import _docx

pytestmark = pytest.mark.django_db


def person(name, *grants):
    user = user_create(actor=SYSTEM, username=name, password="pw-" + name)
    for unit, role in grants:
        membership_grant(actor=SYSTEM, user=user, unit=unit, role=role)
    return user


def test_a_superuser_reviews_no_step(district):
    root = user_create(actor=SYSTEM, username="root", password="pw-root", is_superuser=True)
    doc = submitted(district)
    with pytest.raises(PermissionDenied):
        review.review_approve(actor=root, document=doc)
    doc = approve(district, doc, "reviewer")
    with pytest.raises(PermissionDenied):
        review.review_approve(actor=root, document=doc, checklist=ALL_TICKED)


def test_one_person_approves_one_step_only(district):
    both = person("both", (district.education, Role.REVIEWER), (district.gov, Role.OFFICE))
    doc = review.review_approve(actor=both, document=submitted(district))
    with pytest.raises(PermissionDenied, match="只能审核一个环节"):
        review.review_approve(actor=both, document=doc, checklist=ALL_TICKED)
    # Another member of the office takes the step; the board does not offer `both` for it.
    waiting = {
        w.document.pk: w
        for w in selectors.review_board(
            user=district.users["office"], today=doc.updated_at.date()
        ).waiting
    }
    assert (
        both not in waiting[doc.pk].reviewers
        and district.users["office"] in waiting[doc.pk].reviewers
    )
    assert approve(district, doc, "office", checklist=ALL_TICKED).review_stage == 2


def test_who_changed_the_text_in_this_round_does_not_approve_it(district):
    doc = draft(district)
    office = district.users["office"]
    services.document_update(actor=office, document=doc, body="办公室修改后的正文。")
    doc = review.review_submit(actor=district.users["editor"], document=doc)
    doc = approve(district, doc, "reviewer")
    with pytest.raises(PermissionDenied, match="起草、修改、遮盖或提交"):
        approve(district, doc, "office", checklist=ALL_TICKED)
    colleague = person("colleague", (district.gov, Role.OFFICE))
    assert review.review_approve(actor=colleague, document=doc, checklist=ALL_TICKED)


@pytest.mark.parametrize("change", ["mask", "attach"])
def test_who_masked_or_changed_the_files_does_not_approve_it(district, change):
    office = district.users["office"]
    doc = draft(district, body=f"身份证{ID_NUMBER}")
    if change == "mask":
        doc = review.findings_mask(actor=office, document=doc)
    else:
        upload = SimpleUploadedFile("附件.docx", _docx("附件正文"))
        services.attachment_add(actor=office, document=doc, upload=upload)
        doc = review.findings_mask(actor=district.users["editor"], document=doc)
    doc = approve(
        district, review.review_submit(actor=district.users["editor"], document=doc), "reviewer"
    )
    with pytest.raises(PermissionDenied):
        approve(district, doc, "office", checklist=ALL_TICKED)


def test_a_new_round_starts_after_a_return(district):
    """The office edited in the first round; returned and resubmitted unchanged by the editor,
    the second round is one the office did not write."""
    office = district.users["office"]
    doc = draft(district)
    services.document_update(actor=office, document=doc, body="第一轮由办公室修改。")
    doc = approve(
        district, review.review_submit(actor=district.users["editor"], document=doc), "reviewer"
    )
    colleague = person("colleague", (district.gov, Role.OFFICE))
    doc = review.review_return(actor=colleague, document=doc, comment="请补充依据")
    doc = review.review_submit(actor=district.users["editor"], document=doc)
    doc = approve(district, doc, "reviewer")  # the same reviewer again: a new round
    assert approve(district, doc, "office", checklist=ALL_TICKED).review_stage == 2
