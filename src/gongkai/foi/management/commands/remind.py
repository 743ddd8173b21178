from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.foi.reminders import remind


class Command(BaseCommand):
    help = (
        "Remind handlers and the openness office of applications due within 5 working days or "
        "overdue, once per threshold. Run it from cron, e.g. every working morning at 8:00."
    )

    def handle(self, *args, **options):
        sent = remind(timezone.localdate())
        for item in sent:
            names = "、".join(str(u) for u in item.recipients) or "（无人可提醒）"
            label = "已超期" if item.threshold == "overdue" else "即将到期"
            self.stdout.write(f"{item.case.registration_no} {label} → {names}")
        self.stdout.write(f"{len(sent)} reminders sent")
