from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.core import reminders
        from gongkai.search.registry import register_source

        from .reminders import art26_reminders
        from .search import DocumentSource

        register_source(DocumentSource())
        reminders.register(art26_reminders)
