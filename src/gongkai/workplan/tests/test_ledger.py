"""Import → preview → save → report → review → close → dashboard, exports and scores."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook

from gongkai.core.actors import PUBLIC, SYSTEM
from gongkai.core.models import Notification
from gongkai.core.transitions import TransitionError
from gongkai.publishing.tests import factories as documents
from gongkai.workplan import selectors, services
from gongkai.workplan.models import Import, Plan, PlanEvent, TaskEvent
from gongkai.workplan.rules import TaskState

pytestmark = pytest.mark.django_db
D = date.fromisoformat

PLAN = """测试区2026年政务公开工作要点
一、深化重点领域信息公开
（一）加强教育信息公开
1．及时公开义务教育招生入学政策，2026年8月底前完成。（责任单位：测试区教育局）
2．按季度公开教育经费使用情况。（责任单位：测试区教育局、测试区财政局）
（二）加强基层政务公开
1．推进基层政务公开标准目录落地，2026年年底前完成。（责任单位：各镇（街）、测试区财政局）
"""


@pytest.fixture
def june():
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False) as traveller:
        yield traveller


def read(district, text=PLAN):
    return services.import_read(
        actor=district.users["office"],
        issuer=district.gov,
        name="要点.txt",
        content=text.encode("utf-8"),
    )


def auto_mapping(draft) -> dict[str, list[int]]:
    return {m.written: list(m.unit_ids) for m in services.import_matches(draft)}


@pytest.fixture
def plan(district, june):
    draft = read(district)
    return services.import_save(
        actor=district.users["office"], draft=draft, mapping=auto_mapping(draft)
    )


def test_import_builds_the_ledger(district, plan):
    assert plan.title == "测试区2026年政务公开工作要点" and plan.year == 2026
    tasks = list(plan.tasks.order_by("order"))
    assert [t.number for t in tasks] == ["一.（一）.1", "一.（一）.2", "一.（二）.1"]
    assert [u.name for u in tasks[1].responsible_units.all()] == ["测试区教育局", "测试区财政局"]
    assert tasks[0].due_on == D("2026-08-31") and tasks[1].every == "quarter"
    # 各镇（街） is a group: it expands to every town.
    assert district.town in tasks[2].responsible_units.all()
    assert tasks[0].events.get().action == "imported"


def test_reimport_updates_and_never_duplicates(district, plan):
    changed = PLAN.replace("2026年8月底前完成", "2026年9月底前完成")
    draft = read(district, changed)
    again = services.import_save(
        actor=district.users["office"], draft=draft, mapping=auto_mapping(draft)
    )
    assert again.pk == plan.pk and again.tasks.count() == 3 and Plan.objects.count() == 1
    first = again.tasks.get(number="一.（一）.1")
    assert first.due_on == D("2026-09-30")
    assert first.events.last().action == "reimported"


def test_an_import_is_one_event_on_the_plans_log(district, plan):
    event = plan.events.get()
    assert (event.action, event.actor) == ("imported", district.users["office"])
    assert event.details == {"source": "要点.txt", "created": 3, "changed": 0, "missing": 0}


def test_a_reimport_is_on_the_plans_log_with_what_it_changed(district, plan):
    changed = (
        PLAN.replace("2026年8月底前完成", "2026年9月底前完成")
        .replace(
            "（二）加强基层政务公开\n1．推进基层政务公开标准目录落地，2026年年底前完成。"
            "（责任单位：各镇（街）、测试区财政局）\n",
            "",
        )
        .replace(
            "（责任单位：测试区教育局、测试区财政局）\n",
            "（责任单位：测试区教育局、测试区财政局）\n3．公开学校收费项目。（责任单位：测试区教育局）\n",
        )
    )
    draft = read(district, changed)
    services.import_save(actor=district.users["office"], draft=draft, mapping=auto_mapping(draft))
    event = plan.events.last()
    assert plan.events.count() == 2 and event.action == "reimported"
    assert event.details == {"source": "要点.txt", "created": 1, "changed": 1, "missing": 1}
    # Each task keeps its own history as well.
    assert plan.tasks.get(number="一.（一）.3").events.get().action == "imported"
    assert plan.tasks.get(number="一.（二）.1").events.last().action == "not_in_import"


def test_reading_a_file_writes_no_event(district, plan):
    events = (plan.events.count(), TaskEvent.objects.count())
    read(district)
    assert (plan.events.count(), TaskEvent.objects.count()) == events


def test_the_plan_page_shows_the_plans_log(client, district, plan):
    client.force_login(district.users["leader"])
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "工作要点日志" in html
    assert str(district.users["office"]) in html and "新增任务 3 项" in html


def test_unmapped_names_must_be_mapped_and_are_remembered(district, june):
    draft = read(district, PLAN.replace("测试区财政局", "区财政"))
    matches = {m.written: m for m in services.import_matches(draft)}
    mapping = auto_mapping(draft)
    if matches["区财政"].method == "none":
        with pytest.raises(ValidationError, match="区财政"):
            services.import_save(actor=district.users["office"], draft=draft, mapping=mapping)
    mapping["区财政"] = [district.finance.pk]
    services.import_save(actor=district.users["office"], draft=draft, mapping=mapping)
    district.finance.refresh_from_db()
    assert "区财政" in district.finance.aliases
    next_time = read(district, PLAN.replace("测试区财政局", "区财政"))
    assert {m.written: m.method for m in services.import_matches(next_time)}["区财政"] == "alias"


def test_bad_files_are_refused(district, june):
    with pytest.raises(ValidationError):
        services.import_read(
            actor=district.users["office"], issuer=district.gov, name="x.txt", content=b""
        )
    with pytest.raises(PermissionDenied):  # only the office imports
        services.import_read(
            actor=district.users["editor"],
            issuer=district.gov,
            name="x.txt",
            content=PLAN.encode("utf-8"),
        )


def test_report_review_close_and_the_dashboard(district, plan, june):
    task = plan.tasks.get(number="一.（一）.1")
    editor, office = district.users["editor"], district.users["office"]
    with pytest.raises(PermissionDenied):
        services.progress_report_submit(
            actor=district.users["town_editor"],
            task=task,
            unit=district.town,
            text="不是我们的任务",
        )
    draft_doc = documents.document(district.education, actor=office, publish=False)
    with pytest.raises(ValidationError, match="已在门户公开"):
        services.progress_report_submit(
            actor=editor, task=task, unit=district.education, text="进展", evidence=[draft_doc]
        )
    evidence = documents.document(district.education, actor=office, title="2026年招生入学政策")
    report = services.progress_report_submit(
        actor=editor, task=task, unit=district.education, text="已公开招生政策", evidence=[evidence]
    )
    with pytest.raises(PermissionDenied):
        services.progress_report_review(actor=editor, report=report, accept=True)
    with pytest.raises(ValidationError, match="退回须说明理由"):
        services.progress_report_review(actor=office, report=report, accept=False)
    services.progress_report_review(actor=office, report=report, accept=True)
    board = selectors.dashboard(plan)
    education = next(u for u in board.units if u.unit == district.education)
    assert (education.total, education.done, education.reported_this_period) == (2, 0, True)
    services.task_close(actor=office, task=task, on=D("2026-06-01"))
    board = selectors.dashboard(plan)
    assert board.done == 1 and board.percent == 33
    assert next(u for u in board.units if u.unit == district.education).percent == 50
    assert [s.percent for s in board.sections] == [33]
    assert board.timeline[-1][1] == 1


def test_a_task_is_closed_and_reopened_through_its_table(district, plan):
    office = district.users["office"]
    task = plan.tasks.get(number="一.（一）.1")
    with pytest.raises(TransitionError, match="“推进中”的任务不能重新打开"):
        services.task_reopen(actor=office, task=task, reason="再核实")
    services.task_close(actor=office, task=task, on=D("2026-06-01"))
    with pytest.raises(TransitionError, match="“已销号”的任务不能销号"):
        services.task_close(actor=office, task=task, on=D("2026-06-01"))
    with pytest.raises(ValidationError, match="重新打开须说明理由"):
        services.task_reopen(actor=office, task=task, reason=" ")
    services.task_reopen(actor=office, task=task, reason="佐证不全")
    with pytest.raises(ValidationError, match="销号日期不能晚于今天"):
        services.task_close(actor=office, task=task, on=D("2026-06-02"))
    task.refresh_from_db()
    assert (task.state, task.closed_on) == (TaskState.OPEN, None)
    assert [e.action for e in task.events.all()] == ["imported", "closed", "reopened"]


def test_a_progress_report_is_reviewed_once_through_its_table(district, plan):
    office = district.users["office"]
    task = plan.tasks.get(number="一.（一）.1")
    report = services.progress_report_submit(
        actor=district.users["editor"], task=task, unit=district.education, text="已公开"
    )
    services.progress_report_review(actor=office, report=report, accept=False, comment="补充佐证")
    for accept in (True, False):
        with pytest.raises(TransitionError, match="“已退回”的进展报送不能"):
            services.progress_report_review(
                actor=office, report=report, accept=accept, comment="再审"
            )
    report.refresh_from_db()
    assert (report.state, report.review_comment) == ("returned", "补充佐证")
    assert [e.action for e in task.events.all()] == ["imported", "reported", "returned"]


def test_the_task_page_offers_only_what_the_tables_allow(client, district, plan):
    office = district.users["office"]
    task = plan.tasks.get(number="一.（一）.1")
    report = services.progress_report_submit(
        actor=district.users["editor"], task=task, unit=district.education, text="已公开"
    )
    close, reopen, review = (
        reverse("plans:task_state", args=[plan.pk, task.pk, "close"]),
        reverse("plans:task_state", args=[plan.pk, task.pk, "reopen"]),
        reverse("plans:review", args=[plan.pk, report.pk]),
    )
    client.force_login(office)
    page = reverse("plans:task", args=[plan.pk, task.pk])
    html = client.get(page).content.decode()
    assert close in html and reopen not in html and review in html
    assert 'value="accept"' in html and 'value="return"' in html
    services.progress_report_review(actor=office, report=report, accept=True)
    services.task_close(actor=office, task=task, on=D("2026-06-01"))
    html = client.get(page).content.decode()
    assert close not in html and reopen in html and review not in html
    bogus = reverse("plans:task_state", args=[plan.pk, task.pk, "undo"])
    assert client.post(bogus, {"reason": "不是一项操作"}).status_code == 404
    task.refresh_from_db()
    assert task.state == TaskState.DONE


def test_exports_in_the_official_layout(district, plan, june):
    task = plan.tasks.get(number="一.（一）.1")
    office = district.users["office"]
    evidence = documents.document(district.education, actor=office, title="招生政策")
    report = services.progress_report_submit(
        actor=district.users["editor"],
        task=task,
        unit=district.education,
        text="已公开",
        evidence=[evidence],
    )
    services.progress_report_review(actor=office, report=report, accept=True)
    from gongkai.workplan import exports

    tasks = list(selectors.tasks_of(plan).prefetch_related("progress_reports__evidence"))
    sheet = load_workbook(io.BytesIO(exports.breakdown_xlsx(plan, tasks))).active
    assert [c.value for c in sheet[2]] == exports.HEADERS
    assert sheet["A3"].value.startswith("一 深化重点领域信息公开")
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    # Only 责任单位 are written for this task, so the 牵头单位 cell stays empty (None).
    assert ["1", task.text, None, "测试区教育局", None, "2026年8月底前", "已公开"] in values
    table = Docx(io.BytesIO(exports.breakdown_docx(plan, tasks))).tables[0]
    assert [c.text for c in table.rows[0].cells] == exports.HEADERS
    review = "\n".join(
        p.text for p in Docx(io.BytesIO(exports.review_docx(plan, tasks, "http://x"))).paragraphs
    )
    assert "招生政策" in review and evidence.index_no in review


def test_scores_from_data_and_by_hand(district, plan, june):
    office = district.users["office"]
    on_time = services.indicator_add(
        actor=office, plan=plan, name="任务按时完成", weight=60, source="tasks_on_time"
    )
    manual = services.indicator_add(
        actor=office, plan=plan, name="信息员培训", weight=40, source="manual"
    )
    services.task_close(actor=office, task=plan.tasks.get(number="一.（一）.1"), on=D("2026-06-01"))
    with pytest.raises(ValidationError, match="理由"):
        services.manual_score_set(
            actor=office, indicator=manual, unit=district.education, score=Decimal("30"), reason=""
        )
    services.manual_score_set(
        actor=office,
        indicator=manual,
        unit=district.education,
        score=Decimal("35"),
        reason="参加两次培训",
    )
    _, rows = selectors.scores(plan)
    education = next(r for r in rows if r.unit == district.education)
    assert education.scores[on_time.id] == Decimal("30.0")  # 1 of 2 on time × 60
    assert (
        education.scores[manual.id] == Decimal("35")
        and "参加两次培训" in education.notes[manual.id]
    )
    assert education.total == Decimal("65.0") and education.rank == 1


def test_overdue_tasks_and_silent_units_are_reminded_once(district, plan, june, capsys):
    june.move_to("2026-09-02 10:00 +0800")
    call_command("remind")
    out = capsys.readouterr().out
    assert "工作任务已超过完成时限（2026-08-31）" in out and "尚未报送" in out
    assert Notification.objects.filter(user=district.users["editor"]).exists()
    call_command("remind")
    assert "0 reminders sent" in capsys.readouterr().out


def test_the_public_sees_a_published_plan_only(client, district, plan):
    url = reverse("progress:detail", args=[plan.pk])
    assert client.get(url).status_code == 404
    services.plan_publish(actor=district.users["office"], plan=plan, published=True)
    html = client.get(url).content.decode()
    assert "及时公开义务教育招生入学政策" in html and "推进中" in html
    assert plan.title in client.get(reverse("progress:list")).content.decode()


def ledger_steps(district, plan) -> dict:
    """Every write of the ledger, as a call that takes the actor."""
    task = plan.tasks.get(number="一.（一）.1")
    closed = plan.tasks.get(number="一.（一）.2")
    services.task_close(actor=district.users["office"], task=closed, on=D("2026-06-01"))
    report = services.progress_report_submit(
        actor=district.users["editor"], task=task, unit=district.education, text="已公开"
    )
    indicator = services.indicator_add(
        actor=district.users["office"], plan=plan, name="信息员培训", weight=40, source="manual"
    )
    draft = read(district)
    return {
        "import_read": lambda actor: services.import_read(
            actor=actor, issuer=district.gov, name="要点.txt", content=PLAN.encode("utf-8")
        ),
        "import_save": lambda actor: services.import_save(
            actor=actor, draft=draft, mapping=auto_mapping(draft)
        ),
        "progress_report_submit": lambda actor: services.progress_report_submit(
            actor=actor, task=task, unit=district.education, text="进展"
        ),
        "progress_report_review": lambda actor: services.progress_report_review(
            actor=actor, report=report, accept=True
        ),
        "task_close": lambda actor: services.task_close(actor=actor, task=task, on=D("2026-06-01")),
        "task_reopen": lambda actor: services.task_reopen(
            actor=actor, task=closed, reason="补充材料"
        ),
        "plan_publish": lambda actor: services.plan_publish(actor=actor, plan=plan, published=True),
        "indicator_add": lambda actor: services.indicator_add(
            actor=actor, plan=plan, name="培训", weight=10, source="manual"
        ),
        "manual_score_set": lambda actor: services.manual_score_set(
            actor=actor,
            indicator=indicator,
            unit=district.education,
            score=Decimal("30"),
            reason="参加培训",
        ),
    }


STEPS = [
    "import_read",
    "import_save",
    "progress_report_submit",
    "progress_report_review",
    "task_close",
    "task_reopen",
    "plan_publish",
    "indicator_add",
    "manual_score_set",
]


@pytest.mark.parametrize("marker", [SYSTEM, PUBLIC], ids=["system", "public"])
@pytest.mark.parametrize("step", STEPS)
def test_the_platform_and_the_public_take_no_step_of_the_ledger(district, plan, step, marker):
    """Every service asks the permission layer with the actor it names; neither marker holds a
    grant of the ledger, so each is refused and nothing is written."""
    run = ledger_steps(district, plan)[step]
    counts = (TaskEvent.objects.count(), Import.objects.count(), plan.indicators.count())
    with pytest.raises(PermissionDenied):
        run(marker)
    assert (TaskEvent.objects.count(), Import.objects.count(), plan.indicators.count()) == counts


# What each step writes: (events on the plan's log, events on a task's log).
ONE_EVENT = {
    "import_read": (0, 0),
    "import_save": (1, 0),  # the same file again: no task changed
    "progress_report_submit": (0, 1),
    "progress_report_review": (0, 1),
    "task_close": (0, 1),
    "task_reopen": (0, 1),
    "plan_publish": (1, 0),
    "indicator_add": (1, 0),
    "manual_score_set": (1, 0),
}


@pytest.mark.parametrize("step", STEPS)
def test_each_step_writes_one_event_on_its_subjects_log(district, plan, step):
    run = ledger_steps(district, plan)[step]
    before = (PlanEvent.objects.count(), TaskEvent.objects.count())
    run(district.users["editor" if step == "progress_report_submit" else "office"])
    after = (PlanEvent.objects.count(), TaskEvent.objects.count())
    assert (after[0] - before[0], after[1] - before[1]) == ONE_EVENT[step]


def test_publication_is_on_the_plans_log_when_it_changes(district, plan, june):
    office = district.users["office"]
    services.plan_publish(actor=office, plan=plan, published=True)
    updated = Plan.objects.get(pk=plan.pk).updated_at
    june.shift(600)
    services.plan_publish(actor=office, plan=Plan.objects.get(pk=plan.pk), published=True)
    assert Plan.objects.get(pk=plan.pk).updated_at == updated
    services.plan_publish(actor=office, plan=plan, published=False)
    assert [e.action for e in plan.events.all()] == ["imported", "published", "unpublished"]
    assert plan.events.last().actor == office


def test_indicators_and_scores_by_hand_are_on_the_plans_log(client, district, plan):
    office = district.users["office"]
    manual = services.indicator_add(
        actor=office, plan=plan, name="信息员培训", weight=40, source="manual"
    )
    for score, reason in [(Decimal("30"), "参加一次培训"), (Decimal("35"), "参加两次培训")]:
        services.manual_score_set(
            actor=office, indicator=manual, unit=district.education, score=score, reason=reason
        )
    added, first, second = plan.events.exclude(action="imported")
    assert added.action == "indicator_added"
    assert added.details == {"indicator": "信息员培训", "weight": 40, "scoring": "manual"}
    assert [(e.action, e.reason) for e in (first, second)] == [
        ("score_set", "参加一次培训"),
        ("score_set", "参加两次培训"),
    ]
    unit = {"indicator": "信息员培训", "unit": "测试区教育局"}
    assert first.details == {**unit, "score": {"from": None, "to": "30.0"}}
    assert second.details == {**unit, "score": {"from": "30.0", "to": "35.0"}}
    client.force_login(district.users["leader"])
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "计分方式：人工评分" in html and "得分：30.0 → 35.0" in html and "参加两次培训" in html


ROLES = ["admin", "office", "editor", "reviewer", "leader", "town_editor", "citizen", None]


@pytest.mark.parametrize("role", ROLES)
def test_every_ledger_view_with_every_role(client, district, plan, role):
    task = plan.tasks.get(number="一.（一）.1")
    expect_manage = role in ("admin", "office")
    expect_view = role not in ("citizen", None)
    if role:
        client.force_login(district.users[role])
    views = [
        reverse("plans:list"),
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:task", args=[plan.pk, task.pk]),
        reverse("plans:assessment", args=[plan.pk]),
        reverse("plans:export", args=[plan.pk, "breakdown.xlsx"]),
    ]
    for url in views:
        response = client.get(url)
        if role is None:
            assert response.status_code == 302, url
        elif not expect_view:
            assert response.status_code in (403, 404), (role, url)
        else:
            assert response.status_code == 200, (role, url, response.status_code)
    response = client.post(
        reverse("plans:task_state", args=[plan.pk, task.pk, "close"]), {"on": "2026-06-01"}
    )
    task.refresh_from_db()
    assert (task.state == TaskState.DONE) == expect_manage, role


TOWN_PLAN = """东湖街道2026年政务公开工作要点
一、推进基层政务公开
1．各村（社区）按季度公开村（居）务，2026年年底前完成。（责任单位：各村（社区））
"""


def _preview_and_save(client, user, issuer, text, choose=None):
    """Import through the pages as the office does: upload, look at the preview, save it with
    what the preview proposes (or with `choose` picking the option whose label holds a text)."""
    client.force_login(user)
    response = client.post(
        reverse("plans:list"), {"issuer": issuer.pk, "text": text, "file": ""}, follow=True
    )
    preview, form = response.content.decode(), response.context["form"]
    data = {}
    for name, field in form.fields.items():
        data[name] = form[name].value() or ""
        if choose is not None:
            data[name] = next(v for v, label in field.choices if choose in label)
    client.post(response.wsgi_request.path, data)
    return preview


def test_a_towns_plan_assigns_its_own_villages_only(client, district, june):
    """Two towns with villages of their own: 各村（社区） in one town's plan means that town's
    villages, as the preview says, and the saved tasks agree with the preview."""
    from gongkai.orgs.models import UnitKind
    from gongkai.orgs.services import unit_create

    west = unit_create(
        actor=SYSTEM,
        name="西山镇人民政府",
        kind=UnitKind.TOWN,
        code="113300000000000060",
        parent=district.gov,
    )
    unit_create(
        actor=SYSTEM,
        name="西山村村民委员会",
        kind=UnitKind.VILLAGE,
        code="1133000000000070",
        parent=west,
    )
    ours = unit_create(
        actor=SYSTEM,
        name="东湖社区居民委员会",
        kind=UnitKind.VILLAGE,
        code="113300000000000080",
        parent=district.town,
    )
    preview = _preview_and_save(client, district.users["office"], district.town, TOWN_PLAN)
    assert "新桥社区居民委员会" in preview and "东湖社区居民委员会" in preview
    assert "西山村村民委员会" not in preview
    task = Plan.objects.get(issuer=district.town).tasks.get()
    assert set(task.responsible_units.all()) == {district.village, ours}


def test_a_group_chosen_by_hand_is_the_issuers_own(client, district, june):
    from gongkai.orgs.models import UnitKind
    from gongkai.orgs.services import unit_create

    west = unit_create(
        actor=SYSTEM,
        name="西山镇人民政府",
        kind=UnitKind.TOWN,
        code="113300000000000060",
        parent=district.gov,
    )
    unit_create(
        actor=SYSTEM,
        name="西山村村民委员会",
        kind=UnitKind.VILLAGE,
        code="1133000000000070",
        parent=west,
    )
    text = TOWN_PLAN.replace("各村（社区）", "村居两委")
    _preview_and_save(client, district.users["office"], district.town, text, choose="全部村")
    task = Plan.objects.get(issuer=district.town).tasks.get()
    assert list(task.responsible_units.all()) == [district.village]


@pytest.mark.parametrize("unit", ["²", "１２", "٣", "99999999999999999999", "x"])
def test_a_unit_filter_that_is_not_a_number_shows_every_task(client, district, plan, unit):
    client.force_login(district.users["leader"])
    response = client.get(reverse("plans:detail", args=[plan.pk]), {"unit": unit})
    assert response.status_code == 200 and len(response.context["tasks"]) == 3


def test_the_unit_filter_shows_that_units_tasks(client, district, plan):
    client.force_login(district.users["leader"])
    response = client.get(reverse("plans:detail", args=[plan.pk]), {"unit": district.finance.pk})
    assert len(response.context["tasks"]) == 2


def test_the_preview_shows_what_the_reader_could_not_place(client, district, june):
    client.force_login(district.users["office"])
    text = (
        "明湖区2026年政务公开任务清单\n序号 | 工作任务 | 责任单位 | 完成时限\n"
        "1 | 公开财政预决算。 | 区财政局 | 年底前\n2 |  | 区审计局 | 6月底前\n"
    )
    response = client.post(
        reverse("plans:list"), {"issuer": district.gov.pk, "text": text, "file": ""}, follow=True
    )
    page = response.content.decode()
    assert "有 1 处内容未能归入任何任务" in page
    assert "<li>2 区审计局 6月底前</li>" in page
