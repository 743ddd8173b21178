"""/healthz for load balancers and monitoring: the database, this node's index, the scheduled
jobs and the free disk; 200 when all is well, 503 when not; no session, no personal data."""

import shutil
from collections import namedtuple
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from gongkai.core.middleware import STRICT
from gongkai.core.models import JobRun
from gongkai.search import registry
from gongkai.search.indexer import Indexer
from gongkai.search.models import IndexNode, SearchChange
from gongkai.search.registry import backend, node_name
from gongkai.search.services import search_touch

pytestmark = pytest.mark.django_db


@pytest.fixture
def healthy(index_now):
    index_now()  # this node's indexer has reported
    for job in ("remind", "publish_scheduled"):
        JobRun.objects.create(name=job, finished_at=timezone.now() - timedelta(minutes=3))


def _get(client, url="/healthz"):
    response = client.get(url)
    return response, response.json()


def test_a_healthy_node_says_so_and_nothing_else(client, healthy, settings):
    settings.BUILD_ID = "2026.12-4f2a9c1"
    response, body = _get(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body["status"] == "ok" and body["build"] == "2026.12-4f2a9c1"
    assert set(body["checks"]) == {"database", "index", "scheduler", "disk"}
    assert all(check["ok"] for check in body["checks"].values())
    index = body["checks"]["index"]
    assert (index["lag_entries"], index["lag_seconds"]) == (0, 0)
    assert set(body["checks"]["scheduler"]["jobs"]) == {"remind", "publish_scheduled"}
    assert body["checks"]["disk"]["free_mb"] > 0


def test_no_session_no_cookie_and_the_strict_policy(client, healthy):
    response, _ = _get(client)
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == STRICT
    assert response["X-Request-ID"]


def test_no_version_but_the_build_id(client, healthy):
    text = _get(client)[0].content.decode().lower()
    for word in ("django", "python", "postgres", "sqlite", "version", str(node_name()).lower()):
        assert word not in text


def test_a_load_balancer_polling_often_is_not_turned_away(client, healthy):
    assert {client.get("/healthz").status_code for _ in range(120)} == {200}


def test_an_index_whose_indexer_never_reported_is_unhealthy(client, healthy):
    IndexNode.objects.all().delete()
    response, body = _get(client)
    assert response.status_code == 503 and body["status"] == "fail"
    assert body["checks"]["index"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def _probed_while_rebuilding(client, monkeypatch) -> list[int]:
    read_the_database = Indexer._all_batches
    during: list[int] = []

    def rebuild(self):
        yield from read_the_database(self)
        during.append(client.get("/healthz?scope=node").status_code)

    monkeypatch.setattr(Indexer, "_all_batches", rebuild)
    Indexer().run_once()
    return during


def test_a_new_node_is_unhealthy_until_its_index_is_built(client, healthy, monkeypatch):
    # It enters the table of nodes when it starts reading the database, to keep the log.
    IndexNode.objects.all().delete()
    backend().request_rebuild()
    assert _probed_while_rebuilding(client, monkeypatch) == [503]
    assert client.get("/healthz?scope=node").status_code == 200


def test_a_node_that_lost_its_index_is_unhealthy_until_it_is_rebuilt(client, healthy, monkeypatch):
    # Same name, empty disk (a container restarted without its volume): the node's row, fresh
    # from a moment ago, says nothing about the index it has now.
    backend().close_writer()
    shutil.rmtree(backend().path)
    registry._backend_at.cache_clear()
    assert _probed_while_rebuilding(client, monkeypatch) == [503]
    assert client.get("/healthz?scope=node").status_code == 200


def test_an_index_far_behind_the_database_is_unhealthy(client, healthy):
    search_touch(entity="document", ids=[1, 2, 3])
    SearchChange.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    response, body = _get(client)
    assert response.status_code == 503
    index = body["checks"]["index"]
    assert index["ok"] is False and index["lag_entries"] == 3 and index["lag_seconds"] >= 600


def test_an_indexer_that_stopped_reporting_is_unhealthy(client, healthy):
    IndexNode.objects.update(heartbeat_at=timezone.now() - timedelta(minutes=10))
    response, body = _get(client)
    assert response.status_code == 503
    assert body["checks"]["index"]["last_report_seconds"] >= 600


def test_a_job_cron_stopped_running_fails_the_check_but_not_the_nodes(client, healthy):
    JobRun.objects.filter(name="publish_scheduled").update(
        finished_at=timezone.now() - timedelta(hours=2)
    )
    JobRun.objects.filter(name="remind").delete()
    response, body = _get(client)
    assert response.status_code == 503
    jobs = body["checks"]["scheduler"]["jobs"]
    assert jobs["publish_scheduled"]["ok"] is False and jobs["publish_scheduled"]["last_run"]
    assert jobs["remind"] == {"ok": False, "last_run": None}
    # A load balancer asks about the node: a stopped cron is no reason to take every node out.
    response, body = _get(client, "/healthz?scope=node")
    assert response.status_code == 200 and set(body["checks"]) == {"database", "index", "disk"}


def test_a_full_disk_is_unhealthy(client, healthy, monkeypatch, settings):
    settings.HEALTH_MIN_FREE_MB = 1024
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(
        "gongkai.portal.health.shutil.disk_usage", lambda path: usage(10**10, 10**10, 10**8)
    )
    response, body = _get(client)
    assert response.status_code == 503
    assert body["checks"]["disk"] == {"ok": False, "free_mb": 95}


def test_an_unreachable_database_is_unhealthy_and_not_described(client, healthy, monkeypatch):
    class Down:
        def cursor(self):
            raise OperationalError("could not connect to server at 10.1.2.3, PostgreSQL 16.2")

    monkeypatch.setattr("gongkai.portal.health.connection", Down())
    response, body = _get(client)
    assert response.status_code == 503
    assert body["checks"]["database"] == {"ok": False}
    assert body["checks"]["index"]["ok"] is False and body["checks"]["scheduler"]["ok"] is False
    assert "10.1.2.3" not in response.content.decode()


def test_an_unhealthy_probe_is_not_an_error_in_the_log(client, healthy, caplog):
    # A load balancer asks every few seconds: the answer is for it, not a line per probe.
    JobRun.objects.all().delete()
    with caplog.at_level("INFO", logger="django.request"):
        assert client.get("/healthz").status_code == 503
    assert [r.levelname for r in caplog.records if r.name == "django.request"] == ["INFO"]


def test_a_probe_over_plain_http_is_answered_when_https_is_enforced(client, healthy, settings):
    # A load balancer probes the app server directly, without TLS.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
