"""Published documents as a search source."""

from django.db.models import Prefetch
from django.utils import timezone

from gongkai.search.documents import IndexDoc

from .models import Attachment, Document
from .rules import Status


class DocumentSource:
    entity = "document"

    def load(self, ids: list[int]) -> list[IndexDoc]:
        documents = (
            Document.objects.filter(pk__in=ids, status=Status.PUBLISHED)
            .only(
                "id",
                "title",
                "body",
                "keywords",
                "doc_no",
                "issuer_id",
                "topic",
                "genre",
                "kind",
                "validity",
                "published_at",
            )
            .prefetch_related(
                Prefetch("attachments", queryset=Attachment.objects.only("document_id", "text"))
            )
        )
        return [self._doc(d) for d in documents]

    def all_ids(self) -> list[int]:
        return list(
            Document.objects.filter(status=Status.PUBLISHED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    @staticmethod
    def _doc(document: Document) -> IndexDoc:
        published = timezone.localtime(document.published_at)
        text = "\n".join(
            [document.doc_no, document.keywords, document.body]
            + [a.text for a in document.attachments.all()]
        )
        return IndexDoc(
            entity="document",
            object_id=document.pk,
            title=document.title,
            text=text,
            issuer_id=document.issuer_id,
            topic=document.topic,
            genre=document.genre,
            kind=document.kind,
            validity=document.validity,
            year=published.year,
            published=int(published.timestamp()),
        )
