import io
import re
import uuid
from datetime import date
from html.parser import HTMLParser
from ipaddress import ip_network

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gongkai.foi import limits, public, services
from gongkai.foi.codes import digest
from gongkai.foi.letters import LetterError
from gongkai.foi.models import CaseFile, InfoRequest
from gongkai.foi.rules import PauseKind
from gongkai.publishing.tests import factories as doc_factories

from . import factories

pytestmark = pytest.mark.django_db
D = date.fromisoformat
NAME = "欧阳明月"


@pytest.fixture
def june1():
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False) as traveller:
        yield traveller


def form_data(unit, **overrides):
    data = {
        **factories.APPLICANT,
        "name": NAME,
        "receiver": unit.pk,
        "key": str(uuid.uuid4()),
        "contact_person": "",
        "postcode": "",
        "doc_no": "",
        "purpose": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def text(response) -> str:
    return response.content.decode()


def field_error(html: str, field: str) -> str:
    """The error message rendered next to a field, or ''."""
    match = re.search(rf'<p class="error" id="id_{field}-error" role="alert">([^<]*)</p>', html)
    return match[1] if match else ""


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def apply(client, unit, **overrides):
    return client.post("/foi/apply/", form_data(unit, **overrides))


def code_from(html: str) -> tuple[str, str]:
    number = re.search(r'<dd class="big">([^<]+)</dd>', html)[1]
    code = re.search(r'<dd class="big code">([^<]+)</dd>', html)[1]
    return number, code.replace(" ", "")


def verify(client, number: str, code: str):
    return client.post("/foi/status/", {"registration_no": number, "code": code})


# -- labelled fields, language ------------------------------------------------------------------
class Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.labels, self.unlabelled = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            if attrs.get("id"):
                self.ids.append(attrs["id"])
            elif tag != "input" or attrs.get("type") not in ("submit",):
                self.unlabelled.append(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])


@pytest.mark.parametrize(
    "url", ["/foi/", "/foi/apply/", "/foi/status/", "/foi/deadline/?received=2026-06-01"]
)
def test_public_pages_are_chinese_and_every_field_is_labelled(client, district, url, june1):
    response = client.get(url)
    assert response.status_code == 200
    html = text(response)
    assert '<html lang="zh-CN"' in html
    assert "<script" not in html and ' style="' not in html
    controls = Controls()
    controls.feed(html)
    assert controls.ids or url == "/foi/", "the page has form fields"
    assert not controls.unlabelled
    assert set(controls.ids) <= controls.labels, set(controls.ids) - controls.labels


def test_guide_explains_the_rules_and_links_the_tools(client, district):
    html = text(client.get("/foi/"))
    for words in (
        "第二十七条",
        "第二十九条",
        "第三十一条",
        "20个工作日",
        "7个工作日",
        "第五十一条",
    ):
        assert words in html
    assert "不收取费用" in html and "按件计收" in html and "按量计收" in html
    assert "测试区教育局" in html and "新桥社区居民委员会" not in html  # not an agency
    for url in ("/foi/apply/", "/foi/status/", "/foi/deadline/"):
        assert f'href="{url}"' in html


def test_applicant_types_are_grouped(client, district):
    html = text(client.get("/foi/apply/"))
    assert '<optgroup label="法人或其他组织">' in html
    group = html.split('<optgroup label="法人或其他组织">')[1].split("</optgroup>")[0]
    assert "商业企业" in group and "法律服务机构" in group and "自然人" not in group
    assert re.search(r'<input type="hidden" name="key" value="[0-9a-f-]{36}"', html)


# -- applying -----------------------------------------------------------------------------------
def test_apply_confirm_and_follow_the_case(client, district, june1):
    response = apply(client, district.education)
    assert response.status_code == 200
    case = InfoRequest.objects.get()
    html = text(response)
    number, code = code_from(html)
    assert number == case.registration_no == "依申〔2026〕00001号"
    assert case.query_code_digest == digest(code)
    assert case.name == NAME and case.receiver == district.education
    assert "2026年6月1日" in html and "2026年6月30日" in html  # received, due
    assert "只在本页显示" in html
    assert "/foi/status/?no=" in html
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )

    found = verify(client, number, code)
    assert found.status_code == 302 and found["Location"] == "/foi/status/case/"
    page = text(client.get("/foi/status/case/"))
    assert number in page and "待分办" in page and "测试区教育局" in page
    assert "2026年6月30日" in page and "收到申请" in page
    assert "110101********1234" in page
    assert "110101199003071234" not in page


