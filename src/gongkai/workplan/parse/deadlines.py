"""Time limits written in a task (完成时限) → due date, period or number of days.

Deadlines
    Found in a 完成时限 column, else anywhere in the task text, else in the requirement: ``2023年
    年底前`` / ``年底前`` (Dec 31 of that year, or of the plan's year), ``6月底前``/``8月份``
    (last day of the month), ``6月30日前``, ``6月上旬/中旬/下旬``, ``6月前`` (the day before
    June), ``上半年``/``下半年``, ``一季度``; ``20个工作日内``; ``10日内``/``10天内``; recurring
    ``每月``/``按月``, ``每季度``/``按季度``, ``每半年``, ``每年``. The first one found wins;
    expressions written next to each other (``每年年底前``) are read together.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from .characters import _cn_int
from .result import Deadline

_NUM = r"(?:\d{1,3}|[一二三四五六七八九十两]{1,3})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_BEFORE = r"(?:前|以前|之前)"
_DEADLINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("working", re.compile(rf"(?P<n>{_NUM})\s*个?\s*工作日\s*(?:内|以内|之内)")),
    ("days", re.compile(rf"(?<![月\d])(?P<n>{_NUM})\s*个?\s*(?:自然日|日|天)\s*(?:内|以内|之内)")),
    (
        "year_end",
        re.compile(
            rf"(?:(?P<y>20\d\d)\s*年\s*(?:年底|年末|年终|底|末)|(?<![\d月])(?:年底|年末))\s*{_BEFORE}?"
        ),
    ),
    (
        "month",
        re.compile(
            rf"(?:(?P<y>20\d\d)\s*年\s*)?(?<!\d)(?P<m>{_MONTH})\s*月\s*"
            rf"(?:(?P<end>份|底|末)|(?P<d>{_DAY})\s*[日号]|(?P<x>上旬|中旬|下旬))?\s*(?P<b>{_BEFORE}|止)?"
        ),
    ),
    ("half", re.compile(rf"(?:(?P<y>20\d\d)\s*年\s*)?(?P<h>上|下)半年\s*(?:底|末)?\s*{_BEFORE}?")),
    (
        "quarter",
        re.compile(
            rf"(?:(?P<y>20\d\d)\s*年\s*)?第?(?P<q>[一二三四1-4])\s*季度\s*(?:底|末)?\s*{_BEFORE}?"
        ),
    ),
    ("iso", re.compile(r"(?P<y>20\d\d)\s*[-/.]\s*(?P<m>1[0-2]|0?[1-9])\s*[-/.]\s*(?P<d>[0-3]?\d)")),
    # a limit in words, standing as a note of its own: "（长期坚持）", "……，持续推进。"
    (
        "standing",
        re.compile(
            r"(?<=[（(，,；;])(?:长期坚持|持续推进|常态化推进|长期推进|持续开展)(?=[）)。；;]|$)"
        ),
    ),
    ("every_month", re.compile(r"(?:每个?月|按月|逐月)")),
    ("every_quarter", re.compile(r"(?:每|按|逐)个?季度?")),
    ("every_half_year", re.compile(r"每半年|半年一次")),
    ("every_year", re.compile(r"每一?年(?:度)?|逐年|一年一次")),
)
_EVERY = {
    "every_month": "month",
    "every_quarter": "quarter",
    "every_half_year": "half_year",
    "every_year": "year",
}


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fields(kind: str, m: re.Match[str], year: int | None, whole: bool) -> dict[str, Any] | None:
    """The Deadline fields one match gives, or None when the match is not a deadline."""
    groups = m.groupdict()
    y = int(groups["y"]) if groups.get("y") else year
    if kind in _EVERY:
        return {"every": _EVERY[kind]}
    if kind == "standing":
        return {}
    if kind in ("working", "days"):
        n = _cn_int(groups["n"])
        if not n:
            return None
        return {"within_working_days" if kind == "working" else "within_days": n}
    if kind == "year_end":
        return {"due": date(y, 12, 31) if y else None}
    if kind == "half":
        return {"due": (date(y, 6, 30) if groups["h"] == "上" else date(y, 12, 31)) if y else None}
    if kind == "quarter":
        q = _cn_int(groups["q"]) or 1
        return {"due": _last_day(y, q * 3) if y else None}
    month = _cn_int(groups["m"]) or 0
    if kind == "iso":
        if not whole:
            return None
        try:
            return {"due": date(int(groups["y"]), month, int(groups["d"]))}
        except ValueError:
            return None
    if not (whole or groups["end"] or groups["x"] or groups["b"]):
        return None  # a month or a date named in passing, not a time limit
    if not y or not 1 <= month <= 12:
        return {"due": None}
    if groups["d"]:
        day = _cn_int(groups["d"]) or 0
        if not 1 <= day <= calendar.monthrange(y, month)[1]:
            return {"due": None}
        return {"due": date(y, month, day)}
    if groups["x"]:
        ten = {"上旬": 10, "中旬": 20}.get(groups["x"])
        return {"due": date(y, month, ten) if ten else _last_day(y, month)}
    if groups["b"] in ("前", "以前", "之前") and not groups["end"]:
        return {"due": date(y - 1, 12, 31) if month == 1 else _last_day(y, month - 1)}
    return {"due": _last_day(y, month)}


def find_deadline(text: str, year: int | None, *, whole: bool = False) -> Deadline | None:
    """The first time limit written in the text. `whole`: the text is a 完成时限 cell — plain
    dates count and the whole cell is the deadline's text, even when nothing is understood."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    for kind, pattern in _DEADLINE_PATTERNS:
        for m in pattern.finditer(text):
            given = _fields(kind, m, year, whole)
            if given is not None:
                found.append((m.start(), m.end(), given))
    found.sort(key=lambda f: (f[0], -f[1]))
    chosen: list[tuple[int, int, dict[str, Any]]] = []
    for item in found:
        if not chosen:
            chosen.append(item)
        elif item[0] >= chosen[-1][1] and (whole or item[0] - chosen[-1][1] <= 1):
            chosen.append(item)  # written together: 每年年底前
        elif not whole and item[0] > chosen[-1][1]:
            break
    if not chosen and not whole:
        return None
    values: dict[str, Any] = {}
    for _, _, more in chosen:
        for key, value in more.items():
            if value is not None and key not in values:
                values[key] = value
    shown = " ".join(text.split()) if whole else text[chosen[0][0] : chosen[-1][1]].strip()
    if not shown:
        return None
    return Deadline(
        text=shown,
        due=values.get("due"),
        every=values.get("every"),
        within_working_days=values.get("within_working_days"),
        within_days=values.get("within_days"),
    )
