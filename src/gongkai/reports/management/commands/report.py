import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.orgs.models import Unit
from gongkai.reports import format as fmt
from gongkai.reports.compute import Scope, compute
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import filled


class Command(BaseCommand):
    help = (
        "report annual: the tables 二, 三 and 四 of the annual report "
        "(政府信息公开工作年度报告) for a unit and a year, computed from the data, with "
        "figures entered by hand where the "
        "report exists. Without --unit: the top unit of the installation, its units rolled up."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        annual = sub.add_parser("annual", help="the annual report's tables")
        annual.add_argument("--unit", metavar="CODE", help="the unit's code (统一社会信用代码)")
        annual.add_argument("--year", type=int, required=True)
        annual.add_argument(
            "--rollup", action="store_true", help="with --unit: add up the unit and its units"
        )
        annual.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, unit=None, year: int, rollup: bool, as_json: bool, **options):
        chosen, rollup = self._unit(unit, rollup)
        scope = Scope(chosen, year, rollup)
        tables, problems = self._tables(scope)
        data = as_data(scope, tables, problems)
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            self.stdout.write(as_text(data))

    def _unit(self, code: str | None, rollup: bool) -> tuple[Unit, bool]:
        if code is None:
            top = Unit.objects.filter(parent__isnull=True).order_by("path").first()
            if top is None:
                raise CommandError("还没有机构：请先建立机构树")
            return top, True
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"没有代码为 {code} 的单位")
        return unit, rollup

    def _tables(self, scope: Scope) -> tuple[fmt.Tables, list[fmt.Problem]]:
        stored = AnnualReport.objects.filter(
            unit=scope.unit, year=scope.year, rollup=scope.rollup
        ).first()
        if stored is not None:
            content = filled(stored)
            return content.tables(), fmt.check(content.tables())
        tables = compute(scope)
        return tables, fmt.check(tables)


def _figure(value: fmt.Figure) -> int | str | None:
    return str(value) if isinstance(value, Decimal) else value


def as_data(scope: Scope, tables: fmt.Tables, problems: list[fmt.Problem]) -> dict:
    return {
        "unit": scope.unit.name,
        "year": scope.year,
        "rollup": scope.rollup,
        "table2": [
            {
                "item": item.item,
                "columns": list(item.columns),
                "rows": [
                    {
                        "label": row,
                        "values": [
                            _figure(tables.table2[(item.item, row, c)]) for c in item.columns
                        ],
                    }
                    for row in item.rows
                ],
            }
            for item in fmt.TABLE2
        ],
        "table3": {
            "columns": list(fmt.TABLE3_COLUMNS),
            "rows": [
                {"label": path[-1], "path": list(path), "values": [_figure(v) for v in values]}
                for path, values in zip(fmt.TABLE3_ROWS, tables.table3, strict=True)
            ],
        },
        "table4": {
            "columns": [" ".join(dict.fromkeys(c)) for c in fmt.TABLE4_COLUMNS],
            "values": [_figure(v) for v in tables.table4],
        },
        "problems": [f"{p.where}：{p.text}" for p in problems],
    }


def as_text(data: dict) -> str:
    lines = [f"{data['unit']} {data['year']} 年度（{'汇总' if data['rollup'] else '本单位'}）", ""]
    lines.append("二、主动公开政府信息情况")
    for item in data["table2"]:
        for row in item["rows"]:
            pairs = "，".join(
                f"{c} {_shown(v)}" for c, v in zip(item["columns"], row["values"], strict=True)
            )
            lines.append(f"  {item['item']} {row['label']}：{pairs}")
    lines += [
        "",
        "三、收到和处理政府信息公开申请情况（" + " / ".join(data["table3"]["columns"]) + "）",
    ]
    for row in data["table3"]["rows"]:
        lines.append(f"  {row['label']}：" + " / ".join(_shown(v) for v in row["values"]))
    lines += ["", "四、行政复议、行政诉讼"]
    lines += [
        f"  {c}：{_shown(v)}"
        for c, v in zip(data["table4"]["columns"], data["table4"]["values"], strict=True)
    ]
    lines += ["", f"核对：{len(data['problems'])} 个问题", *[f"  {p}" for p in data["problems"]]]
    return "\n".join(lines)


def _shown(value) -> str:
    return "—" if value is None else str(value)
