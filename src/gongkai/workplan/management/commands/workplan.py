import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.workplan.parse import ParseError, Plan, Task, parse_file, plan_to_json


def plan_tree(plan: Plan) -> list[str]:
    """The plan as indented lines: sections, then each task with its units and deadline."""
    lines = [plan.title or "（无标题）"]
    lines.append(f"年度：{plan.year or '未注明'}　任务：{len(plan.tasks)} 项")
    titles = {s.number: s.title for s in plan.sections}
    shown: set[str] = set()
    for task in plan.tasks:
        parts = task.section.split(".") if task.section else []
        for depth in range(len(parts)):
            number = ".".join(parts[: depth + 1])
            if number in titles and number not in shown:
                shown.add(number)
                lines.append(f"{'  ' * depth}{parts[depth]} {titles[number]}")
        lines.extend(_task_lines(task, "  " * len(parts)))
    return lines


def _task_lines(task: Task, indent: str) -> list[str]:
    own = task.number.rsplit(".", 1)[-1]
    lines = [f"{indent}{own} {task.text}"]
    more = indent + " " * (len(own) + 1)
    if task.lead_units:
        lines.append(f"{more}牵头单位：{'、'.join(task.lead_units)}")
    if task.responsible_units:
        lines.append(f"{more}责任单位：{'、'.join(task.responsible_units)}")
    if task.deadline is not None:
        due = f"（{task.deadline.due.isoformat()}）" if task.deadline.due else ""
        lines.append(f"{more}完成时限：{task.deadline.text}{due}")
    if task.requirement:
        lines.append(f"{more}工作要求：{task.requirement}")
    return lines


class Command(BaseCommand):
    help = (
        "工作要点与任务分解表。parse FILE：读取 TXT、DOCX、HTML 或 XLSX 文件，列出其中的任务"
        "及牵头、责任单位和完成时限（--json 输出 JSON）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        parse = actions.add_parser("parse", help="读取一份工作要点或任务分解表并列出任务")
        parse.add_argument("file", help="TXT、DOCX、HTML 或 XLSX 文件")
        parse.add_argument(
            "--json", action="store_true", dest="as_json", help="输出 JSON（单位名称照原文）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "parse":
            self.parse(options["file"], as_json=options["as_json"])

    def parse(self, file: str, *, as_json: bool) -> None:
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件 {file}：{error.strerror or error}") from error
        try:
            plan = parse_file(data, path.name)
        except ParseError as error:
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(json.dumps(plan_to_json(plan), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(plan_tree(plan)))
