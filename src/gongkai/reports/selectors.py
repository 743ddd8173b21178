"""A report as people see it: every cell with the computed figure, the figure entered by hand
(and why) where there is one, and the problems the checks find."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet

from gongkai.orgs.models import User
from gongkai.orgs.permissions import Action, unit_filter

from . import format as fmt
from .compute import Scope, compute, fees_collected
from .models import AnnualReport


@dataclass(frozen=True)
class Cell:
    key: str
    computed: fmt.Figure
    manual: dict | None  # {"value", "reason", "by", "at"}

    @property
    def label(self) -> str:
        return cell_label(self.key)

    @property
    def value(self) -> fmt.Figure:
        return parse_figure(self.manual["value"]) if self.manual else self.computed


def parse_figure(text: str) -> fmt.Figure:
    """A figure typed by a person: a whole number, or money with up to 4 decimals (万元)."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise ValueError(f"不是数字：{text}") from None
    if value < 0 or value != value.quantize(Decimal("0.0001")):
        raise ValueError("数字不能为负，金额最多保留四位小数")
    return int(value) if value == value.to_integral_value() else value


def t2_key(item: str, row: str, column: str) -> str:
    return f"t2|{item}|{row}|{column}"


def t3_key(row: int, column: int) -> str:
    return f"t3|{row}|{column}"


def t4_key(column: int) -> str:
    return f"t4|{column}"


def cell_label(key: str) -> str:
    """What a person calls a cell: 表三 4.保护第三方合法权益 / 自然人."""
    table, *parts = key.split("|")
    if table == "t2":
        _, row, column = parts
        return f"表二 {row} / {column}"
    if table == "t3":
        row, column = (int(p) for p in parts)
        return f"表三 {fmt.TABLE3_ROWS[row][-1]} / {fmt.TABLE3_COLUMNS[column]}"
    group, sub, outcome = fmt.TABLE4_COLUMNS[int(parts[0])]
    return f"表四 {sub} / {outcome}" if sub != group else f"表四 {group} / {outcome}"


def cell_keys() -> set[str]:
    keys = {t2_key(i.item, r, c) for i in fmt.TABLE2 for r in i.rows for c in i.columns}
    keys |= {t3_key(r, c) for r in range(len(fmt.TABLE3_ROWS)) for c in range(7)}
    return keys | {t4_key(c) for c in range(len(fmt.TABLE4_COLUMNS))}


@dataclass(frozen=True)
class Filled:
    report: AnnualReport
    table2: dict[tuple[str, str, str], Cell]
    table3: list[list[Cell]]
    table4: list[Cell]
    fees: Decimal

    def tables(self) -> fmt.Tables:
        return fmt.Tables(
            table2={k: c.value for k, c in self.table2.items()},
            table3=[[c.value for c in row] for row in self.table3],
            table4=[c.value for c in self.table4],
        )

    def problems(self) -> list[fmt.Problem]:
        problems = fmt.check(self.tables())
        overview = len("".join(self.report.overview.split()))
        if overview > fmt.OVERVIEW_MAX_CHARS:
            problems.append(
                fmt.Problem(
                    "一、总体情况", f"{overview} 字，原则上不超过 {fmt.OVERVIEW_MAX_CHARS} 字"
                )
            )
        for name, text in (
            ("一、总体情况", self.report.overview),
            ("五、存在的主要问题及改进情况", self.report.problems),
        ):
            if not text.strip():
                problems.append(fmt.Problem(name, "尚未填写"))
        return problems

    def other_with_fees(self) -> str:
        """Section 六 must report the processing fees (年度报告格式 一（六）): the platform's
        figure is added unless the text already speaks of them."""
        if "信息处理费" in self.report.other:
            return self.report.other
        fees = (
            f"本年度收取信息处理费{self.fees:,.0f}元。" if self.fees else "本年度未收取信息处理费。"
        )
        return "\n".join(t for t in (self.report.other, fees) if t)

    def printable(self) -> fmt.Report:
        return fmt.Report(
            title=self.report.title,
            unit=self.report.unit.name,
            year=self.report.year,
            overview=self.report.overview,
            problems=self.report.problems,
            other=self.other_with_fees(),
            tables=self.tables(),
        )


def filled(report: AnnualReport) -> Filled:
    computed = compute(Scope(report.unit, report.year, report.rollup))
    manual = report.manual

    def cell(key: str, value: fmt.Figure) -> Cell:
        return Cell(key, value, manual.get(key))

    return Filled(
        report=report,
        table2={k: cell(t2_key(*k), v) for k, v in computed.table2.items()},
        table3=[
            [cell(t3_key(r, c), v) for c, v in enumerate(row)]
            for r, row in enumerate(computed.table3)
        ],
        table4=[cell(t4_key(c), v) for c, v in enumerate(computed.table4)],
        fees=fees_collected(Scope(report.unit, report.year, report.rollup)),
    )


def reports_visible_to(user: User) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(
        unit_filter(user, Action.REPORT_VIEW, "unit")
    ).select_related("unit", "document")


def public_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(document__status="published").select_related(
        "unit", "document"
    )
