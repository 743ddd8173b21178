import json
import uuid

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from gongkai.foi import limits
from gongkai.foi.codes import digest
from gongkai.foi.models import InfoRequest
from gongkai.foi.tests import factories

pytestmark = pytest.mark.django_db
APPLICATIONS = "/api/v1/foi/applications"
STATUS = "/api/v1/foi/applications/status"
DEADLINE = "/api/v1/foi/deadline"


@pytest.fixture
def june1():
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False) as traveller:
        yield traveller


@pytest.fixture
def api_client():
    """Like a script calling the API: no cookies, CSRF enforced as for a browser."""
    return Client(enforce_csrf_checks=True)


def body(receiver, **overrides):
    return {**factories.APPLICANT, "receiver": receiver.pk, **overrides}


def post(client, data):
    return client.post(APPLICATIONS, data, content_type="application/json")


def test_submit_without_a_csrf_token(api_client, district, june1):
    response = post(api_client, body(district.gov))
    assert response.status_code == 201, response.content
    data = response.json()
    case = InfoRequest.objects.get()
    assert data["registration_no"] == case.registration_no == "依申〔2026〕00001号"
    assert data["received_on"] == "2026-06-01" and data["due_on"] == "2026-06-30"
    assert data["created"] is True
    assert case.query_code_digest == digest(data["query_code"])
    assert case.idempotency_key is not None  # generated when the client sent none


def test_the_same_key_registers_once(api_client, district, june1):
    key = str(uuid.uuid4())
    first = post(api_client, body(district.gov, key=key))
    again = post(api_client, body(district.gov, key=key))
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["query_code"] == first.json()["query_code"]
    assert InfoRequest.objects.count() == 1


def test_a_reused_key_never_reveals_another_applicants_code(api_client, district, june1):
    key = "00000000-0000-4000-8000-000000000000"
    first = post(api_client, body(district.gov, key=key))
    other = post(
        api_client, body(district.gov, key=key, name="李四", id_number="11010119800101002X")
    )
    assert first.status_code == 201
    assert other.status_code == 400 and "key" in other.json()["errors"]
    assert first.json()["query_code"] not in other.content.decode()
    assert first.json()["registration_no"] not in other.content.decode()
    assert InfoRequest.objects.count() == 1


def test_numbers_are_accepted_where_text_is_expected(api_client, district, june1):
    response = post(api_client, body(district.gov, phone=13800000000))
    assert response.status_code == 201


def test_field_errors_come_back_per_field(api_client, district, june1):
    response = post(
        api_client,
        body(
            district.village,
            id_number="123",
            subject="",
            delivery_way="post",
            address="",
            key="not-a-uuid",
        ),
    )
    assert response.status_code == 400
    data = response.json()
    assert data["message"]
    errors = data["errors"]
    assert set(errors) >= {"receiver", "id_number", "subject", "address", "key"}
    assert "居民身份证号码应为18位" in errors["id_number"][0]
    assert errors["subject"] == ["请填写所需信息的名称"]
    assert InfoRequest.objects.count() == 0


def test_submissions_are_rate_limited(api_client, district, june1):
    for _ in range(limits.APPLY_LIMIT):
        assert post(api_client, body(district.gov)).status_code == 201
    refused = post(api_client, body(district.gov))
    assert refused.status_code == 429 and refused.json()["message"]
    assert InfoRequest.objects.count() == limits.APPLY_LIMIT


