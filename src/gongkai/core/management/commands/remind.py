from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.core.jobs import recorded
from gongkai.core.reminders import remind_all


class Command(BaseCommand):
    help = (
        "Send the reminders every module has for today (applications due within 5 working days "
        "or overdue, work-plan tasks overdue or not reported this period), each once. Run it "
        "from cron every working morning."
    )

    def handle(self, *args, **options):
        with recorded("remind"):
            sent = remind_all(timezone.localdate())
        for reminder in sent:
            names = "、".join(str(u) for u in reminder.users) or "（无人可提醒）"
            self.stdout.write(f"{reminder.text} → {names}")
        self.stdout.write(f"{len(sent)} reminders sent")