def test_the_registration_number_can_be_typed_loosely(client, district, june1):
    html = text(apply(client, district.gov))
    _, code = code_from(html)
    typed = f"{code[:5]} {code[5:]}".lower().replace("o", "0")
    assert verify(client, "依申[2026]1号", typed).status_code == 302


def test_a_double_submit_registers_one_application(client, district, june1):
    data = form_data(district.gov)
    first = client.post("/foi/apply/", data)
    again = client.post("/foi/apply/", data)
    assert InfoRequest.objects.count() == 1
    assert code_from(text(first)) == code_from(text(again))
    assert "没有重复登记" in text(again)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "11010119900307123"}, "id_number", "居民身份证号码应为18位"),
        ({"id_number": "11010119900307123Y"}, "id_number", "居民身份证号码应为18位"),
        ({"delivery_way": "post", "address": ""}, "address", "选择邮寄的，请填写通信地址"),
        ({"delivery_way": "email", "email": ""}, "email", "选择电子邮件的，请填写电子邮箱"),
        ({"subject": ""}, "subject", "请填写所需信息的名称"),
        ({"phone": "12ab"}, "phone", "请填写有效的联系电话"),
        ({"phone": "123456"}, "phone", "请填写有效的联系电话"),
        (
            {"applicant_type": "business", "id_type": "credit_code", "id_number": "9133"},
            "id_number",
            "统一社会信用代码应为18位",
        ),
        ({"applicant_type": "business", "contact_person": ""}, "contact_person", "联系人"),
        ({"receiver": "999999"}, "receiver", "不受理"),
        ({"postcode": "1000"}, "postcode", "6位数字"),
    ],
)
def test_field_errors_are_shown_next_to_the_field(client, district, overrides, field, message):
    response = apply(client, district.gov, **overrides)
    assert response.status_code == 200
    html = text(response)
    assert message in field_error(html, field)
    assert f'href="#id_{field}"' in html  # the summary links to the field
    assert InfoRequest.objects.count() == 0


def test_a_village_committee_is_not_an_agency_to_apply_to(client, district):
    html = text(apply(client, district.village))
    assert "不受理" in field_error(html, "receiver")
    assert InfoRequest.objects.count() == 0


def test_the_form_keeps_its_key_after_an_error(client, district, june1):
    data = form_data(district.gov, subject="")
    html = text(client.post("/foi/apply/", data))
    assert f'value="{data["key"]}"' in html


def test_an_identity_proof_is_filed_with_the_application(client, district, june1):
    proof = SimpleUploadedFile("id.png", png_bytes(), content_type="image/png")
    response = client.post("/foi/apply/", {**form_data(district.gov), "identity_proof": proof})
    assert response.status_code == 200
    stored = CaseFile.objects.get()
    assert stored.kind == "identity" and stored.extension == ".png"
    assert stored.case == InfoRequest.objects.get()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("id.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # a program renamed .pdf
        ("id.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n"),  # passes a glance, refused on ingest
        ("id.docx", b"PK\x03\x04" + b"\x00" * 64),
    ],
)
def test_a_refused_proof_creates_nothing(client, district, june1, name, content):
    proof = SimpleUploadedFile(name, content, content_type="application/pdf")
    data = {**form_data(district.gov), "identity_proof": proof}
    response = client.post("/foi/apply/", data)
    assert response.status_code == 200
    assert field_error(text(response), "identity_proof")
    assert InfoRequest.objects.count() == 0 and CaseFile.objects.count() == 0
    # and the sequence was not used up: the next application is number 1
    html = text(apply(client, district.gov))
    assert code_from(html)[0] == "依申〔2026〕00001号"