def test_status(api_client, district, june1):
    submitted = factories.submit(district.gov)
    response = api_client.get(
        STATUS, {"registration_no": submitted.case.registration_no, "code": submitted.query_code}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "new" and data["state_label"] == "待分办"
    assert data["received_on"] == "2026-06-01" and data["due_on"] == "2026-06-30"
    assert data["timeline"] == [{"date": "2026-06-01", "step": "收到申请"}]
    assert "id_number" not in data and "110101199003071234" not in response.content.decode()


def test_status_with_a_wrong_code_is_a_generic_404(api_client, district, june1):
    submitted = factories.submit(district.gov)
    wrong = api_client.get(
        STATUS, {"registration_no": submitted.case.registration_no, "code": "AAAAAAAAAA"}
    )
    missing = api_client.get(STATUS, {"registration_no": "依申〔2026〕09999号", "code": "A"})
    assert wrong.status_code == missing.status_code == 404
    assert wrong.json() == missing.json() == {"message": "登记号或查询码不正确"}
    assert api_client.get(STATUS).status_code == 400


def test_status_is_rate_limited(api_client, district, june1):
    submitted = factories.submit(district.gov)
    params = {"registration_no": "依申〔2026〕00001号", "code": "WRONG"}
    for _ in range(limits.STATUS_LIMIT):
        assert api_client.get(STATUS, params).status_code == 404
    right = {"registration_no": submitted.case.registration_no, "code": submitted.query_code}
    assert api_client.get(STATUS, right).status_code == 429


def test_deadline(api_client, db):
    plain = api_client.get(DEADLINE, {"received": "2026-06-01"}).json()
    assert plain["due"] == "2026-06-30" and plain["working_days"] == 20
    assert plain["steps"][0] == {"date": "2026-06-02", "counted": 1, "reason": "工作日"}
    paused = api_client.get(
        DEADLINE, {"received": "2026-06-01", "consultation": "2026-06-03:2026-06-10"}
    ).json()
    assert paused["due"] == "2026-07-08"
    assert any("第三十二条" in item for item in paused["basis"])
    extended = api_client.get(DEADLINE, {"received": "2026-06-01", "extended": "true"}).json()
    assert extended["working_days"] == 40


def test_deadline_with_two_consultations(api_client, db):
    response = api_client.get(
        DEADLINE
        + "?received=2026-06-01&consultation=2026-06-03:2026-06-10&consultation=2026-06-15:"
        "2026-06-16&extended=false"
    )
    assert response.status_code == 200
    skipped = [s["date"] for s in response.json()["steps"] if "征求" in s["reason"]]
    assert "2026-06-10" in skipped and "2026-06-16" in skipped


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"received": "2026-13-01"}, "不是有效日期"),
        ({"received": "20260601"}, "不是有效日期"),
        ({"received": "2026-06-01", "consultation": "2026-06-03-2026-06-10"}, "开始日期:结束日期"),
        ({"received": "2026-06-01", "consultation": "2026-06-10:2026-06-03"}, "不能早于"),
        ({"received": "2026-06-01", "clarification_received": "2026-05-01"}, "不能早于"),
        ({"received": "2010-06-01"}, "2019年5月15日"),
    ],
)
def test_deadline_bad_input(api_client, db, params, words):
    response = api_client.get(DEADLINE, params)
    assert response.status_code == 400
    assert words in response.json()["message"]


# The same bad dates as the portal form, the API and `gongkai deadline` take them.
SAME_BAD_DATES = [
    ({"received": "2010-06-01"}, {}, []),
    ({"received": "2026-06-01", "clarification_received": "2026-05-01"}, {}, []),
    (
        {"received": "2026-06-01"},
        {"consultation_1_start": "2026-05-20", "consultation_1_end": "2026-06-03"},
        ["2026-05-20:2026-06-03"],
    ),
    (
        {"received": "2026-06-01"},
        {
            "consultation_1_start": "2026-06-03",
            "consultation_1_end": "2026-06-05",
            "consultation_2_start": "2026-06-10",
            "consultation_2_end": "2026-06-08",
        },
        ["2026-06-03:2026-06-05", "2026-06-10:2026-06-08"],
    ),
]


@pytest.mark.parametrize(("dates", "form_consultations", "consultations"), SAME_BAD_DATES)
def test_the_form_the_api_and_the_command_refuse_bad_dates_alike(
    api_client, db, dates, form_consultations, consultations
):
    form = api_client.get("/foi/deadline/", {**dates, **form_consultations}).context["form"]
    expected = "；".join(message for messages in form.errors.values() for message in messages)
    assert expected
    answer = api_client.get(DEADLINE, {**dates, "consultation": consultations})
    assert answer.status_code == 400 and answer.json()["message"] == expected
    options = [f"--{name.replace('_', '-')}={day}" for name, day in dates.items()]
    with pytest.raises(CommandError) as refused:
        call_command("deadline", *options, *(f"--consultation={c}" for c in consultations))
    assert str(refused.value) == expected


