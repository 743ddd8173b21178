from itertools import count

from gongkai.orgs.selectors import office_over
from gongkai.publishing import review, services
from gongkai.publishing.models import Document

_n = count(1)


def office_of(unit):
    """A member of the openness office over the unit: who records documents from elsewhere."""
    return office_over(unit)[0]


def document(issuer, *, publish: bool = True, actor=None, **fields) -> Document:
    """A document drafted by `actor` (the office over the issuer unless given), published as
    imported by the office unless `publish` is False."""
    n = next(_n)
    values = {
        "title": f"测试文件{n}",
        "body": f"第{n}份测试文件的正文。",
        "topic": "02",
        "genre": "notice",
        **fields,
    }
    doc = services.document_create(actor=actor or office_of(issuer), issuer=issuer, **values)
    if publish:
        doc = services.document_import(actor=office_of(issuer), document=doc)
    return doc


def through_the_chain(district, doc):
    """Submit and approve at 初审, 复审 (with the secrecy checklist) and 终审."""
    doc = review.review_submit(actor=district.users["editor"], document=doc)
    doc = review.review_approve(actor=district.users["reviewer"], document=doc)
    doc = review.review_approve(
        actor=district.users["office"],
        document=doc,
        checklist=dict.fromkeys(review.SECRECY_CHECKLIST, True),
    )
    return review.review_approve(actor=district.users["leader"], document=doc)