def test_submissions_are_rate_limited(client, district, june1):
    for _ in range(limits.APPLY_LIMIT):
        assert apply(client, district.gov).status_code == 200
    refused = apply(client, district.gov)
    assert refused.status_code == 429 and "操作过于频繁" in text(refused)
    assert refused["Retry-After"]
    assert InfoRequest.objects.count() == limits.APPLY_LIMIT
    # another address is not affected
    other = client.post("/foi/apply/", form_data(district.gov), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_a_forged_address_header_does_not_escape_the_limit(client, district, june1):
    """Without a configured proxy, X-Real-IP and X-Forwarded-For are whatever the client says."""
    answers = [
        client.post(
            "/foi/apply/",
            form_data(district.gov),
            HTTP_X_REAL_IP=f"198.51.100.{n}",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(limits.APPLY_LIMIT + 20)
    ]
    assert answers.count(200) == limits.APPLY_LIMIT and answers.count(429) == 20


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, district, june1, settings):
    settings.TRUSTED_PROXIES = [ip_network("127.0.0.1")]

    def from_(address):
        return client.post("/foi/apply/", form_data(district.gov), HTTP_X_REAL_IP=address)

    for _ in range(limits.APPLY_LIMIT):
        assert from_("198.51.100.1").status_code == 200
    assert from_("198.51.100.1").status_code == 429
    assert from_("198.51.100.2").status_code == 200


def test_applications_are_not_listed_or_searchable(client, district, june1, index_now):
    apply(client, district.gov)
    doc_factories.document(district.education, actor=district.users["office"], title="招生计划")
    index_now()
    subject = factories.APPLICANT["subject"]
    for url in ("/", "/foi/", "/documents/", "/feed/atom/", "/sitemap.xml", "/catalogue/"):
        html = text(client.get(url))
        assert NAME not in html and subject not in html and "依申〔" not in html, url
    for q in (NAME, subject, "13800000000"):
        page = text(client.get("/search/", {"q": q}))
        results = page.split('id="results-heading"')[1]
        assert NAME not in results.replace(f"（检索词：{NAME}）", "") and "依申〔" not in results
        assert "110101199003071234" not in page
        api = client.get("/api/v1/documents/search", {"q": q}).json()
        assert all("依申" not in hit["title"] for hit in api.get("results", []))
        assert NAME not in str(api.get("results"))
    assert client.get("/foi/status/case/").status_code == 302  # nothing without the code


# -- the status page ----------------------------------------------------------------------------
def test_a_wrong_code_gets_one_generic_message(client, district, june1):
    case = factories.submit(district.gov).case
    wrong_code = text(verify(client, case.registration_no, "AAAAAAAAAA"))
    no_such_case = text(verify(client, "依申〔2026〕09999号", "AAAAAAAAAA"))
    assert limits.NOT_FOUND in wrong_code and limits.NOT_FOUND in no_such_case
    assert case.subject not in wrong_code
    assert client.get("/foi/status/case/").status_code == 302


def test_status_lookups_are_rate_limited(client, district, june1):
    submitted = factories.submit(district.gov)
    for _ in range(limits.STATUS_LIMIT):
        assert verify(client, "依申〔2026〕00001号", "WRONGCODE1").status_code == 200
    refused = verify(client, submitted.case.registration_no, submitted.query_code)
    assert refused.status_code == 429


@pytest.fixture
def with_letters(district, june1):
    """A case with a clarification letter (to the applicant) and a consultation letter (to the
    third party)."""
    editor = district.users["editor"]
    submitted = factories.submit(district.gov)
    case = services.case_assign(
        actor=district.users["office"], case=submitted.case, unit=district.education
    )
    case = services.clarification_request(
        actor=editor, case=case, on=D("2026-06-01"), items="请写明年份", correct_by=D("2026-06-10")
    )
    june1.move_to("2026-06-03 10:00 +0800")
    case = services.clarification_receive(actor=editor, case=case, on=D("2026-06-03"))
    case = services.third_party_consultation_start(
        actor=editor, case=case, on=D("2026-06-03"), party="某公司", kind=PauseKind.THIRD_PARTY
    )
    return submitted.case, submitted.query_code


def test_letters_only_after_verification(client, district, with_letters):
    case, code = with_letters
    clarification = case.files.get(letter="clarification")
    consultation = case.files.get(letter="third_party_consultation")
    docx_url = f"/foi/status/letters/{clarification.uuid}.docx"
    assert client.get(docx_url).status_code == 404

    verify(client, case.registration_no, code)
    page = text(client.get("/foi/status/case/"))
    assert "补正告知书" in page and docx_url in page
    assert "征求意见书" not in page and str(consultation.uuid) not in page
    assert "告知补正" in page and "收到补正" in page
    # The applicant sees that a consultation paused the clock, never with whom.
    timeline = page.split("办理过程")[1].split("告知书和答复书")[0]
    assert "征求意见" in timeline and "某公司" not in page

    download = client.get(docx_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert "attachment" in download["Content-Disposition"]
    assert client.get(f"/foi/status/letters/{consultation.uuid}.docx").status_code == 404

    client.post("/foi/status/leave/")
    assert client.get(docx_url).status_code == 404


def test_letters_of_another_case_stay_closed(client, district, with_letters):
    case, _ = with_letters
    other = factories.submit(district.gov)
    verify(client, other.case.registration_no, other.query_code)
    letter = case.files.get(letter="clarification")
    assert client.get(f"/foi/status/letters/{letter.uuid}.docx").status_code == 404


def test_the_verification_expires(client, district, with_letters, june1):
    case, code = with_letters
    verify(client, case.registration_no, code)
    assert client.get("/foi/status/case/").status_code == 200
    june1.shift(public.SESSION_SECONDS + 1)
    assert client.get("/foi/status/case/").status_code == 302


def test_pdf_download_and_the_docx_fallback(client, district, with_letters, monkeypatch):
    case, code = with_letters
    letter = case.files.get(letter="clarification")
    verify(client, case.registration_no, code)
    monkeypatch.setattr(public.paperwork, "pdf_of", lambda found: b"%PDF-1.7 letter")
    pdf = client.get(f"/foi/status/letters/{letter.uuid}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == b"%PDF-1.7 letter"

    def no_converter(found):
        raise LetterError("未安装 LibreOffice，无法生成 PDF；可先下载 DOCX")

    monkeypatch.setattr(public.paperwork, "pdf_of", no_converter)
    fallback = client.get(f"/foi/status/letters/{letter.uuid}.pdf")
    assert fallback.status_code == 503
    assert "未安装 LibreOffice" in text(fallback)
    assert f"/foi/status/letters/{letter.uuid}.docx" in text(fallback)


# -- the deadline calculator --------------------------------------------------------------------
def test_calculator_plain_and_with_a_consultation(client, db):
    plain = text(client.get("/foi/deadline/", {"received": "2026-06-01"}))
    assert re.search(r'<p class="foi-due" role="status"><time datetime="2026-06-30">', plain)
    assert "第20个工作日" in plain and "端午节假期" in plain and "第三十三条第二款" in plain
    assert "当面提交为提交之日" in plain  # help texts set in the form are rendered
    assert "已延长答复期限（延长20个工作日）" in plain

    paused = text(
        client.get(
            "/foi/deadline/",
            {
                "received": "2026-06-01",
                "consultation_1_start": "2026-06-03",
                "consultation_1_end": "2026-06-10",
            },
        )
    )
    assert '<time datetime="2026-07-08">' in paused
    assert "征求第三方意见期间，不计入" in paused and "第三十二条" in paused


def test_calculator_extension_and_clarification(client, db):
    html = text(
        client.get(
            "/foi/deadline/",
            {"received": "2026-06-01", "clarification_received": "2026-06-10", "extended": "on"},
        )
    )
    assert "补正后申请的收到日" in html and "第40个工作日" in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"received": "2026-13-01"}, "received", "请输入正确的日期"),
        ({"received": "明天"}, "received", "请输入正确的日期"),
        ({"received": "2018-01-02"}, "received", "2019年5月15日"),
        (
            {"received": "2026-06-01", "clarification_received": "2026-05-01"},
            "clarification_received",
            "不能早于",
        ),
        (
            {
                "received": "2026-06-01",
                "consultation_1_start": "2026-06-10",
                "consultation_1_end": "2026-06-03",
            },
            "consultation_1_end",
            "不能早于",
        ),
        (
            {"received": "2026-06-01", "consultation_2_end": "2026-06-03"},
            "consultation_2_start",
            "请填写",
        ),
    ],
)
def test_calculator_bad_dates(client, db, params, field, message):
    html = text(client.get("/foi/deadline/", params))
    assert message in field_error(html, field)
    assert 'class="foi-due"' not in html


def test_the_calculator_starts_empty(client, db):
    html = text(client.get("/foi/deadline/"))
    assert 'class="error"' not in html and 'class="foi-due"' not in html
