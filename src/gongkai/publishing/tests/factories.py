from itertools import count

from gongkai.publishing import services
from gongkai.publishing.models import Document

_n = count(1)


def document(issuer, *, publish: bool = True, actor=None, **fields) -> Document:
    n = next(_n)
    values = {
        "title": f"测试文件{n}",
        "body": f"第{n}份测试文件的正文。",
        "topic": "02",
        "genre": "notice",
        **fields,
    }
    doc = services.document_create(actor=actor, issuer=issuer, **values)
    if publish:
        doc = services.document_publish(actor=actor, document=doc)
    return doc