def test_receivers(api_client, district):
    names = [r["name"] for r in api_client.get("/api/v1/foi/receivers").json()]
    assert "测试区教育局" in names and "新桥社区居民委员会" not in names


def test_openapi_lists_the_paths_with_chinese_summaries(api_client, db):
    paths = api_client.get("/api/v1/openapi.json").json()["paths"]
    assert paths[APPLICATIONS]["post"]["summary"] == "提交政府信息公开申请"
    assert paths[STATUS]["get"]["summary"] == "查询申请办理进度"
    assert paths[DEADLINE]["get"]["summary"] == "计算答复期限"
    params = {p["name"] for p in paths[DEADLINE]["get"]["parameters"]}
    assert {"received", "clarification_received", "consultation", "extended"} <= params


# -- what the API refuses before the form reads it, and what its document says ----------------
@pytest.mark.parametrize("receiver", [True, False, "1", 1.5, [1], {"id": 1}])
def test_a_receiver_that_is_not_an_integer_is_422(api_client, district, june1, receiver):
    response = post(api_client, {**body(district.gov), "receiver": receiver})
    assert response.status_code == 422
    data = response.json()
    assert data["message"] and data["errors"]["receiver"] == ["应为整数"]
    assert InfoRequest.objects.count() == 0


@pytest.mark.parametrize("field", ["name", "subject", "description", "phone"])
def test_a_lone_surrogate_is_422_not_a_server_error(api_client, district, june1, field):
    raw = json.dumps(
        body(district.gov, **{field: "张\ud800三"})
    )  # "\ud800" escaped, as JSON has it
    response = api_client.post(APPLICATIONS, raw, content_type="application/json")
    assert response.status_code == 422
    assert "无法识别" in response.json()["errors"][field][0]
    assert InfoRequest.objects.count() == 0


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '"text"', "{"])
def test_a_body_that_is_not_a_json_object_is_refused_in_the_documented_shape(api_client, db, raw):
    response = api_client.post(APPLICATIONS, raw, content_type="application/json")
    assert response.status_code in (400, 422)
    data = response.json()
    assert data["message"] and data["errors"]


def _operation(api_client, path, method):
    return api_client.get("/api/v1/openapi.json").json()["paths"][path][method]


def test_the_document_says_what_the_api_refuses(api_client, db):
    schema = api_client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            takes_input = operation.get("parameters") or operation.get("requestBody")
            if takes_input:
                assert "422" in operation["responses"], (method, path)
    submit = _operation(api_client, APPLICATIONS, "post")
    ref = submit["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    application = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(application["required"]) == {
        "receiver",
        "applicant_type",
        "name",
        "id_type",
        "id_number",
        "phone",
        "subject",
        "delivery_form",
        "delivery_way",
    }
    fields = application["properties"]
    assert fields["receiver"]["type"] == "integer"
    assert fields["name"]["type"] == "string" and fields["name"]["minLength"] == 1
    assert fields["name"]["maxLength"] == 100
    optional_text = fields["description"]["anyOf"][0]
    assert optional_text == {"type": "string", "maxLength": 2000}
    assert set(fields["delivery_way"]["enum"]) == {"post", "email", "pickup", "online"}
    assert "key" not in application["required"]


def test_the_document_marks_the_required_query_parameters(api_client, db):
    def parameters(path):
        return {p["name"]: p for p in _operation(api_client, path, "get")["parameters"]}

    status = parameters(STATUS)
    assert status["registration_no"]["required"] and status["code"]["required"]
    assert status["registration_no"]["schema"]["minLength"] == 1
    search = parameters("/api/v1/documents/search")
    assert search["q"]["required"] and search["q"]["schema"]["minLength"] == 1
    assert parameters(DEADLINE)["received"]["required"]
