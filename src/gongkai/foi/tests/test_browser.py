"""In headless Chromium: a citizen applies, staff ask for a correction, the corrected application
arrives from the citizen's status page, staff reply, and the citizen reads the result."""

import pytest

from gongkai.conftest import SHOTS, arrive, click_and_wait, wait_for_text
from gongkai.foi.models import InfoRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(browser, values: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    for name, value in values.items():
        element = browser.find_element(By.NAME, name)
        if element.tag_name == "select":
            Select(element).select_by_visible_text(value)
        elif element.get_attribute("type") == "radio":
            browser.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()
        else:
            element.clear()
            element.send_keys(value)


def submit(browser, form_selector: str = "main form") -> None:
    from selenium.webdriver.common.by import By

    click_and_wait(
        browser, browser.find_element(By.CSS_SELECTOR, f"{form_selector} button[type=submit]")
    )


def log_in(browser, base: str, username: str, password: str) -> None:
    browser.delete_all_cookies()
    browser.get(base + "/accounts/login/")
    fill(browser, {"username": username, "password": password})
    submit(browser)
    arrive(browser, "工作台")


def test_apply_clarify_correct_reply_and_read_the_result(browser, live_server, district):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base = live_server.url
    # The citizen applies to the education bureau.
    browser.get(base + "/foi/apply/")
    fill(
        browser,
        {
            "receiver": "测试区教育局",
            "applicant_type": "自然人",
            "name": "张三",
            "id_type": "居民身份证",
            "id_number": "11010119900307123X",
            "phone": "13800000000",
            "email": "zhangsan@example.com",
            "subject": "学校招生的文件",
            "delivery_form": "electronic",
            "delivery_way": "email",
        },
    )
    submit(browser)
    arrive(browser, "申请已提交")
    number = browser.find_element(By.CSS_SELECTOR, ".foi-receipt dd.big").text
    code = browser.find_element(By.CSS_SELECTOR, ".foi-receipt dd.code").text.replace(" ", "")
    browser.save_screenshot(str(SHOTS / "foi-submitted.png"))
    case = InfoRequest.objects.get(registration_no=number)

    # The bureau's handler asks for a correction.
    log_in(browser, base, "editor", "pw-editor")
    browser.get(f"{base}/staff/foi/{case.pk}/")
    browser.find_element(By.XPATH, "//summary[text()='告知补正']").click()
    fill(browser, {"clarify-items": "请写明哪一年、哪一所学校的招生文件"})
    submit(browser, "form[action$='/clarify/']")
    wait_for_text(browser, ".messages", "已告知补正")
    case.refresh_from_db()
    assert case.state == "clarifying" and case.due_on is None

    # The citizen reads the request and sends the corrected application from the status page.
    browser.delete_all_cookies()
    browser.get(base + "/foi/status/")
    fill(browser, {"registration_no": number, "code": code})
    submit(browser)
    arrive(browser, "申请办理情况")
    assert "请写明哪一年、哪一所学校的招生文件" in browser.page_source
    fill(browser, {"text": "2025年明湖区第一中学的招生计划"})
    submit(browser, "section.link-box form")
    arrive(browser, "申请办理情况")
    wait_for_text(browser, ".foi-timeline", "收到补正")
    case.refresh_from_db()
    assert case.state == "handling" and case.due_on is not None

    # The handler replies.
    log_in(browser, base, "editor", "pw-editor")
    browser.get(f"{base}/staff/foi/{case.pk}/")
    browser.find_element(By.XPATH, "//summary[text()='作出答复']").click()
    fill(browser, {"reply-outcome": "予以公开", "reply-detail": "招生计划见附件"})
    submit(browser, "form[action$='/reply/']")
    wait_for_text(browser, ".messages", "已作出答复")

    # The citizen sees the result and the reply letter, with the query code.
    browser.delete_all_cookies()
    browser.get(base + "/foi/status/")
    fill(browser, {"registration_no": number, "code": code})
    submit(browser)
    arrive(browser, "申请办理情况")
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "已答复" in page and "予以公开" in page and "政府信息公开申请答复书" in page
    browser.save_screenshot(str(SHOTS / "foi-replied.png"))

    # Without the code nothing is shown, and a wrong code says only that something is wrong.
    browser.delete_all_cookies()
    browser.get(base + "/foi/status/")
    fill(browser, {"registration_no": number, "code": "AAAAAAAAAA"})
    submit(browser)
    WebDriverWait(browser, 10).until(lambda b: "登记号或查询码不正确" in b.page_source)
    assert "张三" not in browser.page_source
