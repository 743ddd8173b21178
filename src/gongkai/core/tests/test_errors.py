"""An unhandled error: the application log gets the traceback with the request id, the path and
the user id (never the request body, never personal data), and the Chinese 500 page shows the
same request id so that a user can quote it."""

import io
import logging
import re
import stat

import pytest
from django.test import Client

from gongkai.core.logs import LOGGERS, log_to_file

ID_NUMBER = "11010519491231002X"
MOBILE = "13812345678"


def _fail(*args, **kwargs):
    # An error whose message quotes what a user typed, as a database error often does.
    raise RuntimeError(f"申请人 {ID_NUMBER} 手机 {MOBILE} 不存在")


@pytest.fixture
def app_log():
    """What the configured console handler (stderr under gunicorn) writes, as text."""
    handler = next(
        h for h in logging.getLogger("django.request").handlers if h.get_name() == "console"
    )
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


@pytest.fixture
def broken_home(monkeypatch):
    monkeypatch.setattr("gongkai.portal.views.catalogue_tree", _fail)


def _client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_the_traceback_is_logged_with_request_id_path_and_user(district, broken_home, app_log):
    client = _client()
    office = district.users["office"]
    client.force_login(office)
    response = client.get("/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)

    log = app_log.getvalue()
    assert "Traceback (most recent call last)" in log
    assert "in _fail" in log
    assert f"[{request_id} GET / user={office.pk}]" in log
    # The message is kept, the personal data in it is masked.
    assert ID_NUMBER not in log and MOBILE not in log
    assert "110105********002X" in log and "138****5678" in log


@pytest.mark.django_db
def test_the_500_page_is_chinese_names_the_request_and_loads_nothing_from_outside(broken_home):
    response = _client().get("/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="zh-CN">' in html and "系统出错" in html
    assert response["X-Request-ID"] in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


@pytest.mark.django_db
def test_the_request_body_is_never_logged(monkeypatch, app_log):
    monkeypatch.setattr("gongkai.portal.views.url_has_allowed_host_and_scheme", _fail)
    response = _client().post(
        "/elder/", {"next": "/", "on": "1", "name": "张三丰", "phone": "13987654321"}
    )
    assert response.status_code == 500
    log = app_log.getvalue()
    assert "POST /elder/ user=-]" in log
    assert "张三丰" not in log and "13987654321" not in log and "phone" not in log


@pytest.mark.django_db
def test_an_incoming_request_id_is_kept_only_when_it_looks_like_one(client):
    kept = client.get("/", HTTP_X_REQUEST_ID="lb-7f3a9c2e-0001")
    assert kept["X-Request-ID"] == "lb-7f3a9c2e-0001"
    junk = ("", "short", "x" * 65, "a b c d e f g h", "<script>alert(1)</script>", "id\nforged")
    for value in junk:
        replaced = client.get("/", HTTP_X_REQUEST_ID=value)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", replaced), value
    assert client.get("/")["X-Request-ID"] != client.get("/")["X-Request-ID"]


@pytest.mark.django_db
def test_the_demo_log_file_is_owner_only_and_gets_the_traceback(tmp_path, broken_home):
    path = tmp_path / "var" / "log" / "gongkai.log"
    handler = log_to_file(path)
    try:
        response = _client().get("/")
    finally:
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(handler)
        handler.close()
    text = path.read_text()
    assert f"[{response['X-Request-ID']} GET / user=-]" in text and "Traceback" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
