"""In headless Chromium: the openness office starts the government's 2026 annual report with its
units rolled up; the page shows the computed tables and the check that 行政事业性收费 is still
待填报; the office writes 总体情况 and 存在的主要问题及改进情况, picks the missing cell with its
✎ button, enters the figure with its source, sees 各表勾稽关系成立, downloads the DOCX with the
browser's own session, and sends the report for review: its document is 审核中 with the DOCX (and
the PDF when LibreOffice is present) attached."""

import urllib.request
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import reverse

from gongkai.conftest import SHOTS, arrive, click_and_wait, wait_for_text
from gongkai.foi.tests.test_statistics import case
from gongkai.publishing.rules import Status
from gongkai.reports import export
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import t2_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026
TITLE = f"测试区人民政府{YEAR}年政府信息公开工作年度报告"
CHARGES = t2_key("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）")
MISSING = "表二 行政事业性收费：“本年收费金额（单位：万元）”尚无数据，请填写并说明来源"
OVERVIEW = (
    "2026年，测试区人民政府深入贯彻《中华人民共和国政府信息公开条例》，"
    "在门户网站主动公开政府信息，依法办理政府信息公开申请。"
)
PROBLEMS = "政策解读形式较为单一。下一步将增加图解、视频等解读形式，提升解读质量。"
REASON = "据区财政局非税收入管理系统导出数"
SUBMITTED = "已生成公开文件并提交审核，审核通过后在门户发布"
OK = "各表勾稽关系成立，各项数字齐全。"


def shot(browser, name: str) -> None:
    """The whole page, not only the window, for a human to look at."""
    import base64

    png = browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    (SHOTS / name).write_bytes(base64.b64decode(png["data"]))


def by_xpath(browser, xpath: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.XPATH, xpath)


def press(browser, label: str) -> None:
    """Click the button labelled `label` in the page's content and wait for the next page."""
    click_and_wait(browser, by_xpath(browser, f"//main//button[normalize-space()='{label}']"))


def log_in(browser, base: str, username: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base + reverse("login"))
    arrive(browser, "工作人员登录")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("pw-" + username)
    press(browser, "登录")
    arrive(browser, "工作台")


def problems(browser) -> list[str]:
    from selenium.webdriver.common.by import By

    section = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby='check-h']")
    return [li.text for li in section.find_elements(By.CSS_SELECTOR, "ul.problems li")]


def row_figures(browser, label: str) -> list[str]:
    """The figures of table 三's row `label`, as the page shows them (without the ✎ button)."""
    from selenium.webdriver.common.by import By

    row = by_xpath(
        browser, f"//section[@aria-labelledby='s3']//tr[th[normalize-space()='{label}']]"
    )
    return [td.text.replace("✎", "").strip() for td in row.find_elements(By.TAG_NAME, "td")]


