"""In headless Chromium: the privacy guard refuses to send a draft with a resident ID number to
review; the editor masks the number with the tool the guard offers; the draft goes through 初审
(the unit's reviewer), 复审 (the openness office, 保密审查 checklist) and 终审 (the leader)
and is published; the public page shows only the masked number, never the original."""

import pytest
from django.urls import reverse

from gongkai.conftest import SHOTS, arrive, click_and_wait, wait_for_text
from gongkai.core.privacy import id_check_character
from gongkai.publishing.models import Document
from gongkai.publishing.review import SECRECY_CHECKLIST
from gongkai.publishing.rules import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST17 = "14042519850615002"
ID_NUMBER = FIRST17 + id_check_character(FIRST17)  # 14042519850615002X
MASKED = ID_NUMBER[:6] + "*" * 8 + ID_NUMBER[-4:]  # 140425********002X
TITLE = "关于公布2026年春季学期转学学生名单的通知"
BODY = (
    "各中小学校：\n"
    "现将2026年春季学期转学学生名单公布如下。\n"
    f"一、学生王小明，居民身份证号码 {ID_NUMBER}，转入测试区第一中学。\n"
    "二、请各校于3月1日前办理学籍转接手续。"
)
GUARD = "隐私与保密检查发现 1 处未处理：请遮盖，或由审核人说明理由后放行"
SUBMIT_REFUSED = "隐私与保密检查发现 1 处未处理：请先遮盖，或请审核人说明理由后放行，再提交审核"


def by_xpath(browser, xpath: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.XPATH, xpath)


def press(browser, label: str) -> None:
    """Click the button labelled `label` in the page's content and wait for the next page."""
    click_and_wait(browser, by_xpath(browser, f"//main//button[normalize-space()='{label}']"))


def shot(browser, name: str) -> None:
    """The whole page, not only the window, for a human to look at."""
    import base64

    png = browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    (SHOTS / name).write_bytes(base64.b64decode(png["data"]))


def log_in(browser, base: str, username: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base + reverse("login"))
    arrive(browser, "工作人员登录")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("pw-" + username)
    press(browser, "登录")
    arrive(browser, "工作台")
    assert username in browser.find_element(By.CSS_SELECTOR, ".staff-bar").text


def log_out(browser) -> None:
    """Use the staff bar's 退出 button; the portal then offers the staff login again."""
    press(browser, "退出")
    wait_for_text(browser, ".site-nav", "工作人员登录")


def open_document(browser, base: str, document: Document) -> None:
    browser.get(base + reverse("staff:document", args=[document.pk]))
    arrive(browser, TITLE)


def status_line(browser) -> str:
    return by_xpath(browser, "//h1/following-sibling::p[1]").text


def decide(
    browser, decision: str, comment: str = "", *, checklist: bool = False, screenshot: str = ""
) -> None:
    """Fill in the review form on the document's page (a screenshot of it filled in) and send
    it."""
    from selenium.webdriver.common.by import By

    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/review/']")
    form.find_element(By.CSS_SELECTOR, f"input[name='decision'][value='{decision}']").click()
    if comment:
        form.find_element(By.NAME, "comment").send_keys(comment)
    if checklist:
        for key in SECRECY_CHECKLIST:
            box = form.find_element(By.NAME, f"check_{key}")
            if not box.is_selected():
                box.click()
    if screenshot:
        shot(browser, screenshot)
    press(browser, "提交审核意见")
    arrive(browser, TITLE)


def approve_step(browser, base, document, username, stage) -> None:
    log_in(browser, base, username)
    open_document(browser, base, document)
    assert f"当前：{stage}" in status_line(browser)
    decide(browser, "approve", f"{stage}同意")
    wait_for_text(browser, ".messages", f"“{stage}”已通过")
    log_out(browser)


