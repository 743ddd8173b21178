from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "gongkai.calendar"
    label = "calendar"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from gongkai.core import periods

        from . import workdays

        periods.read_through(workdays.refresh_once)
