from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "gongkai.workplan"
    label = "workplan"
    verbose_name = "工作台账"

    def ready(self) -> None:
        from gongkai.core import reminders

        from .reminders import ledger_reminders

        reminders.register(ledger_reminders)
