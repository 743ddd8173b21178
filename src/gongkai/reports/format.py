"""The tables of the annual report as 国办公开办函〔2021〕30号 lays them out (plain Python): their
rows, columns and labels, word for word, and the checks a filled report must pass.

A figure is an int (a count), a Decimal (money, 万元) or None: not computable from the platform's
data, to be entered by hand with a reason."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Final

from gongkai.foi.rules import TABLE3_ROWS as TABLE3_ROWS

Figure = int | Decimal | None


@dataclass(frozen=True)
class Item:
    """One block of table 二: an item of Art. 20 with its columns and rows."""

    item: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]


TABLE2: Final = (
    Item(
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        ("规章", "行政规范性文件"),
    ),
    Item("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
    Item("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
    Item("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
)

# Table 三: the applicant columns (自然人; 法人或其他组织 ×5; 总计) and the rows, each row the path
# of its label cells in the format's layout; the rows are the outcomes' (gongkai.foi.rules).
TABLE3_COLUMN_GROUPS: Final = ("自然人", *["法人或其他组织"] * 5, "总计")
TABLE3_COLUMNS: Final = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)
TABLE3_NOTE: Final = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
NEW, CARRIED, TOTAL, FORWARD = 0, 1, len(TABLE3_ROWS) - 2, len(TABLE3_ROWS) - 1
RESULT_ROWS: Final = range(2, TOTAL)

# Table 四: administrative review, then litigation without and after review, each by outcome.
OUTCOMES: Final = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
TABLE4_GROUPS: Final = (
    ("行政复议", ""),
    ("行政诉讼", "未经复议直接起诉"),
    ("行政诉讼", "复议后起诉"),
)
TABLE4_COLUMNS: Final = tuple(
    (group, sub or group, outcome) for group, sub in TABLE4_GROUPS for outcome in OUTCOMES
)

SECTIONS: Final = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
OVERVIEW_MAX_CHARS: Final = 1000  # 总体情况 “篇幅原则上不超过一千字”


def due_date(year: int, is_government: bool) -> date:
    """When the report for `year` must be public: departments (and towns) by 31 January,
    governments by 31 March of the next year (条例第四十九条)."""
    return date(year + 1, 3, 31) if is_government else date(year + 1, 1, 31)


# -- checks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    where: str
    text: str


@dataclass
class Tables:
    table2: dict[tuple[str, str, str], Figure] = field(default_factory=dict)  # item, row, column
    table3: list[list[Figure]] = field(default_factory=list)  # rows × 7 columns
    table4: list[Figure] = field(default_factory=list)  # 15 columns


def _sum(values: list[Figure]) -> Figure:
    if any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def check(tables: Tables) -> list[Problem]:
    """The sums the format implies: each row's 总计 is the sum of its six columns; （七）总计 is the
    sum of the result rows; 新收 + 上年结转 = 办理结果总计 + 结转下年 in every column; in table 四
    each 总计 is the sum of its four outcomes. A figure still missing is a problem too."""
    problems = [
        Problem(f"表二 {row}", f"“{column}”尚无数据，请填写并说明来源")
        for (_, row, column), value in tables.table2.items()
        if value is None
    ]
    rows = tables.table3
    for i, values in enumerate(rows):
        label = TABLE3_ROWS[i][-1]
        if None in values:
            problems.append(Problem(f"表三 {label}", "有未填写的数字"))
        elif values[-1] != sum(values[:-1]):  # type: ignore[arg-type]
            problems.append(Problem(f"表三 {label}", "总计不等于各类申请人之和"))
    for col, name in enumerate(TABLE3_COLUMNS):
        results = _sum([rows[i][col] for i in RESULT_ROWS])
        total = rows[TOTAL][col]
        if None not in (results, total) and results != total:
            problems.append(Problem(f"表三 {name}列", "（七）总计不等于各项办理结果之和"))
        left = _sum([rows[NEW][col], rows[CARRIED][col]])
        right = _sum([total, rows[FORWARD][col]])
        if None not in (left, right) and left != right:
            problems.append(
                Problem(
                    f"表三 {name}列",
                    f"新收 + 上年结转（{left}）不等于办理结果总计 + 结转下年（{right}）",
                )
            )
    for g, (group, sub) in enumerate(TABLE4_GROUPS):
        values = tables.table4[g * 5 : g * 5 + 5]
        if None in values:
            problems.append(Problem(f"表四 {sub or group}", "有未填写的数字"))
        elif values[4] != sum(values[:4]):  # type: ignore[arg-type]
            problems.append(Problem(f"表四 {sub or group}", "总计不等于各项结果之和"))
    return problems


@dataclass
class Report:
    """What the DOCX and PDF print: the title, the three narrative sections and the tables."""

    title: str  # e.g. 明湖区人民政府2026年政府信息公开工作年度报告
    unit: str
    year: int
    overview: str  # 一、总体情况
    problems: str  # 五、存在的主要问题及改进情况
    other: str  # 六、其他需要报告的事项 (with the processing fees collected)
    tables: Tables