def test_masked_id_number_goes_through_the_chain_and_only_the_mask_is_published(
    browser, live_server, district
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    base = live_server.url
    assert id_check_character(FIRST17) == "X" and MASKED == "140425********002X"

    # The education bureau's editor writes the draft, with a pupil's ID number in the body.
    log_in(browser, base, "editor")
    browser.get(base + reverse("staff:document_create"))
    arrive(browser, "新建文件")
    assert Select(browser.find_element(By.NAME, "issuer")).first_selected_option.text == (
        "测试区教育局"
    )
    browser.find_element(By.NAME, "title").send_keys(TITLE)
    Select(browser.find_element(By.NAME, "topic")).select_by_visible_text("科技、教育")
    Select(browser.find_element(By.NAME, "genre")).select_by_visible_text("通知")
    browser.find_element(By.NAME, "body").send_keys(BODY)
    press(browser, "保存")
    arrive(browser, TITLE)
    wait_for_text(browser, ".messages", "草稿已保存")
    document = Document.objects.get(title=TITLE)
    assert ID_NUMBER in document.body

    # The guard lists the number, offers its mask and says what blocks publication.
    checks = browser.find_element(By.CSS_SELECTOR, "section.checks")
    assert GUARD in checks.find_element(By.CSS_SELECTOR, "ul.errors").text
    findings = checks.find_element(By.CSS_SELECTOR, "table.findings")
    assert "隐私与保密检查：1 处，未处理 1 处" in findings.text
    row = findings.find_element(By.CSS_SELECTOR, "tbody tr").text
    assert "正文" in row and "身份证号码" in row and ID_NUMBER in row and MASKED in row
    shot(browser, "review-draft-findings.png")

    # Submitting is refused while the finding is unresolved: the draft stays with the editor.
    press(browser, "提交审核")
    arrive(browser, TITLE)
    error = browser.find_element(By.CSS_SELECTOR, ".messages .message-error").text
    assert error == SUBMIT_REFUSED, error
    assert "草稿" in status_line(browser) and "当前：" not in status_line(browser)
    assert GUARD in browser.find_element(By.CSS_SELECTOR, "section.checks ul.errors").text
    shot(browser, "review-blocked.png")
    document.refresh_from_db()
    assert document.status == Status.DRAFT and document.submitted_by is None
    assert not document.events.filter(action="submitted").exists()

    # The editor masks the number with the tool the guard offers.
    press(browser, "遮盖标题和正文中的个人信息")
    arrive(browser, TITLE)
    wait_for_text(browser, ".messages", "已遮盖标题和正文中的个人信息与密级标志")
    checks = browser.find_element(By.CSS_SELECTOR, "section.checks")
    assert "没有阻止发布的问题。" in checks.text
    assert not checks.find_elements(By.CSS_SELECTOR, "table.findings")
    body = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby='body-heading']").text
    assert f"居民身份证号码 {MASKED}，转入测试区第一中学" in body and ID_NUMBER not in body
    shot(browser, "review-masked.png")
    document.refresh_from_db()
    assert MASKED in document.body and ID_NUMBER not in document.body

    # Now it goes up.
    press(browser, "提交审核")
    wait_for_text(browser, ".messages", "已提交审核")
    assert "审核中" in status_line(browser) and "当前：初审" in status_line(browser)
    log_out(browser)

    # Not on the portal while in review.
    public_url = base + reverse("portal:document", args=[document.pk])
    browser.get(public_url)
    assert TITLE not in browser.page_source and MASKED not in browser.page_source

    # 初审 by the bureau's reviewer.
    approve_step(browser, base, document, "reviewer", "初审")

    # 复审 by the openness office: the 保密审查 checklist must be ticked, all four boxes.
    log_in(browser, base, "office")
    open_document(browser, base, document)
    assert "当前：复审" in status_line(browser)
    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/review/']")
    for label in SECRECY_CHECKLIST.values():
        assert label in form.text
    decide(browser, "approve", "未勾选")
    error = browser.find_element(By.CSS_SELECTOR, ".messages .message-error").text
    assert error == "保密审查须逐项确认", error
    assert "当前：复审" in status_line(browser)
    decide(
        browser, "approve", "复审同意", checklist=True, screenshot="review-secrecy-checklist.png"
    )
    wait_for_text(browser, ".messages", "“复审”已通过")
    assert "当前：终审" in status_line(browser)
    log_out(browser)

    # 终审 by the leader publishes it.
    log_in(browser, base, "leader")
    open_document(browser, base, document)
    assert "当前：终审" in status_line(browser)
    decide(browser, "approve", "同意发布")
    wait_for_text(browser, ".messages", "“终审”已通过")
    assert not browser.find_elements(By.CSS_SELECTOR, ".messages .message-error")
    assert "已发布" in status_line(browser)
    assert browser.find_element(By.LINK_TEXT, "在门户查看").get_attribute("href") == public_url
    shot(browser, "review-published-staff.png")
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED and document.index_no
    approvals = document.events.filter(action="approved").order_by("pk")
    assert [(e.actor.username, e.details["stage"]) for e in approvals] == [
        ("reviewer", "初审"),
        ("office", "复审"),
        ("leader", "终审"),
    ]
    assert approvals[1].details["checklist"] == dict.fromkeys(SECRECY_CHECKLIST, True)
    log_out(browser)

    # Anyone reads the published document: the masked number only, never the original.
    browser.get(public_url)
    arrive(browser, TITLE)
    text = browser.find_element(By.CSS_SELECTOR, "article.document .body").text
    assert f"居民身份证号码 {MASKED}，转入测试区第一中学" in text
    assert ID_NUMBER not in browser.page_source
    assert document.index_no in browser.find_element(By.CSS_SELECTOR, "table.meta").text
    shot(browser, "review-published-public.png")
