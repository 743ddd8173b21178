"""The 2026 report computed from a hand-made district, with every expected figure written out."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from gongkai.enforcement import services as enforcement
from gongkai.foi import services as foi
from gongkai.foi.models import CaseEvent
from gongkai.foi.tests.test_statistics import case
from gongkai.publishing import services as publishing
from gongkai.publishing.tests import factories
from gongkai.reports import format as fmt
from gongkai.reports.compute import Scope, compute, fees_collected

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(day: str):
    return time_machine.travel(datetime.fromisoformat(day).replace(hour=10, tzinfo=TZ), tick=False)


def normative(district, unit, written: str, validity_changes=(), **fields):
    """A published normative document and the days its validity was changed."""
    with at(written):
        doc = factories.document(
            unit,
            actor=district.users["office"],
            genre=fields.pop("genre", "normative"),
            written_on=date.fromisoformat(written),
            **fields,
        )
    for day, validity in validity_changes:
        with at(day):
            doc = publishing.document_update(
                actor=district.users["office"], document=doc, validity=validity
            )
    return doc


DECISION_NUMBERS = iter(range(1, 10**6))


def decision(district, unit, kind: str, decided: str):
    with at("2027-01-05"):
        return enforcement.decision_register(
            actor=district.users["office"],
            unit=unit,
            kind=kind,
            decision_no=f"测〔2026〕{next(DECISION_NUMBERS)}号",
            title="某决定",
            party="某公司",
            summary="某事项。",
            basis="某法",
            decided_on=date.fromisoformat(decided),
        )


def remedy(district, unit, kind, filed, outcome=None, decided=None):
    with at("2027-01-10"):
        r = foi.remedy_record(
            actor=district.users["office"],
            respondent=unit,
            kind=kind,
            filed_on=date.fromisoformat(filed),
        )
        if outcome:
            r = foi.remedy_decide(
                actor=district.users["office"],
                remedy=r,
                outcome=outcome,
                decided_on=date.fromisoformat(decided),
            )
    return r


@pytest.fixture
def district_2026(district):
    edu, fin = district.education, district.finance
    normative(district, edu, "2024-01-01")  # in force throughout
    normative(district, edu, "2025-06-01", [("2026-03-01", "repealed")])  # repealed in 2026
    normative(district, edu, "2025-04-01", [("2025-09-01", "repealed")])  # repealed in 2025
    normative(district, edu, "2026-02-01")  # made in 2026
    normative(district, edu, "2026-05-01", [("2026-09-15", "expired")])  # made and ended
    normative(district, edu, "2026-03-01", [("2027-01-03", "repealed")])  # ended after the year
    normative(district, edu, "2026-04-01", genre="notice")  # not a normative document
    factories.document(edu, actor=district.users["office"], genre="normative", publish=False)
    normative(district, fin, "2026-06-01")  # another unit: only in the roll-up
    normative(district, district.gov, "2026-07-01", genre="regulation")  # a 规章 of the government

    decision(district, edu, "permit", "2026-03-02")
    decision(district, edu, "permit", "2026-11-30")
    decision(district, edu, "permit", "2025-12-31")  # last year
    decision(district, edu, "penalty", "2026-08-08")  # never published: still counted
    decision(district, fin, "compulsory", "2026-10-10")

    case(edu, "2026-03-01", "natural", "2026-03-20", "disclosed")
    case(edu, "2025-12-20", "business", "2026-01-15", "withheld_secret")
    case(edu, "2026-12-30", "research")
    case(fin, "2026-05-01", "nonprofit", "2026-05-20", "unavailable_none")
    paid = case(edu, "2026-06-01", "natural", "2026-06-30", "disclosed")
    CaseEvent.objects.create(
        case=paid, action="fee_paid", on=date(2026, 6, 20), details={"amount": 300}
    )

    remedy(district, edu, "review", "2026-02-01", "upheld", "2026-04-01")
    remedy(district, edu, "review", "2026-11-01", "corrected", "2027-01-05")  # decided next year
    remedy(district, edu, "litigation", "2026-05-05")
    remedy(district, edu, "litigation_after_review", "2026-06-06", "other", "2026-12-01")
    remedy(district, edu, "review", "2025-05-05", "upheld", "2026-01-05")  # filed last year
    remedy(district, fin, "review", "2026-07-07", "corrected", "2026-08-08")
    return district


def t2(tables, item, row, column):
    return tables.table2[(item, row, column)]


FIRST = "第二十条第（一）项"


def test_table2_for_the_education_bureau(district_2026):
    with at("2027-01-12"):
        tables = compute(Scope(district_2026.education, 2026, rollup=False))
    # 制发: 2 Feb, 1 May, 1 Mar; 废止: 1 Mar (repealed), 15 Sep (expired); 现行有效 on 31 Dec:
    # the 2024 one, 2 Feb, and 1 Mar (repealed only on 3 Jan 2027).
    assert [t2(tables, FIRST, "行政规范性文件", c) for c in fmt.TABLE2[0].columns] == [3, 2, 3]
    assert [t2(tables, FIRST, "规章", c) for c in fmt.TABLE2[0].columns] == [0, 0, 0]
    assert t2(tables, "第二十条第（五）项", "行政许可", "本年处理决定数量") == 2
    assert t2(tables, "第二十条第（六）项", "行政处罚", "本年处理决定数量") == 1
    assert t2(tables, "第二十条第（六）项", "行政强制", "本年处理决定数量") == 0
    assert t2(tables, "第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）") is None


def test_table3_and_table4_for_the_education_bureau(district_2026):
    with at("2027-01-12"):
        tables = compute(Scope(district_2026.education, 2026, rollup=False))
    rows = dict(zip((p[-1] for p in fmt.TABLE3_ROWS), tables.table3, strict=True))
    assert rows["一、本年新收政府信息公开申请数量"] == [2, 0, 1, 0, 0, 0, 3]
    assert rows["二、上年结转政府信息公开申请数量"] == [0, 1, 0, 0, 0, 0, 1]
    assert rows["（一）予以公开"] == [2, 0, 0, 0, 0, 0, 2]
    assert rows["1.属于国家秘密"] == [0, 1, 0, 0, 0, 0, 1]
    assert rows["（七）总计"] == [2, 1, 0, 0, 0, 0, 3]
    assert rows["四、结转下年度继续办理"] == [0, 0, 1, 0, 0, 0, 1]
    # 复议: upheld 1, decided only next year 1 (尚未审结 on 31 Dec); 直接起诉 pending 1;
    # 复议后起诉 other 1; the one filed in 2025 is last year's.
    assert tables.table4 == [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]
    assert fmt.check(tables) == [
        fmt.Problem("表二 行政事业性收费", "“本年收费金额（单位：万元）”尚无数据，请填写并说明来源")
    ]
    assert fees_collected(Scope(district_2026.education, 2026, rollup=False)) == Decimal(300)


def test_the_government_rolls_up_its_units(district_2026):
    with at("2027-01-12"):
        tables = compute(Scope(district_2026.gov, 2026, rollup=True))
        alone = compute(Scope(district_2026.gov, 2026, rollup=False))
    assert [t2(tables, FIRST, "行政规范性文件", c) for c in fmt.TABLE2[0].columns] == [4, 2, 4]
    assert [t2(tables, FIRST, "规章", c) for c in fmt.TABLE2[0].columns] == [1, 0, 1]
    assert t2(tables, "第二十条第（六）项", "行政强制", "本年处理决定数量") == 1
    assert tables.table3[0] == [2, 0, 1, 1, 0, 0, 4]
    assert tables.table4[:5] == [1, 1, 0, 1, 3]
    assert [t2(alone, FIRST, "行政规范性文件", c) for c in fmt.TABLE2[0].columns] == [0, 0, 0]
    assert alone.table3[0] == [0] * 7


def test_the_staff_pages_count_table3_as_the_annual_report_does(client, district):
    gov, edu = district.gov, district.education
    # Received by the government, handled by the education bureau with the finance bureau.
    handed_on = case(gov, "2026-03-02", "natural", "2026-03-20", "disclosed")
    handed_on.unit = edu
    handed_on.save()
    handed_on.co_units.add(district.finance)
    case(edu, "2026-04-01", "business", "2026-04-20", "partial")
    case(edu, "2026-11-02", "natural")  # still open on 31 December
    for user, scope in (
        ("editor", Scope(edu, 2026, rollup=False)),
        ("office", Scope(gov, 2026, rollup=True)),
    ):
        with at("2027-01-12"):
            client.force_login(district.users[user])
            report = compute(scope).table3
            foi_page = client.get(reverse("foi_staff:statistics"), {"year": "2026"}).context
            office_page = client.get(reverse("reports:statistics"), {"year": "2026"}).context
        assert [row.values for row in foi_page["table"].rows] == report, user
        assert sum(foi_page["months"]) == report[fmt.NEW][-1], user
        assert sum(office_page["figures"].received) == report[fmt.NEW][-1], user
    assert report[fmt.NEW][-1] == 3  # the government's roll-up counts the case once


def test_the_command_prints_the_tables_as_json(district_2026):
    import json

    out = StringIO()
    with at("2027-01-12"):
        call_command("report", "annual", "--year", "2026", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["unit"] == "测试区人民政府" and data["rollup"] is True
    assert data["table3"]["columns"] == list(fmt.TABLE3_COLUMNS)
    first = data["table3"]["rows"][0]
    assert first == {
        "label": "一、本年新收政府信息公开申请数量",
        "path": ["一、本年新收政府信息公开申请数量"],
        "values": [2, 0, 1, 1, 0, 0, 4],
    }
    assert data["table2"][0]["rows"][1] == {"label": "行政规范性文件", "values": [4, 2, 4]}
    assert data["table2"][3]["rows"][0]["values"] == [None]
    assert data["table4"]["columns"][5] == "行政诉讼 未经复议直接起诉 结果维持"
    out = StringIO()
    with at("2027-01-12"):
        call_command(
            "report", "annual", "--year", "2026", "--unit", district_2026.education.code, stdout=out
        )
    assert "行政规范性文件：本年制发件数 3，本年废止件数 2，现行有效件数 3" in out.getvalue()


def test_the_command_refuses_an_unknown_unit(district):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有代码为 X 的单位"):
        call_command("report", "annual", "--year", "2026", "--unit", "X")
