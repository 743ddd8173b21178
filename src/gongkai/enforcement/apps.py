from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "gongkai.enforcement"
    label = "enforcement"
    verbose_name = "行政执法公示"

    def ready(self) -> None:
        from gongkai.core import reminders

        from .reminders import publicity_reminders

        reminders.register(publicity_reminders)