def fetch(browser, url: str) -> tuple[int, dict, bytes]:
    """GET `url` as the browser's logged-in user: its session cookie, not a new login."""
    cookie = browser.get_cookie(settings.SESSION_COOKIE_NAME)
    assert cookie, "the browser has no session cookie"
    assert url.startswith("http://")  # the live server
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie['value']}"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def test_office_prepares_checks_fills_downloads_and_submits_the_annual_report(
    browser, live_server, district
):
    from docx import Document as Docx
    from selenium.common.exceptions import (
        NoSuchElementException,
        StaleElementReferenceException,
        WebDriverException,
    )
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base = live_server.url
    # Applications received across the district, so that table 三 is not all zeros: the
    # government's own, a bureau's, a village's (two levels down) and two still open.
    case(district.gov, f"{YEAR}-03-01", "natural", f"{YEAR}-03-20", "disclosed")
    case(district.education, f"{YEAR}-04-01", "business", f"{YEAR}-04-20", "withheld_third_party")
    case(district.village, f"{YEAR}-05-01", "natural", f"{YEAR}-05-25", "partial")
    case(district.finance, f"{YEAR - 1}-12-28", "research")  # carried over, still open
    case(district.town, f"{YEAR}-11-20", "natural")  # still open

    # The office starts the government's report with its units rolled up.
    log_in(browser, base, "office")
    # (The portal's own menu has a 年度报告 too: the public column, under the same heading.)
    staff_bar = browser.find_element(By.CSS_SELECTOR, ".staff-bar")
    click_and_wait(browser, staff_bar.find_element(By.LINK_TEXT, "年度报告"))
    arrive(browser, "年度报告编制")
    assert browser.current_url == base + reverse("reports:list")
    assert "还没有年度报告" in browser.find_element(By.CSS_SELECTOR, "main table").text
    Select(browser.find_element(By.NAME, "unit")).select_by_visible_text(district.gov.name)
    year = browser.find_element(By.NAME, "year")
    year.clear()
    year.send_keys(str(YEAR))
    rollup = browser.find_element(By.NAME, "rollup")
    if not rollup.is_selected():
        rollup.click()
    press(browser, "开始编制")
    arrive(browser, TITLE)
    report = AnnualReport.objects.get()
    assert (report.unit, report.year, report.rollup) == (district.gov, YEAR, True)
    intro = by_xpath(browser, "//h1/following-sibling::p[1]").text
    assert f"汇总 {district.gov.name} 及下属单位的数据" in intro
    assert f"法定公布日期 {YEAR + 1}-03-31" in intro

    # The computed tables: table 三 counts every unit's applications, and balances.
    assert row_figures(browser, "一、本年新收政府信息公开申请数量") == [*"3100004"]
    assert row_figures(browser, "二、上年结转政府信息公开申请数量") == [*"0010001"]
    assert row_figures(browser, "（一）予以公开") == [*"1000001"]
    assert row_figures(browser, "4.保护第三方合法权益") == [*"0100001"]
    assert row_figures(browser, "（七）总计") == [*"2100003"]
    assert row_figures(browser, "四、结转下年度继续办理") == [*"1010002"]

    # The checks: 行政事业性收费 cannot be computed, and the narrative is not written yet.
    assert problems(browser) == [
        MISSING,
        "一、总体情况：尚未填写",
        "五、存在的主要问题及改进情况：尚未填写",
    ]
    missing = browser.find_elements(By.CSS_SELECTOR, "td.figure.missing")
    assert len(missing) == 1
    cell = missing[0]
    assert cell.find_element(By.CSS_SELECTOR, ".badge").text == "待填报"
    assert cell.find_element(By.XPATH, "../th").text == "行政事业性收费"
    assert cell.find_element(By.XPATH, "ancestor::table/caption").text == "第二十条第（八）项"
    shot(browser, "report-checks.png")

    # Sending it now is refused, with the reasons.
    press(browser, "生成公开文件并提交审核")
    arrive(browser, TITLE)
    error = browser.find_element(By.CSS_SELECTOR, ".messages .message-error").text
    assert MISSING in error and "一、总体情况：尚未填写" in error, error
    report.refresh_from_db()
    assert report.document is None

    # The narrative.
    browser.find_element(By.NAME, "overview").send_keys(OVERVIEW)
    browser.find_element(By.NAME, "problems").send_keys(PROBLEMS)
    press(browser, "保存文字部分")
    arrive(browser, TITLE)
    wait_for_text(browser, ".messages", "已保存")
    assert problems(browser) == [MISSING]
    saved = browser.find_element(By.NAME, "problems").get_attribute("value")
    assert saved == PROBLEMS
    report.refresh_from_db()
    assert (report.overview, report.problems) == (OVERVIEW, PROBLEMS)

    # The ✎ in the missing cell puts the cell's key in the form below; the figure and its source.
    form = browser.find_element(By.ID, "figure-form")
    assert form.find_element(By.NAME, "key").get_attribute("value") == ""
    button = browser.find_element(By.CSS_SELECTOR, "td.figure.missing button.figure-edit")
    assert button.text == "✎"
    button.click()
    WebDriverWait(browser, 15).until(
        lambda b: form.find_element(By.NAME, "key").get_attribute("value") == CHARGES
    )
    cell = browser.find_element(By.ID, "figure-cell").get_attribute("value")
    assert cell == "表二 行政事业性收费 / 本年收费金额（单位：万元）"
    value = form.find_element(By.NAME, "value")
    assert browser.switch_to.active_element == value
    value.send_keys("12.35")
    form.find_element(By.NAME, "reason").send_keys(REASON)
    shot(browser, "report-figure-form.png")
    press(browser, "填报")
    arrive(browser, TITLE)
    wait_for_text(browser, ".messages", "已填报")

    # The checks pass; the cell shows the figure, marked 人工; the entry is listed with its reason.
    check = wait_for_text(browser, "section[aria-labelledby='check-h']", OK)
    assert not problems(browser) and "待填报" not in check
    assert not browser.find_elements(By.CSS_SELECTOR, "td.figure.missing")
    charges = by_xpath(browser, "//table[caption='第二十条第（八）项']//tr[th='行政事业性收费']/td")
    assert "manual" in charges.get_attribute("class").split()
    assert charges.text.replace("✎", "").split() == ["12.35", "人工填报"]
    entered = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby='fill-h'] table")
    assert "12.35" in entered.text and REASON in entered.text and "office" in entered.text
    shot(browser, "report-filled.png")
    report.refresh_from_db()
    assert report.manual[CHARGES]["value"] == "12.35"
    assert report.manual[CHARGES]["reason"] == REASON

    # The DOCX, fetched from the link with the browser's session.
    link = browser.find_element(By.LINK_TEXT, "下载 DOCX")
    assert link.get_attribute("href") == base + reverse("reports:docx", args=[report.pk])
    status, headers, data = fetch(browser, link.get_attribute("href"))
    assert status == 200 and data.startswith(b"PK")
    assert headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "filename*=utf-8''" in headers["Content-Disposition"].lower()  # RFC 5987
    docx = Docx(BytesIO(data))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert text.replace("\n", "").startswith(TITLE)  # the title in two lines
    assert OVERVIEW in text and PROBLEMS in text and "本年度未收取信息处理费。" in text
    cells = {c.text for t in docx.tables for row in t.rows for c in row.cells}
    assert "12.35" in cells
    assert bool(browser.find_elements(By.LINK_TEXT, "下载 PDF")) == export.converter_available()

    # Generate the public document and submit it: LibreOffice may take a while for the PDF, so
    # wait longer than click_and_wait does (ignoring what reading a page being replaced raises).
    old = browser.find_element(By.TAG_NAME, "html")
    by_xpath(browser, "//main//button[normalize-space()='生成公开文件并提交审核']").click()
    replacing = [NoSuchElementException, StaleElementReferenceException, WebDriverException]
    WebDriverWait(browser, 240, ignored_exceptions=replacing).until(
        lambda b: (
            b.find_element(By.TAG_NAME, "html") != old
            and SUBMITTED in b.find_element(By.CSS_SELECTOR, ".messages").text
        )
    )
    arrive(browser, TITLE)
    assert not browser.find_elements(By.CSS_SELECTOR, ".messages .message-error")
    intro = by_xpath(browser, "//h1/following-sibling::p[1]").text
    assert "公开文件：审核中" in intro
    # In review, the report is locked: nothing on the page offers a change.
    assert "内容已锁定" in browser.find_element(By.TAG_NAME, "main").text
    assert not browser.find_elements(By.CSS_SELECTOR, ".figure-edit, #figure-form, textarea")
    shot(browser, "report-submitted.png")

    report.refresh_from_db()
    document = report.document
    assert document is not None and document.status == Status.IN_REVIEW
    assert (document.title, document.issuer) == (TITLE, district.gov)
    names = sorted(a.original_name for a in document.attachments.all())
    expected = [f"{TITLE}.docx"] + ([f"{TITLE}.pdf"] if export.converter_available() else [])
    assert names == expected
    assert [e.action for e in report.events.order_by("pk")] == [
        "created",
        "edited",
        "figure_entered",
        "submitted",
    ]

    # The document page: in review, with the files attached.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "审核中"))
    arrive(browser, TITLE)
    status_line = by_xpath(browser, "//h1/following-sibling::p[1]").text
    assert "审核中" in status_line and "当前：" in status_line
    files = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby='att-heading']")
    for name in expected:
        assert files.find_element(By.LINK_TEXT, name)
    body = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby='body-heading']").text
    assert OVERVIEW in body and PROBLEMS in body
    shot(browser, "report-document.png")
