import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.publishing import services
from gongkai.publishing.models import CatalogueItem, DocumentKind
from gongkai.publishing.tests import factories
from gongkai.publishing.tests.test_services import _docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(district, index_now):
    office = district.users["office"]
    doc = factories.document(
        district.education,
        actor=office,
        title="关于推进政务公开工作的实施意见",
        body="推进政务公开。加强政策解读。",
        doc_no="测教发〔2026〕3号",
        genre="normative",
        catalogue_item=CatalogueItem.objects.get(code="0102"),
    )
    reading = factories.document(
        district.education,
        actor=office,
        kind=DocumentKind.INTERPRETATION,
        genre="interpretation",
        title="《关于推进政务公开工作的实施意见》政策解读",
        body="解读正文。",
        interprets=doc,
    )
    index_now()
    return doc, reading


def test_document_page_shows_the_statutory_metadata_and_the_interpretation(client, policy):
    doc, reading = policy
    html = client.get(doc.get_absolute_url()).content.decode()
    for label, value in [
        ("索引号", doc.index_no),
        ("发布机构", "测试区教育局"),
        ("主题分类", "综合政务"),
        ("发文字号", "测教发〔2026〕3号"),
        ("成文日期", "—"),
        ("有效性", "有效"),
        ("体裁", "行政规范性文件"),
    ]:
        assert re.search(f"<th[^>]*>{label}</th><td>[^<]*{re.escape(value)}", html), label
    assert "发布日期" in html
    assert f'href="{reading.get_absolute_url()}"' in html
    back = client.get(reading.get_absolute_url()).content.decode()
    assert f'href="{doc.get_absolute_url()}"' in back


def test_drafts_and_withdrawn_documents_are_not_public(client, district):
    office = district.users["office"]
    draft = factories.document(district.education, actor=office, publish=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    gone = factories.document(district.education, actor=office)
    services.document_withdraw(actor=office, document=gone, reason="测试")
    assert client.get(gone.get_absolute_url()).status_code == 404


def test_catalogue_lists_statutory_items_topics_and_issuers(client, policy):
    html = client.get(reverse("portal:catalogue")).content.decode()
    assert "第二十条第（一）项" in html and "行政规范性文件" in html
    assert "国务院组织机构" in html and "其他" in html and "测试区教育局" in html
    assert html.count('href="/documents/?topic=') == 22


def test_lists_filter(client, policy, district):
    doc, reading = policy
    url = reverse("portal:documents")
    assert doc.title in client.get(url, {"catalogue": "01"}).content.decode()
    assert doc.title not in client.get(url, {"catalogue": "02"}).content.decode()
    interp = client.get(url, {"kind": "interpretation"}).content.decode()
    assert reading.title in interp and "实施意见</a>" not in interp.replace(reading.title, "")
    assert doc.title not in client.get(url, {"issuer": district.finance.pk}).content.decode()
    # Nonsense filter values are ignored, not an error.
    assert client.get(url, {"year": "abc", "topic": "<script>", "page": "x"}).status_code == 200


def test_list_page_query_count_does_not_grow_with_rows(
    client, district, django_assert_max_num_queries
):
    office = district.users["office"]
    for _ in range(25):
        factories.document(district.education, actor=office)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("portal:documents"))
    assert response.status_code == 200


def test_home_page_query_count(client, policy, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("q", "message"),
    [("", "请输入检索词"), ("政" * 150, "检索词过长"), ("@@@!!!", "没有可检索的文字")],
)
def test_search_page_explains_bad_queries(client, q, message, db):
    response = client.get(reverse("portal:search"), {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_search_page_shows_highlighted_results(client, policy):
    html = client.get(reverse("portal:search"), {"q": "政务公开"}).content.decode()
    assert "找到 2 条结果" in html
    assert "<mark>政务公开</mark>" in html


def test_search_page_without_query_shows_help(client, db):
    assert "输入词语后检索" in client.get(reverse("portal:search")).content.decode()


def test_attachments_download_under_their_name_with_checked_type(client, district):
    office = district.users["office"]
    doc = factories.document(district.education, actor=office, publish=False)
    attachment = services.attachment_add(
        actor=office, document=doc, upload=SimpleUploadedFile("办事指南.docx", _docx("正文"))
    )
    services.document_import(actor=office, document=doc)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_draft_attachments_are_hidden_from_the_public(client, district):
    editor = district.users["editor"]
    doc = factories.document(district.education, actor=editor, publish=False)
    attachment = services.attachment_add(
        actor=editor, document=doc, upload=SimpleUploadedFile("a.docx", _docx("x"))
    )
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_atom_feed_and_sitemap(client, policy):
    doc, _ = policy
    feed = ET.fromstring(client.get(reverse("portal:feed")).content)
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert doc.title in titles
    sitemap = client.get("/sitemap.xml").content.decode()
    assert doc.get_absolute_url() in sitemap


def test_elder_mode_is_remembered(client, db):
    response = client.post(reverse("portal:elder"), {"on": "1", "next": "/catalogue/"})
    assert response.status_code == 302 and response["Location"] == "/catalogue/"
    assert '<html lang="zh-CN" class="elder">' in client.get("/").content.decode()
    client.post(reverse("portal:elder"), {"on": "0", "next": "https://evil.example/"})
    assert 'class="elder"' not in client.get("/").content.decode()


def test_pages_are_chinese_and_load_nothing_from_other_hosts(client, policy):
    doc, _ = policy
    for url in ["/", "/catalogue/", "/documents/", "/search/?q=公开", doc.get_absolute_url()]:
        response = client.get(url)
        html = response.content.decode()
        assert '<html lang="zh-CN"' in html
        assert not re.search(r'(src|href)="(https?:)?//', html), url
        assert "default-src 'self'" in response["Content-Security-Policy"]


def test_form_fields_have_labels(client, db):
    html = client.get(reverse("portal:search")).content.decode()
    for field_id in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id


def test_a_missing_page_says_so_in_chinese(client, district, settings):
    settings.DEBUG = False
    response = client.get("/documents/999999/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


# What a hostile test typed where a number goes: digits that are not ASCII, and years no
# calendar has.
NOT_NUMBERS = ["²", "１２", "٣", "0", "99999", "9" * 30, "-1", "1.5"]


@pytest.mark.parametrize("value", NOT_NUMBERS)
@pytest.mark.parametrize("name", ["page", "issuer", "year"])
def test_a_number_that_is_not_one_is_ignored(client, policy, name, value):
    # 99999 may be some issuer's number, but no page here and no year.
    expected = {"issuer": 99999} if (name, value) == ("issuer", "99999") else {}
    for path, query in (("/documents/", {}), ("/search/", {"q": "政务公开"})):
        response = client.get(path, {**query, name: value})
        assert response.status_code == 200, (path, name, value)
        assert response.context["filters"].active() == expected
