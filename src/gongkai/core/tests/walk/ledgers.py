"""The work-plan ledger, enforcement decisions and annual reports."""

from datetime import date
from decimal import Decimal

from gongkai.conftest import District
from gongkai.enforcement import services as enforcement
from gongkai.enforcement.models import Decision
from gongkai.reports import services as reports
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import t2_key
from gongkai.workplan import services as workplan
from gongkai.workplan.models import Import, Plan, Task

from . import TODAY, Step

# -- the work-plan ledger ------------------------------------------------------------------------
PLAN = """测试区2026年政务公开工作要点
一、深化重点领域信息公开
（一）加强教育信息公开
1．及时公开义务教育招生入学政策，2026年8月底前完成。（责任单位：测试区教育局）
"""


def plan_draft(d: District) -> Import:
    return workplan.import_read(
        actor=d.users["office"], issuer=d.gov, name="要点.txt", content=PLAN.encode("utf-8")
    )


def matched(draft: Import) -> dict[str, list[int]]:
    return {m.written: list(m.unit_ids) for m in workplan.import_matches(draft)}


def plan(d: District) -> Plan:
    draft = plan_draft(d)
    return workplan.import_save(actor=d.users["office"], draft=draft, mapping=matched(draft))


def task(d: District) -> Task:
    return plan(d).tasks.get()


def import_save(d: District) -> Step:
    draft = plan_draft(d)
    return Step(d.users["office"], {"draft": draft, "mapping": matched(draft)})


def progress_report_submit(d: District) -> Step:
    return Step(
        d.users["editor"],
        {"task": task(d), "unit": d.education, "text": "已公开招生政策"},
        lambda report: report.task,
    )


def progress_report_review(d: District) -> Step:
    report = workplan.progress_report_submit(
        actor=d.users["editor"], task=task(d), unit=d.education, text="已公开招生政策"
    )
    return Step(d.users["office"], {"report": report, "accept": True}, lambda r: r.task)


def task_close(d: District) -> Step:
    return Step(d.users["office"], {"task": task(d), "on": TODAY})


def task_reopen(d: District) -> Step:
    closed = workplan.task_close(actor=d.users["office"], task=task(d), on=TODAY)
    return Step(d.users["office"], {"task": closed, "reason": "佐证不全"})


def plan_publish(d: District) -> Step:
    return Step(d.users["office"], {"plan": plan(d), "published": True})


def indicator_add(d: District) -> Step:
    return Step(
        d.users["office"],
        {"plan": plan(d), "name": "信息员培训", "weight": 40, "source": "manual"},
        lambda indicator: indicator.plan,
    )


def manual_score_set(d: District) -> Step:
    indicator = workplan.indicator_add(
        actor=d.users["office"], plan=plan(d), name="信息员培训", weight=40, source="manual"
    )
    return Step(
        d.users["office"],
        {
            "indicator": indicator,
            "unit": d.education,
            "score": Decimal("30"),
            "reason": "参加培训",
        },
        lambda score: score.indicator.plan,
    )


# -- enforcement decisions ------------------------------------------------------------------
DECISION = {
    "kind": "penalty",
    "decision_no": "测教罚〔2026〕12号",
    "title": "关于某培训学校无证办学的行政处罚决定",
    "party": "测试区某某教育咨询有限公司",
    "summary": "当事人未经审批举办文化补习学校，责令停止办学，罚款人民币五万元。",
    "basis": "《中华人民共和国民办教育促进法》第六十四条",
    "decided_on": date(2026, 5, 29),
}


def registered(d: District, **fields) -> Decision:
    return enforcement.decision_register(
        actor=d.users["editor"], unit=d.education, **{**DECISION, **fields}
    )


def published(d: District) -> Decision:
    return enforcement.decision_publish(actor=d.users["reviewer"], decision=registered(d))


def decision_register(d: District) -> Step:
    return Step(d.users["editor"], {"unit": d.education, **DECISION})


def decision_publish(d: District) -> Step:
    return Step(d.users["reviewer"], {"decision": registered(d)})


def decision_mask(d: District) -> Step:
    found = registered(d, summary="当事人联系电话13812345678，罚款人民币五万元。")
    return Step(d.users["editor"], {"decision": found})


def decision_revoked(d: District) -> Step:
    return Step(
        d.users["editor"], {"decision": published(d), "on": TODAY, "reason": "复议机关撤销"}
    )


def decision_withdraw(d: District) -> Step:
    revoked = enforcement.decision_revoked(
        actor=d.users["editor"], decision=published(d), on=TODAY, reason="复议机关撤销"
    )
    return Step(d.users["reviewer"], {"decision": revoked, "reason": "该决定已被复议机关撤销"})


# -- annual reports ---------------------------------------------------------------------------
CHARGES = t2_key("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）")
NARRATIVE = {
    "overview": "2025年，区教育局认真贯彻落实条例。",
    "problems": "解读形式较为单一。下一步将加强图解。",
    "other": "本年度未收取信息处理费。",
}


def report(d: District) -> AnnualReport:
    return reports.report_create(actor=d.users["editor"], unit=d.education, year=2025)


def with_charges(d: District) -> AnnualReport:
    return reports.figure_enter(
        actor=d.users["editor"],
        report=report(d),
        key=CHARGES,
        value="12.35",
        reason="据区财政局非税收入系统导出数",
    )


def report_create(d: District) -> Step:
    return Step(d.users["editor"], {"unit": d.education, "year": 2025})


def report_edit(d: District) -> Step:
    return Step(d.users["editor"], {"report": report(d), **NARRATIVE})


def figure_enter(d: District) -> Step:
    return Step(
        d.users["editor"],
        {"report": report(d), "key": CHARGES, "value": "12.35", "reason": "财政非税收入系统"},
    )


def figure_clear(d: District) -> Step:
    return Step(d.users["editor"], {"report": with_charges(d), "key": CHARGES})


def report_submit(d: District) -> Step:
    ready = reports.report_edit(actor=d.users["editor"], report=with_charges(d), **NARRATIVE)
    return Step(d.users["editor"], {"report": ready})
