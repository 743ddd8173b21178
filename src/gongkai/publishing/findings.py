"""What the privacy and secret scanner finds in a document before it goes out: in the title, the
text and every attachment's extracted text, less what a reviewer let through with a reason."""

from dataclasses import dataclass

from gongkai.core.privacy import Finding, scan

from .models import Document


@dataclass(frozen=True)
class Found:
    where: str  # "标题", "正文" or the attachment's name
    finding: Finding
    overridden: bool

    @property
    def kind_label(self) -> str:
        return self.finding.kind.label


def findings_for(document: Document) -> list[Found]:
    passed = set(document.overrides.values_list("kind", "text"))
    sources = [("标题", document.title), ("正文", document.body)]
    sources += [(a.original_name, a.text) for a in document.attachments.all()]
    return [
        Found(where, f, (f.kind.value, f.text) in passed)
        for where, text in sources
        for f in scan(text)
    ]


def unresolved_findings(document: Document) -> list[Found]:
    return [f for f in findings_for(document) if not f.overridden]
