"""Text arrives as UTF-8 the database can hold, or not at all: a request in another encoding, or
with a NUL, is refused in Chinese, never stored as replacement characters nor decoded into text
the database cannot hold."""

import uuid
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client

from gongkai.foi.models import InfoRequest
from gongkai.foi.tests import factories

pytestmark = pytest.mark.django_db
APPLY = "/foi/apply/"
URLENCODED = "application/x-www-form-urlencoded"
REFUSED = "提交的文字不是 UTF-8 编码"
NUL = "空字符"


@pytest.fixture
def application(district):
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False):
        yield {**factories.APPLICANT, "receiver": district.gov.pk, "key": str(uuid.uuid4())}


@pytest.fixture
def anyone():
    return Client(raise_request_exception=False)


def refused(response) -> bool:
    return response.status_code == 400 and REFUSED in response.content.decode()


def registered(response) -> bool:
    return response.status_code == 200 and "case" in response.context


def multipart(fields: dict[str, object], encoding: str) -> tuple[bytes, str]:
    boundary = "gongkai-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + str(value).encode(encoding)
        + b"\r\n"
        for name, value in fields.items()
    ]
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_form_in_utf8_goes_through(anyone, application):
    for content_type in (URLENCODED, f"{URLENCODED}; charset=UTF-8", f"{URLENCODED}; charset=utf8"):
        data = {**application, "key": str(uuid.uuid4())}
        response = anyone.post(APPLY, urlencode(data), content_type=content_type)
        assert registered(response), content_type
    assert InfoRequest.objects.filter(name="张三").count() == 3


def test_a_form_in_gbk_is_refused_not_stored_as_replacement_characters(anyone, application):
    response = anyone.post(APPLY, urlencode(application, encoding="gbk"), content_type=URLENCODED)
    assert refused(response)
    assert not InfoRequest.objects.exists()


@pytest.mark.parametrize("charset", ["gbk", "gb18030", "big5", "utf-7", "latin-1", "no-such"])
def test_a_form_that_says_it_is_in_another_encoding_is_refused(anyone, application, charset):
    encoding = "utf-8" if charset == "no-such" else charset
    body = urlencode(application, encoding=encoding, errors="replace").encode("ascii")
    # generic(): post() would encode the body in the charset once more
    response = anyone.generic("POST", APPLY, body, content_type=f"{URLENCODED}; charset={charset}")
    assert refused(response)
    assert not InfoRequest.objects.exists()


def test_a_multipart_form_in_gbk_is_refused(anyone, application):
    body, content_type = multipart(application, "gbk")
    assert refused(anyone.post(APPLY, body, content_type=content_type))
    body, content_type = multipart(application, "utf-8")
    assert registered(anyone.post(APPLY, body, content_type=content_type))


def test_a_query_in_utf7_is_refused_rather_than_decoded_into_a_lone_surrogate(anyone, db):
    # UTF-7 "+2AA-" is U+D800, which no page can be written out with.
    response = anyone.get(
        "/search/", {"q": "+2AA-"}, headers={"content-type": "text/plain; charset=utf-7"}
    )
    assert refused(response)


def test_json_that_is_not_utf8_is_refused_in_chinese(anyone, db):
    response = anyone.post(
        "/api/v1/foi/applications", b'{"name": "\xd5\xc5\xc8\xfd"}', content_type="application/json"
    )
    assert response.status_code == 400 and REFUSED in response.json()["message"]


@pytest.mark.parametrize("query", ["catalogue=%00", "q=a%00b&page=1", "%00=1"])
def test_a_nul_in_a_query_string_is_refused(anyone, db, query):
    # PostgreSQL cannot hold a NUL in text: a query that reached a filter was a server error.
    response = anyone.get(f"/documents/?{query}")
    assert response.status_code == 400 and NUL in response.content.decode()


def test_a_nul_in_a_form_is_refused(anyone, application):
    response = anyone.post(APPLY, urlencode({**application, "name": "张\x00三"}), URLENCODED)
    assert response.status_code == 400 and NUL in response.content.decode()
    assert not InfoRequest.objects.exists()
