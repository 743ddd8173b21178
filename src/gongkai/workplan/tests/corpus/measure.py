"""How well the importer reads the corpus: each plan's reading compared with the one a person
wrote (see README.md), counted per format.

    python -m gongkai.workplan.tests.corpus.measure          the table for docs/quality.md
    python -m gongkai.workplan.tests.corpus.measure --misses every task read wrong, and how
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gongkai.workplan.parse import ParseError, Plan, Task, parse_file

HERE = Path(__file__).resolve().parent
FORMATS = ("txt", "html", "docx", "xlsx")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace())


@dataclass
class Score:
    plans: int = 0
    unreadable: int = 0
    expected: int = 0
    separated: int = 0
    extra: int = 0
    units_checked: int = 0
    units_right: int = 0
    deadlines_expected: int = 0
    deadlines_right: int = 0
    sections_checked: int = 0
    sections_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            if name == "misses":
                self.misses.extend(value)
            else:
                setattr(self, name, getattr(self, name) + value)


def plans() -> Iterator[tuple[Path, dict[str, object]]]:
    for expected in sorted(HERE.glob("*.json")):
        files = [p for p in HERE.glob(expected.stem + ".*") if p.suffix.lstrip(".") in FORMATS]
        for path in files:
            yield path, json.loads(expected.read_text(encoding="utf-8"))


def _names(names: object) -> set[str]:
    """Unit names compared as sets, full- and half-width brackets alike."""
    assert isinstance(names, list | tuple)
    return {unicodedata.normalize("NFKC", n) for n in names}


def _deadline_right(task: Task, wanted: dict[str, str]) -> bool:
    got = task.deadline
    if got is None:
        return False
    if "due" in wanted:
        return got.due == date.fromisoformat(wanted["due"])
    if "every" in wanted:
        return got.every == wanted["every"]
    return _norm(wanted["text"]) in _norm(got.text) and got.due is None


def _owner(plan: Plan, starts: str) -> list[Task]:
    key = _norm(starts)
    return [t for t in plan.tasks if _norm(t.text).startswith(key)]


def score(path: Path, expected: dict[str, object]) -> Score:
    result = Score(plans=1)
    wanted = expected["tasks"]
    assert isinstance(wanted, list)
    result.expected = len(wanted)
    try:
        plan = parse_file(path.read_bytes(), path.name)
    except ParseError as error:
        result.unreadable = 1
        result.misses.append(f"{path.name}: 无法读取：{error}")
        return result
    titles = {s.number: s.title for s in plan.sections}
    claimed: set[str] = set()
    for i, task in enumerate(wanted):
        name = f"{path.name} · {task['starts']}"
        owners = _owner(plan, task["starts"])
        following = wanted[i + 1]["starts"] if i + 1 < len(wanted) else None
        if len(owners) != 1 or (following and _norm(following) in _norm(owners[0].text)):
            why = "未找到" if not owners else ("重复" if len(owners) > 1 else "并入了下一项")
            result.misses.append(f"{name}: 任务{why}")
            got = None
        else:
            got = owners[0]
            result.separated += 1
            claimed.add(got.number)
        if task.get("lead") is not None or task.get("resp") is not None:
            result.units_checked += 1
            lead, resp = (
                (_names(got.lead_units), _names(got.responsible_units)) if got else (None, None)
            )
            right = got is not None and all(
                task.get(key) is None or _names(task[key]) == have
                for key, have in (("lead", lead), ("resp", resp))
            )
            result.units_right += right
            if got is not None and not right:
                result.misses.append(
                    f"{name}: 单位 牵头{sorted(lead or ())} 责任{sorted(resp or ())}，"
                    f"应为 牵头{task.get('lead')} 责任{task.get('resp')}"
                )
        if task.get("deadline"):
            result.deadlines_expected += 1
            right = got is not None and _deadline_right(got, task["deadline"])
            result.deadlines_right += right
            if got is not None and not right:
                result.misses.append(f"{name}: 时限 {got.deadline}，应为 {task['deadline']}")
        if task.get("section") and got is not None:
            result.sections_checked += 1
            title = titles.get(got.section, "")
            right = _norm(task["section"]) in _norm(title) or _norm(title) in _norm(task["section"])
            result.sections_right += bool(title) and right
            if not (title and right):
                result.misses.append(f"{name}: 章节「{title}」，应为「{task['section']}」")
    result.extra = sum(1 for t in plan.tasks if t.number not in claimed)
    return result


def by_format() -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for path, expected in plans():
        scores.setdefault(path.suffix.lstrip("."), Score()).add(score(path, expected))
    return scores


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} % ({part}/{whole})" if whole else "—"


def report(scores: dict[str, Score]) -> str:
    lines = [
        "| 格式 | 计划 | 任务分开 | 多出的任务 | 单位完全正确 | 时限读对 | 章节归属 |",
        "|---|---|---|---|---|---|---|",
    ]
    total = Score()
    for fmt in [*FORMATS, "合计"]:
        s = total if fmt == "合计" else scores.get(fmt)
        if s is None:
            continue
        if fmt != "合计":
            total.add(s)
        lines.append(
            f"| {fmt} | {s.plans} | {_percent(s.separated, s.expected)} | {s.extra} "
            f"| {_percent(s.units_right, s.units_checked)} "
            f"| {_percent(s.deadlines_right, s.deadlines_expected)} "
            f"| {_percent(s.sections_right, s.sections_checked)} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    scores = by_format()
    print(report(scores))
    if "--misses" in argv:
        for s in scores.values():
            for miss in s.misses:
                print(miss)


if __name__ == "__main__":
    main(sys.argv[1:])
