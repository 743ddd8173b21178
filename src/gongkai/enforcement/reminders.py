from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from gongkai.core.reminders import Reminder
from gongkai.orgs.models import Role
from gongkai.orgs.selectors import holders, office_over, unique

from .models import Decision
from .selectors import late


def publicity_reminders(today: date) -> Iterator[Reminder]:
    for decision in late(Decision.objects.select_related("unit"), today):
        withdrawing = decision.revoked_on is not None
        due = decision.withdraw_due if withdrawing else decision.publish_due
        what = "撤回" if withdrawing else "公示"
        users = unique(
            [*holders([decision.unit], [Role.EDITOR, Role.REVIEWER]), *office_over(decision.unit)]
        )
        yield Reminder(
            key=f"enforcement:{decision.pk}:{what}:{due}",
            text=f"行政执法决定 {decision.decision_no} 已超过{what}期限（{due}）",
            url=reverse("publicity_staff:detail", args=[decision.pk]),
            users=users,
        )
