"""In headless Chromium: the office imports seed 001, maps the one unit the matcher cannot place,
saves; the education bureau reports progress; the office accepts it and closes the task; the
dashboard shows it."""

import pytest

from gongkai.conftest import SHOTS, arrive, click_and_wait, wait_for_text
from gongkai.core.actors import SYSTEM
from gongkai.demo import loader
from gongkai.demo.seeds import SEEDS
from gongkai.orgs.models import Unit, UnitKind
from gongkai.orgs.services import unit_create
from gongkai.workplan import services
from gongkai.workplan.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEED = SEEDS[1]  # 001: 27 tasks, units in parentheses


@pytest.fixture
def district(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    units = loader.load_units()
    loader.load_users(units)
    office = loader.User.objects.get(username="office")
    # Make every unit the plan names known but one, which the office maps by hand.
    draft = services.import_read(
        actor=office, issuer=units["GOV"], name=SEED.file, content=SEED.path.read_bytes()
    )
    unknown = [m.written for m in services.import_matches(draft) if m.method == "none"]
    draft.delete()
    for n, name in enumerate(unknown[1:], start=1):
        unit_create(
            actor=SYSTEM,
            name=name,
            kind=UnitKind.DEPARTMENT,
            code=f"TEST{n:04d}",
            parent=units["GOV"],
        )
    return units, unknown[0]


def log_in(browser, base, username):
    browser.delete_all_cookies()
    browser.get(base + "/accounts/login/")
    browser.find_element("name", "username").send_keys(username)
    browser.find_element("name", "password").send_keys(loader.PASSWORD)
    click_and_wait(browser, browser.find_element("css selector", "main form button[type=submit]"))
    arrive(browser, "工作台")


def test_import_map_report_accept_and_see_the_dashboard(browser, live_server, district):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    units, unknown = district
    base = live_server.url
    log_in(browser, base, "office")
    browser.get(base + "/staff/plans/")
    browser.find_element(By.NAME, "file").send_keys(str(SEED.path))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='读取并预览']"))
    browser.save_screenshot(str(SHOTS / "plan-after-upload.png"))
    arrive(browser, "导入预览：2023年台儿庄区政务公开工作要点")
    row = browser.find_element(By.CSS_SELECTOR, "tr.match-none")
    assert unknown in row.text
    Select(row.find_element(By.TAG_NAME, "select")).select_by_visible_text("明湖区人民政府办公室")
    browser.save_screenshot(str(SHOTS / "plan-preview.png"))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='保存到工作台账']"))
    arrive(browser, "2023年台儿庄区政务公开工作要点")
    wait_for_text(browser, "main", "共 27 项任务，已销号 0 项")
    plan = Plan.objects.get()
    assert unknown in Unit.objects.get(name="明湖区人民政府办公室").aliases

    education = units["JYJ"]
    task = plan.tasks.filter(responsible_units=education).order_by("order").first()
    log_in(browser, base, "editor")
    browser.get(f"{base}/staff/plans/{plan.pk}/tasks/{task.pk}/")
    browser.find_element(By.NAME, "text").send_keys("已在门户公开招生入学政策和解读")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='报送']"))
    wait_for_text(browser, ".messages", "进展已报送")

    log_in(browser, base, "office")
    browser.get(f"{base}/staff/plans/{plan.pk}/tasks/{task.pk}/")
    browser.find_element(By.CSS_SELECTOR, "input[name='decision'][value='accept']").click()
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='提交审核']"))
    wait_for_text(browser, ".messages", "已审核")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='销号']"))
    wait_for_text(browser, ".messages", "已销号")

    browser.get(f"{base}/staff/plans/{plan.pk}/")
    wait_for_text(browser, "main", "共 27 项任务，已销号 1 项")
    row = browser.find_element(By.XPATH, f"//th[a[text()='{education.name}']]/..")
    assert "1/" in row.text and "已报送" in row.text
    browser.save_screenshot(str(SHOTS / "plan-dashboard.png"))
