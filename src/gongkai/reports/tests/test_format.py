"""The report's structure against the format text itself, and the checks against a real
published report (its figures pass) and against deliberate mistakes (they are caught)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.reports import format as fmt

DATA = Path(__file__).parent / "data"
FORMAT = (DATA / "annual-report-format-2021.txt").read_text(encoding="utf-8")
SAMPLE = (DATA / "annual-report-sample-2024.txt").read_text(encoding="utf-8")


def tab_lines(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if "\t" in line]


def block(text: str, start: str, end: str) -> list[list[str]]:
    return tab_lines(text[text.index(start) : text.index(end, text.index(start))])


def test_table2_items_columns_and_rows_are_the_formats():
    lines = block(FORMAT, "第二十条第（一）项", "三、收到和处理")
    expected = []
    for item in fmt.TABLE2:
        expected.append(["信息内容", *item.columns])
        expected += [[row] + [""] * len(item.columns) for row in item.rows]
    assert [[c.strip() for c in line] for line in lines] == expected
    items = [line for line in FORMAT.splitlines() if line.startswith("第二十条")]
    assert items == [i.item for i in fmt.TABLE2]


def test_table3_rows_and_columns_are_the_formats():
    lines = block(FORMAT, "（本列数据的勾稽关系", "四、政府信息公开行政复议")
    header, groups, columns, *rows = lines
    assert header[0] == fmt.TABLE3_NOTE and header[3:] == ["申请人情况"] * 7
    assert groups[3:] == list(fmt.TABLE3_COLUMN_GROUPS)
    assert columns[3:] == list(fmt.TABLE3_COLUMNS)
    assert [tuple(c for c in r[:3] if c) for r in rows] == list(fmt.TABLE3_ROWS)
    assert len(fmt.TABLE3_ROWS) == 25


def test_table4_columns_are_the_formats():
    groups, subgroups, outcomes, _ = block(FORMAT, "行政复议\t", "五、存在的主要问题")
    assert groups == [group for group, _, _ in fmt.TABLE4_COLUMNS]
    assert outcomes == [outcome for _, _, outcome in fmt.TABLE4_COLUMNS]
    # 行政复议's outcome cells span two header rows; litigation has its two kinds between.
    assert subgroups[:5] == outcomes[:5]
    assert subgroups[5:] == [sub for _, sub, _ in fmt.TABLE4_COLUMNS[5:]]
    assert len(fmt.TABLE4_COLUMNS) == 15


def test_the_six_sections_are_the_formats_in_order():
    template = FORMAT[FORMAT.index("政府信息公开工作年度报告格式模板") :]
    places = [template.index(section) for section in fmt.SECTIONS]
    assert places == sorted(places)


def sample_tables() -> fmt.Tables:
    lines = block(SAMPLE, "第二十条第（一）项", "五、存在的主要问题")
    table2 = {}
    for item in fmt.TABLE2:
        for row in item.rows:
            values = next(line[1:] for line in lines if line[0] == row)
            for column, value in zip(item.columns, values, strict=True):
                table2[(item.item, row, column)] = Decimal(value) if "." in value else int(value)
    table3 = [
        [int(v) for v in line[3:]]
        for line in lines
        if line[0].startswith(("一、", "二、", "三、本年度", "四、结转"))
    ]
    table4 = [int(v) for v in lines[-1]]
    return fmt.Tables(table2=table2, table3=table3, table4=table4)


def test_a_real_published_report_passes_the_checks():
    tables = sample_tables()
    assert len(tables.table3) == 25 and tables.table3[0] == [217, 1, 0, 0, 0, 0, 218]
    assert tables.table2[
        ("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）")
    ] == Decimal("18651.06")
    assert fmt.check(tables) == []


@pytest.mark.parametrize(
    ("mistake", "where", "says"),
    [
        # A row whose total is not its columns' sum.
        (
            lambda t: t.table3[2].__setitem__(6, 72),
            "表三 （一）予以公开",
            "总计不等于各类申请人之和",
        ),
        # One more disclosed, total not updated: （七）总计 no longer adds up — and with the
        # row total fixed, the identity 新收 + 结转 = 结果 + 结转下年 breaks too.
        (
            lambda t: (t.table3[2].__setitem__(0, 72), t.table3[2].__setitem__(6, 72)),
            "表三 自然人列",
            "（七）总计不等于各项办理结果之和",
        ),
        (
            lambda t: (t.table3[0].__setitem__(0, 218), t.table3[0].__setitem__(6, 219)),
            "表三 自然人列",
            "新收 + 上年结转（218）不等于办理结果总计 + 结转下年（217）",
        ),
        (lambda t: t.table4.__setitem__(4, 8), "表四 行政复议", "总计不等于各项结果之和"),
        (
            lambda t: t.table2.__setitem__(
                ("第二十条第（五）项", "行政许可", "本年处理决定数量"), None
            ),
            "表二 行政许可",
            "“本年处理决定数量”尚无数据，请填写并说明来源",
        ),
        (lambda t: t.table3[7].__setitem__(1, None), "表三 4.保护第三方合法权益", "有未填写的数字"),
    ],
)
def test_the_checks_catch_each_kind_of_mistake(mistake, where, says):
    tables = sample_tables()
    mistake(tables)
    assert fmt.Problem(where, says) in fmt.check(tables)


@pytest.mark.parametrize(
    ("year", "government", "due"),
    [
        (2026, False, date(2027, 1, 31)),
        (2026, True, date(2027, 3, 31)),
        (2024, True, date(2025, 3, 31)),
    ],
)
def test_statutory_dates(year, government, due):
    assert fmt.due_date(year, government) == due
