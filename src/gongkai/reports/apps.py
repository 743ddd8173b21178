from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from gongkai.core import reminders

        from .reminders import report_reminders

        reminders.register(report_reminders)
