"""A citizen in headless Chromium: search, open a result, follow the interpretation and back;
the elder mode and the phone layout. Screenshots land in var/screenshots/ for a human look."""

import pytest

from gongkai.conftest import SHOTS, arrive, click_and_wait
from gongkai.publishing.models import DocumentKind
from gongkai.publishing.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(district, index_now):
    office = district.users["office"]
    policy = factories.document(
        district.education,
        actor=office,
        title="关于深化政务公开推进一网通办的实施意见",
        body="为深化政务公开，推进一网通办改革，现提出如下意见。\n一、总体要求\n二、主要任务",
        genre="normative",
        doc_no="测政发〔2026〕1号",
    )
    reading = factories.document(
        district.education,
        actor=office,
        kind=DocumentKind.INTERPRETATION,
        genre="interpretation",
        title="《关于深化政务公开推进一网通办的实施意见》政策解读",
        body="一、制定背景\n二、主要内容：深化政务公开。",
        interprets=policy,
    )
    factories.document(district.finance, actor=office, title="财政预算公开说明", body="预算公开。")
    index_now()
    return policy, reading


def test_search_open_result_follow_interpretation_and_back(browser, live_server, published):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    policy, reading = published
    browser.get(live_server.url + "/")
    box = browser.find_element(By.CSS_SELECTOR, "input[type=search]")
    box.send_keys("一网通办", Keys.ENTER)
    assert "找到 2 条结果" in browser.find_element(By.CSS_SELECTOR, ".result-count").text
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".snippet mark")]
    assert "一网通办" in marks
    browser.save_screenshot(str(SHOTS / "search.png"))

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, policy.title))
    arrive(browser, policy.title)
    meta = browser.find_element(By.CSS_SELECTOR, "table.meta").text
    assert policy.index_no in meta and "测政发〔2026〕1号" in meta
    browser.save_screenshot(str(SHOTS / "document.png"))

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, reading.title))
    arrive(browser, reading.title)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".link-box a"))
    arrive(browser, policy.title)


def test_keyboard_user_can_skip_to_content_and_search(browser, live_server, published):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(live_server.url + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.text == "跳到主要内容"
    active.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"


def test_elder_mode_enlarges_text(browser, live_server, published):
    from selenium.webdriver.common.by import By

    browser.get(live_server.url + "/")

    def root_font_px():
        return float(
            browser.execute_script(
                "return parseFloat(getComputedStyle(document.documentElement).fontSize)"
            )
        )

    def toggle(expect_elder: bool):
        # The button posts a form and the page comes back: wait for the new one.
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".elder-toggle button"))
        html_class = browser.find_element(By.TAG_NAME, "html").get_attribute("class") or ""
        assert ("elder" in html_class) == expect_elder

    normal = root_font_px()
    toggle(True)
    assert root_font_px() >= normal * 1.3
    browser.save_screenshot(str(SHOTS / "elder.png"))
    toggle(False)
    assert root_font_px() == normal


def test_phone_layout_has_no_horizontal_scroll(browser, live_server, published):
    policy, _ = published
    browser.set_window_size(390, 844)
    for path in ["/", "/documents/", "/search/?q=政务公开", policy.get_absolute_url()]:
        browser.get(live_server.url + path)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, path
    browser.save_screenshot(str(SHOTS / "phone-document.png"))
