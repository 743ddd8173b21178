from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "检索"

    def ready(self) -> None:
        from gongkai.core import backup

        from .indexer import after_restore

        backup.on_restore(after_restore)
