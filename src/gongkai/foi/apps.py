from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.calendar.services import on_table_change
        from gongkai.core import reminders

        from .reminders import due_reminders
        from .services import recompute_open_cases

        on_table_change(recompute_open_cases)
        reminders.register(due_reminders)
