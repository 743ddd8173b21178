"""Art. 26 reminders: proactive information not yet public near or past its 20-working-day
deadline goes to the issuing unit's editors and reviewers and to the openness office, once per
document, threshold and deadline."""

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from gongkai.calendar.workdays import due_soon_limit
from gongkai.core.reminders import Reminder
from gongkai.orgs.models import Role
from gongkai.orgs.selectors import holders, office_over, unique

from .models import Document
from .selectors import art26_pending


def art26_reminders(today: date) -> Iterator[Reminder]:
    documents = art26_pending(Document.objects.select_related("issuer"), due_soon_limit(today))
    for document in documents:
        late = document.publish_due < today
        text = (
            f"《{document.title}》已超过法定公开期限（{document.publish_due}），尚未公开"
            if late
            else f"《{document.title}》须于 {document.publish_due} 前公开（条例第二十六条）"
        )
        unit = document.issuer
        yield Reminder(
            key=f"publishing:{document.pk}:{'late' if late else 'due_soon'}:{document.publish_due}",
            text=text,
            url=reverse("staff:document", args=[document.pk]),
            users=unique([*holders([unit], [Role.EDITOR, Role.REVIEWER]), *office_over(unit)]),
        )
