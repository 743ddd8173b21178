"""/healthz: is this node fit to serve, and is the platform's housekeeping running?

JSON for load balancers and monitoring: the database answers, this node's search index follows
the database (its indexer reports, is not far behind, and has an index fit to serve), the
scheduled jobs ran recently enough, and var/ has room. 200 when every check passes, 503
otherwise; `?scope=node` leaves out the scheduled jobs, which every node shares, so that a load
balancer does not take every node out because cron stopped. The body names no person and no
software version, only the build id; the view reads no session and sets no cookie.
"""

import shutil
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.log import log_response
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gongkai.core.jobs import last_runs
from gongkai.search.nodes import node_health
from gongkai.search.registry import node_name

Check = dict[str, object]


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:  # not described: the message names hosts and versions
        return {"ok": False}
    return {"ok": True}


def _index(now: datetime) -> Check:
    health = node_health(node_name(), now)
    if health is None:  # this node's indexer never reported
        return {"ok": False, "lag_entries": None, "lag_seconds": None, "last_report_seconds": None}
    limit = settings.HEALTH_INDEX_LAG_SECONDS
    return {
        "ok": not health.building and health.heartbeat_age <= limit and health.lag_seconds <= limit,
        "lag_entries": health.lag_entries,
        "lag_seconds": round(health.lag_seconds),
        "last_report_seconds": round(health.heartbeat_age),
    }


def _scheduler(now: datetime) -> Check:
    runs = last_runs()
    jobs: dict[str, Check] = {}
    for name, hours in settings.HEALTH_JOB_HOURS.items():
        last = runs.get(name)
        jobs[name] = {
            "ok": last is not None and now - last <= timedelta(hours=hours),
            "last_run": last.isoformat() if last else None,
        }
    return {"ok": all(job["ok"] for job in jobs.values()), "jobs": jobs}


def _disk() -> Check:
    free_mb = shutil.disk_usage(settings.VAR_DIR).free // 2**20
    return {"ok": free_mb >= settings.HEALTH_MIN_FREE_MB, "free_mb": free_mb}


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    checks: dict[str, Check] = {"database": _database()}
    reachable = checks["database"]["ok"]
    checks["index"] = _index(now) if reachable else {"ok": False}
    if request.GET.get("scope") != "node":
        checks["scheduler"] = _scheduler(now) if reachable else {"ok": False}
    checks["disk"] = _disk()
    healthy = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if healthy else "fail", "build": settings.BUILD_ID, "checks": checks}
    response = JsonResponse(body, status=200 if healthy else 503)
    if not healthy:
        # Django would log every 503 as an error: a probe every few seconds would fill the log.
        failing = ", ".join(name for name, check in checks.items() if not check["ok"])
        log_response(
            "Unhealthy (%s): %s",
            failing,
            request.path,
            response=response,
            request=request,
            level="info",
        )
    return response
