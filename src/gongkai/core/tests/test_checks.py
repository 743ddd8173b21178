"""The deploy checks the platform adds to Django's own (`gongkai check --deploy`)."""

import pytest
from django.core.checks import run_checks

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


def _ids(*, deploy: bool) -> set[str]:
    return {m.id for m in run_checks(include_deployment_checks=deploy)}


@pytest.mark.parametrize(
    ("caches", "debug", "warned"),
    [
        (LOCMEM, False, True),  # production on a per-process cache: each worker its own limits
        (REDIS, False, False),
        (LOCMEM, True, False),  # a developer's machine
    ],
)
def test_a_per_process_cache_in_production_is_a_deploy_warning(settings, caches, debug, warned):
    settings.CACHES, settings.DEBUG = caches, debug
    assert ("core.W001" in _ids(deploy=True)) == warned
    assert "core.W001" not in _ids(deploy=False)
