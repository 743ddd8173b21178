"""What `gongkai check --deploy` adds to Django's own deploy checks."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# Caches that each process keeps to itself, or that keep nothing.
UNSHARED = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, Tags.security, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[CheckMessage]:
    """Rate limits count in the cache: with a cache per process, four gunicorn workers on two
    nodes allow eight times the limit, and a restart forgets every count."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in UNSHARED:
        return []
    return [
        Warning(
            "缓存不在进程间共享：频率限制在每个应用进程里分别计数。",
            hint="生产环境设置 REDIS_URL（例如 redis://127.0.0.1:6379/0），各进程和各节点共用一个缓存。",
            obj=backend,
            id="core.W001",
        )
    ]
