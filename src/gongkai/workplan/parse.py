"""Reading a government-openness work plan (工作要点 / 实施方案 / 任务分解表) into sections and
tasks, with the units and deadlines each task names. Plain Python: no Django.

Every format is first read into the same blocks — paragraphs and tables — in document order
(`read_file`), then `parse_blocks` builds the plan.

Headings
    Five marker styles, each with half-width and full-width variants and optional spaces:
    ``一、`` · ``（一）``/``(一)`` · ``1．``/``1.``/``1、``/``１．`` · ``（1）``/``(1)`` ·
    ``①``…``⑳``.
    A style's level is not fixed: it is a child of whatever heading came before it, unless the
    same style is already open above, in which case it closes everything down to that one. So a
    plan that starts at ``（一）`` or skips a level still nests correctly. Numbers are normalised
    (full-width digits to half-width, brackets to （）, the dot dropped) and joined by ``.`` into
    a path: ``一.（一）.1``.

Which paragraphs are tasks (running text)
    * A numbered item (``1.``, ``（1）``, ``①``) with no numbered items under it is one task; its
      text is its line plus the paragraphs that follow it up to the next heading.
    * A heading ``一、`` or ``（一）`` with no headings under it is one task when it carries body
      text: a following paragraph, a sentence after its title on the same line, or a unit note.
    * Every other heading is a section; the plan lists the sections that hold at least one
      task. The preamble (notice, foreword) before the first heading is not part of any task;
      it gives the title (its last short line naming 要点, 方案, 分解表 …) and the year.
    * A plan written only as one-line headings (no heading has body text): every heading with
      no heading under it is a task.
    * Headings that only frame the plan — 指导思想, 总体要求, 基本原则, 工作原则, 工作目标,
      主要目标, 总体目标 — hold no tasks, nor does anything under them.
    * A lost first number: when the paragraph right under a heading is followed by items
      numbered from 2, that paragraph is item 1 (some exports drop the first list number).
    * A task whose own text names no unit takes the units noted on its nearest section. A
      bracketed note standing on its own line after the last of several sub-items, none of
      which names units, is the note of the item above them, so all of them share it.
    * Seen on real plans: a district 要点 with 13 numbered items under 一、 and 14 （一）-headings
      with a paragraph each gives 27 tasks; a plan whose 一、 is 总体要求 and whose other sections
      are （一）-paragraphs counts only those paragraphs.

Units in running text
    A trailing ``（责任单位：…）`` or ``(牵头单位：…；责任单位：…)``, a ``（区政府办牵头，区直各部门
    配合）`` note, a labelled note inside the text, or a separate line ``责任单位：…`` /
    ``牵头单位：…，配合单位：…``. 牵头单位 and 主办单位 are lead units; 责任单位, 责任部门,
    配合单位 and the like are responsible units.
    Lists are split on 、，,；; line breaks and spaces; 〈〉 become （）; a name broken over two
    lines is joined again; two names run together (``街道人大工委街道政协``) are separated; a
    later name without an administrative prefix takes the one of the name before it
    (``区人社局、医保局`` → ``区人社局``, ``区医保局``); group names (``各镇（街）``,
    ``区直各部门``) are left as written.

Tables
    A real table (DOCX, HTML, XLSX) or a table flattened to text — each cell on its own line
    prefixed by a TAB, rows separated by blank lines, untabbed lines continuing the cell before —
    is read through its header row: 工作任务/任务/主要任务/工作内容 = task text, 牵头单位 = lead,
    责任单位/责任部门/配合单位 = responsible, 完成时限/时间节点 = deadline, 工作要求/具体要求 =
    requirement, 序号 = number when the task text has none. Rows above the header (a title) are
    read as text; repeated header rows (one per printed page) are skipped; a row holding only a
    ``一、`` or ``（一）`` heading is a section; a row whose task text repeats the one above
    (merged cells) adds its units to that task. When a document holds a task table, the table is
    its task list: the text around it (usually the notice implementing the table) gives no
    tasks. A table without a recognisable header is read as paragraphs. A paragraph starting
    with 附件 begins a new heading tree.

Deadlines
    Found in a 完成时限 column, else anywhere in the task text, else in the requirement: ``2023年
    年底前`` / ``年底前`` (Dec 31 of that year, or of the plan's year), ``6月底前``/``8月份``
    (last day of the month), ``6月30日前``, ``6月上旬/中旬/下旬``, ``6月前`` (the day before
    June), ``上半年``/``下半年``, ``一季度``; ``20个工作日内``; ``10日内``/``10天内``; recurring
    ``每月``/``按月``, ``每季度``/``按季度``, ``每半年``, ``每年``. The first one found wins;
    expressions written next to each other (``每年年底前``) are read together.

Task numbers are unique within a plan: a repeated path gets ``-2``, ``-3``….
"""

from __future__ import annotations

import calendar
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

from gongkai.core.refusals import Refusal


class ParseError(Refusal):
    """The file cannot be read as a work plan (the message is for the person uploading it)."""


# -- the result -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deadline:
    text: str
    due: date | None
    every: str | None
    within_working_days: int | None
    within_days: int | None


@dataclass(frozen=True)
class Task:
    number: str
    text: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    deadline: Deadline | None
    requirement: str = ""
    section: str = ""


@dataclass(frozen=True)
class Section:
    number: str
    title: str


@dataclass(frozen=True)
class Plan:
    title: str
    year: int | None
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]


Block = Paragraph | Table


# -- characters -------------------------------------------------------------------------------
_ODD_SPACES = "\u3000\xa0\u2002\u2003\u2009\u200b\u200c\u200d\ufeff\u00ad"
_SPACE_TABLE = str.maketrans(dict.fromkeys(_ODD_SPACES, " "))
_OPEN = "（(〈《【“‘"
_CLOSE = "）)〉》】”’"
_TERMINAL = "。！？!?；;：:…"
_STRIP_PUNCT = " \t\n。.；;，,、:：!！?？"
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS.update({"七": 7, "八": 8, "九": 9})


def _cn_int(text: str) -> int | None:
    """'12', '１２', '十二', '二十三' → int."""
    text = unicodedata.normalize("NFKC", text).strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _clean(line: str) -> str:
    line = re.sub(r"\[bookmark:[^\]]*\]", "", line)
    return line.translate(_SPACE_TABLE).replace("\t", " ").strip()


_NOISE = (
    re.compile(r"^[\s·•\-—–－_]*\d{1,3}[\s·•\-—–－_]*$"),  # page numbers: "— 12 —", "·  11 —"
    re.compile(r"^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$"),
)


def _is_noise(line: str) -> bool:
    return any(p.match(line) for p in _NOISE)


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    while text and text[-1] in "”’）)》":
        if len(text) > 1 and text[-2] in _TERMINAL:
            return True
        text = text[:-1]
    return bool(text) and text[-1] in _TERMINAL


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
    return depth == 0


# -- headings ---------------------------------------------------------------------------------
_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、．.](?![0-9])\s*(.*)$", re.S)),
    (
        "pcn",
        re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*[、．.，,]?\s*(.*)$", re.S),
    ),
    ("ar", re.compile(r"^([0-9０-９]{1,3})\s*[．.、](?![0-9０-９])\s*(.*)$", re.S)),
    ("par", re.compile(r"^[（(]\s*([0-9０-９]{1,3})\s*[）)]\s*[、．.，,]?\s*(.*)$", re.S)),
    ("circ", re.compile(r"^([①-⑳])\s*[、．.]?\s*(.*)$", re.S)),
)
_ITEM_STYLES = ("ar", "par", "circ", "row")
_FRAMING = re.compile(r"^(?:指导思想|总体要求|基本原则|工作原则|工作目标|主要目标|总体目标)$")
_ATTACHMENT = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*(?:[:：].*)?$")


def _heading(line: str) -> tuple[str, str, str] | None:
    """(style, normalised number, rest of the line) when the line starts with a heading marker."""
    for style, pattern in _HEADINGS:
        m = pattern.match(line)
        if m is None:
            continue
        raw, rest = m.group(1), m.group(2).strip()
        if style in ("ar", "par"):
            digits = str(int(unicodedata.normalize("NFKC", raw)))
            return style, (digits if style == "ar" else f"（{digits}）"), rest
        if style == "pcn":
            return style, f"（{raw}）", rest
        return style, raw, rest
    return None


# -- units ------------------------------------------------------------------------------------
_LEAD_LABELS = ("牵头单位", "牵头部门", "主办单位", "主责单位", "牵头科室", "牵头")
_RESP_LABELS = (
    "责任单位",
    "责任部门",
    "责任科室",
    "责任主体",
    "配合单位",
    "配合部门",
    "协办单位",
    "参与单位",
    "协同单位",
    "落实单位",
    "实施单位",
    "承办单位",
    "责任",
    "配合",
)
_LABEL = re.compile(
    "(" + "|".join(sorted((*_LEAD_LABELS, *_RESP_LABELS), key=len, reverse=True)) + r")\s*[:：]"
)
_INNER_NOTE = re.compile(r"[（(]\s*(?=" + _LABEL.pattern + ")")
_ROLE_CLAUSE = re.compile(
    r"^(?:由)?(?P<units>[^。：:]{2,80}?)"
    r"(?P<verb>牵头|按职责分工负责|按职责负责|分别负责|负责|配合|参与|协助)$"
)
_UNIT_SEPARATORS = "、，,；;\n /／"
_PLACEHOLDERS = {"无", "暂无", "-", "—", "——", "－", "/", "／", "……"}
_ADMIN = ("街道", "区", "市", "县", "镇", "乡")
_NOT_ADMIN_AFTER = "场域级村"  # 市场, 区域, 县级, 乡村
_NOT_ADMIN_BEFORE = "城社园景小辖片校营商军"  # 城乡, 社区, 园区, 景区 …
_NAME_ENDINGS = "局办委部所处科室站队院会厅协心司组"
_UNIT_ENDINGS = tuple(_NAME_ENDINGS + "门位府）")
_GROUP_HINTS = ("各", "有关", "相关", "所属", "直属", "全体")


def _norm_unit_brackets(text: str) -> str:
    return text.replace("〈", "（").replace("〉", "）").replace("(", "（").replace(")", "）")


def _is_group(name: str) -> bool:
    return name.startswith(("各", "全")) or any(h in name for h in _GROUP_HINTS)


def _place_prefix(name: str) -> str | None:
    """The administrative prefix a name starts with: 区, 街道, 台儿庄区 … (None for 市场监管局)."""
    for word in _ADMIN:
        if name.startswith(word):
            after = name[len(word) : len(word) + 1]
            if after and after in _NOT_ADMIN_AFTER:
                return None
            return word
    m = re.match(r"^[\u4e00-\u9fff]{2,5}?(街道|区|市|县|镇|乡)", name)
    if m is None:
        return None
    at = m.end(1) - len(m.group(1))
    after = name[m.end() : m.end() + 1]
    if name[at - 1] in _NOT_ADMIN_BEFORE or (after and after in _NOT_ADMIN_AFTER):
        return None
    return m.group(0) if len(name) - m.end() >= 2 else None


def _gives_prefix(name: str) -> str | None:
    if _is_group(name) or name.startswith(("区委", "市委", "县委")):
        return None
    return _place_prefix(name)


def _depth_split(text: str, separators: str) -> list[str]:
    parts: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in separators:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return parts


def _split_run_on(name: str) -> list[str]:
    """'街道人大工委街道政协' → two names: a name ending (委, 局 …) followed by a new prefix."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(name):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth or i - start < 3 or name[i - 1] not in _NAME_ENDINGS:
            continue
        for word in ("街道", "区", "市", "县"):
            after = name[i + len(word) : i + len(word) + 1]
            if name.startswith(word, i) and after and after not in _NOT_ADMIN_AFTER:
                if len(name) - i - len(word) >= 2:
                    out.append(name[start:i])
                    start = i
                break
    out.append(name[start:])
    return out


def split_units(text: str) -> list[str]:
    """A written list of units → names as written (split, tidied, shared prefixes expanded)."""
    text = _norm_unit_brackets(text.translate(_SPACE_TABLE)).replace("\t", " ")
    pieces: list[str] = []
    for raw in _depth_split(text, _UNIT_SEPARATORS):
        piece = raw.strip()
        if not piece:
            continue
        if pieces and (piece.startswith("（") or len(piece) == 1):
            pieces[-1] += piece  # an alternative name in brackets, or a word broken at a line end
        else:
            pieces.append(piece)
    names: list[str] = []
    for piece in pieces:
        for name in _split_run_on(piece):
            name = name.strip(_STRIP_PUNCT)
            name = re.sub(r"等(?:有关|相关)?(?:部门|单位)?$", "", name) if len(name) > 3 else name
            name = name.strip(_STRIP_PUNCT)
            if name and name not in _PLACEHOLDERS:
                names.append(name)
    expanded: list[str] = []
    prefix: str | None = None
    for name in names:
        if prefix and not (_is_group(name) or _place_prefix(name) or name.startswith(prefix)):
            name = prefix + name
        prefix = _gives_prefix(name) or prefix
        if name not in expanded:
            expanded.append(name)
    return expanded


def _labelled(content: str) -> tuple[list[str], list[str]] | None:
    """'牵头单位：A；责任单位：B、C' → (lead, responsible); None unless it starts with a label."""
    content = content.strip()
    matches = list(_LABEL.finditer(content))
    if not matches or matches[0].start() != 0:
        return None
    lead: list[str] = []
    resp: list[str] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(content)
        units = split_units(content[m.end() : end])
        (lead if m.group(1) in _LEAD_LABELS else resp).extend(units)
    return lead, resp


def _role_clauses(content: str) -> tuple[list[str], list[str]] | None:
    """'区政府办牵头，区直各部门配合' → (lead, responsible); None unless every clause fits."""
    lead: list[str] = []
    resp: list[str] = []
    clauses = [c.strip() for c in _depth_split(content, "，,；;") if c.strip()]
    if not clauses:
        return None
    for clause in clauses:
        m = _ROLE_CLAUSE.match(clause)
        if m is None:
            return None
        units = split_units(m.group("units"))
        if not units or not all(u.endswith(_UNIT_ENDINGS) for u in units):
            return None
        (lead if m.group("verb") == "牵头" else resp).extend(units)
    return (lead, resp) if lead or resp else None


def _trailing_bracket(text: str) -> tuple[int, int] | None:
    """Span of a bracketed note closing the text (trailing punctuation allowed after it)."""
    end = len(text.rstrip(" 。；;，,"))
    if end == 0 or text[end - 1] not in "）)〉":
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        if text[i] in "）)〉":
            depth += 1
        elif text[i] in "（(〈":
            depth -= 1
            if depth == 0:
                return i, end
    return None


def _take_inner_notes(text: str) -> tuple[str, list[str], list[str]]:
    """Remove labelled notes inside the text: '…公开。（责任单位：区财政局）年底前完成。'"""
    lead: list[str] = []
    resp: list[str] = []
    start = 0
    while (m := _INNER_NOTE.search(text, start)) is not None:
        depth, end = 0, None
        for i in range(m.start(), len(text)):
            if text[i] in "（(〈":
                depth += 1
            elif text[i] in "）)〉":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
        found = _labelled(text[m.start() + 1 : end - 1]) if end else None
        if end is None or found is None:
            start = m.end()
            continue
        lead, resp = lead + found[0], resp + found[1]
        text = text[: m.start()] + text[end:]
        start = m.start()
    return text.strip(), lead, resp


def _take_notes(text: str) -> tuple[str, list[str], list[str], str | None]:
    """Remove unit notes from a paragraph: (text, lead, responsible, open list kind)."""
    lead: list[str] = []
    resp: list[str] = []
    open_kind: str | None = None
    while True:
        span = _trailing_bracket(text)
        if span is None:
            break
        inner = text[span[0] + 1 : span[1] - 1]
        found = _labelled(inner) or _role_clauses(inner)
        if found is None:
            break
        lead, resp = found[0] + lead, found[1] + resp
        text = (text[: span[0]].rstrip() + text[span[1] :].strip(" ；;，,")).strip()
    text, more_lead, more_resp = _take_inner_notes(text)
    lead, resp = lead + more_lead, resp + more_resp
    for m in _LABEL.finditer(text):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in "。；;！!？?）)":
            continue
        if not _balanced(before):
            continue
        rest = text[m.start() :]
        found = _labelled(rest)
        if found is None:
            continue
        lead, resp = lead + found[0], resp + found[1]
        if rest.rstrip().endswith(("、", "，", ",")):
            last = list(_LABEL.finditer(rest))[-1].group(1)
            open_kind = "lead" if last in _LEAD_LABELS else "resp"
        text = before
        break
    return text, lead, resp, open_kind


def _merge(first: list[str], more: list[str]) -> list[str]:
    return first + [u for u in more if u not in first]


# -- deadlines --------------------------------------------------------------------------------
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


# -- the heading tree -------------------------------------------------------------------------
@dataclass(eq=False)
class _Node:
    style: str
    number: str
    line: str = ""
    body: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None
    table_task: bool = False
    lead: list[str] = field(default_factory=list)
    resp: list[str] = field(default_factory=list)
    requirement: str = ""
    deadline_text: str = ""
    source: str = ""  # a table task's cell as written, to recognise merged cells

    def walk(self) -> Iterator[_Node]:
        for child in self.children:
            yield child
            yield from child.walk()


_TASK_HEADERS = {"工作任务", "任务", "主要任务", "工作内容", "重点任务", "任务内容", "具体任务"}
_TASK_HEADERS |= {"任务事项", "工作事项", "重点工作", "任务名称", "主要工作", "主要内容"}
_COLUMNS: dict[str, set[str]] = {
    "task": _TASK_HEADERS,
    "lead": {"牵头单位", "牵头部门", "主办单位", "主责单位", "牵头", "牵头科室"},
    "resp": {*_RESP_LABELS},
    "deadline": {"完成时限", "时间节点", "完成时间", "时限", "时限要求", "完成期限", "办结时限"},
    "requirement": {"工作要求", "具体要求", "要求", "工作标准", "具体措施", "工作措施", "落实措施"},
    "number": {"序号", "编号"},
}
_COLUMN_HINTS = (
    ("number", "序号"),
    ("lead", "牵头"),
    ("resp", "责任"),
    ("resp", "配合"),
    ("resp", "协办"),
    ("deadline", "时限"),
    ("deadline", "时间"),
    ("deadline", "节点"),
    ("requirement", "要求"),
    ("task", "任务"),
    ("task", "内容"),
)


def _column_role(cell: str) -> str | None:
    key = re.sub(r"[（(][^）)]*[）)]", "", re.sub(r"\s+", "", cell.translate(_SPACE_TABLE)))
    key = key.strip(_STRIP_PUNCT)
    if not key or len(key) > 8:
        return None
    for role, names in _COLUMNS.items():
        if key in names:
            return role
    for role, hint in _COLUMN_HINTS:
        if hint in key:
            return role
    return None


def _header(row: list[str]) -> dict[str, list[int]] | None:
    roles: dict[str, list[int]] = {}
    for i, cell in enumerate(row):
        role = _column_role(cell)
        if role is not None and (i == 0 or row[i - 1] != cell):
            roles.setdefault(role, []).append(i)
    if "task" not in roles or len(roles) < 2:
        return None
    return roles


def _cell(text: str) -> str:
    lines = [_clean(line) for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _distinct(row: list[str]) -> list[str]:
    out: list[str] = []
    for cell in row:
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return out


class _Builder:
    def __init__(self) -> None:
        self.root = _Node("root", "")
        self.stack: list[_Node] = [self.root]
        self.preamble: list[str] = []
        self.headed = False
        self.has_content = False

    # paragraphs
    def line(self, raw: str) -> None:
        text = _clean(raw)
        if not text or _is_noise(text):
            return
        self.has_content = True
        if _ATTACHMENT.match(text) and len(text) <= 60:
            self.stack = [self.root]
            return
        heading = _heading(text)
        if heading is not None:
            self.headed = True
            self._push(_Node(heading[0], heading[1], heading[2]))
        elif not self.headed:
            self.preamble.append(text)
        elif self.stack[-1] is not self.root:
            self.stack[-1].body.append(text)

    def _push(self, node: _Node) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].style == node.style:
                del self.stack[i:]
                break
        node.parent = self.stack[-1]
        node.parent.children.append(node)
        self.stack.append(node)

    # tables
    def table(self, rows: list[list[str]]) -> None:
        rows = [[_cell(c) for c in row] for row in rows]
        at = next((i for i, row in enumerate(rows) if _header(row)), None)
        if at is None:
            for row in rows:
                for cell in _distinct(row):
                    for line in cell.split("\n"):
                        self.line(line)
            return
        roles = _header(rows[at]) or {}
        for row in rows[:at]:
            for cell in _distinct(row):
                self.line(cell.replace("\n", ""))
        self.has_content = True
        last: _Node | None = None
        for row in rows[at + 1 :]:
            last = self._row(row, roles, last)

    def _row(self, row: list[str], roles: dict[str, list[int]], last: _Node | None) -> _Node | None:
        def column(role: str) -> list[str]:
            return [row[i] for i in roles.get(role, []) if i < len(row) and row[i]]

        distinct = _distinct(row)
        if not distinct or _header(row) == roles:
            return last  # empty, or the header repeated on a new page
        tasks = column("task")
        task_text = tasks[0] if tasks else ""
        if len(distinct) == 1:
            heading = _heading(distinct[0].replace("\n", ""))
            if heading is not None and heading[0] in ("cn", "pcn"):
                self.headed = True
                self._push(_Node(heading[0], heading[1], heading[2]))
                return None
            if not task_text:
                return last  # a note or a title line inside the table
        lead = split_units("\n".join(column("lead")))
        resp = split_units("\n".join(column("resp")))
        flat = task_text.replace("\n", "")
        if last is not None and (not flat or flat == last.source):
            last.lead = _merge(last.lead, lead)  # a merged task cell spanning several rows
            last.resp = _merge(last.resp, resp)
            return last
        if not flat:
            return last
        heading = _heading(flat)
        numbers = [re.sub(r"[^0-9０-９]", "", n) for n in column("number")]
        parent = self.stack[-1]
        if heading is not None:
            style, number, text = heading
        else:
            style, text = "row", flat
            number = numbers[0] if numbers and numbers[0] else str(len(parent.children) + 1)
            number = str(int(unicodedata.normalize("NFKC", number)))
        node = _Node(style, number, text, table_task=True, source=flat)
        node.lead, node.resp = lead, resp
        node.requirement = "\n".join(column("requirement") + tasks[1:]).replace("\n", "")
        node.deadline_text = " ".join(column("deadline"))
        self.headed = True
        self._push(node)
        return node


# -- composing tasks --------------------------------------------------------------------------
def _compose(node: _Node) -> tuple[str, list[str], list[str]]:
    """A node's text without unit notes, and the units those notes give."""
    texts: list[str] = []
    lead: list[str] = []
    resp: list[str] = []
    open_kind: str | None = None
    for part in [node.line, *node.body]:
        if open_kind is not None:
            more = split_units(part)
            if open_kind == "lead":
                lead = _merge(lead, more)
            else:
                resp = _merge(resp, more)
            if not part.rstrip().endswith(("、", "，", ",")):
                open_kind = None
            continue
        text, more_lead, more_resp, open_kind = _take_notes(part)
        lead, resp = _merge(lead, more_lead), _merge(resp, more_resp)
        if text:
            texts.append(text)
    joined = ""
    for i, text in enumerate(texts):
        if i == 1 and not _ends_sentence(joined) and len(joined) <= 30 and _balanced(joined):
            joined += "。"  # a short title line followed by its paragraph
        joined += text
    text, more_lead, more_resp, _ = _take_notes(joined)  # a note broken over two lines
    return text, _merge(lead, more_lead), _merge(resp, more_resp)


def _section_title(node: _Node) -> str:
    text = _take_notes(node.line)[0] or (node.body[0] if node.body else "")
    m = re.search(r"[。：:]", text)
    if m and text[m.end() :].strip():
        text = text[: m.start()]
    return text.strip(_STRIP_PUNCT)


def _restore_first_item(node: _Node) -> None:
    """A paragraph under a heading followed by items numbered from 2 is the unnumbered item 1."""
    first = node.children[0] if node.children else None
    if first is None or first.style not in _ITEM_STYLES or first.table_task or not node.body:
        return
    if first.number not in ("2", "（2）", "②") or not _take_notes(node.body[0])[0]:
        return
    one = {"ar": "1", "par": "（1）", "circ": "①"}[first.style]
    item = _Node(first.style, one, node.body[0], node.body[1:], parent=node)
    node.body = []
    node.children.insert(0, item)


def _is_bracket_note(part: str) -> bool:
    if not part.startswith(("（", "(")):
        return False
    text, lead, resp, _ = _take_notes(part)
    return not text and bool(lead or resp)


def _lift_shared_note(node: _Node) -> None:
    """A bracketed note on its own line after the last of several sub-items, none of which
    names units, is the note of the item above them: all of them share it."""
    items = [c for c in node.children if not c.table_task]
    if len(items) < 2 or items[-1].children or not items[-1].body:
        return
    last = items[-1]
    notes = [part for part in last.body if _is_bracket_note(part)]
    if not notes or last.body[-len(notes) :] != notes:
        return
    if any(_compose(item)[1] or _compose(item)[2] for item in items[:-1]):
        return
    last.body = last.body[: -len(notes)]
    node.body.extend(notes)


def _is_task(node: _Node, table_mode: bool) -> bool:
    if table_mode:
        return node.table_task
    if node.children:
        return False
    if node.style in _ITEM_STYLES:
        return bool(node.line or node.body)
    text, lead, resp = _compose(node)
    return bool(node.body or lead or resp or _section_title(node) != text.strip(_STRIP_PUNCT))


def _framing(node: _Node) -> bool:
    return bool(_FRAMING.match(_section_title(node)))


def _find_title(preamble: list[str]) -> str:
    keywords = ("要点", "方案", "计划", "分解表", "清单", "安排", "台账", "任务", "意见", "措施")
    excluded_starts = ("关于", "附件", "根据", "按照", "为", "现将", "经")

    def title_like(line: str) -> bool:
        return (
            4 <= len(line) <= 60
            and any(k in line for k in keywords)
            and not line.startswith(excluded_starts)
            and not line.endswith(("通知", "。", "：", ":", "，", "；"))
            and "，" not in line
            and "。" not in line
            and not re.search(r"〔\d{4}〕|\[\d{4}\]", line)
        )

    candidates = [i for i, line in enumerate(preamble) if title_like(line)]
    if candidates:
        i = candidates[-1]
        title = preamble[i]
        before = preamble[i - 1] if i else ""
        if len(title) < 8 and before and len(before) < 30 and not _ends_sentence(before):
            title = before + title  # a title broken over two lines
        return title.strip("《》 ")
    notice = re.search(r"关于印发(?:《([^》]+)》|(.+?))的通知", "".join(preamble))
    if notice:
        return (notice.group(1) or notice.group(2)).strip()
    short = [line for line in preamble if len(line) <= 40 and not _ends_sentence(line)]
    return short[0] if short else ""


def _find_year(title: str, preamble: list[str]) -> int | None:
    m = re.search(r"(20\d\d)\s*年", title)
    if m:
        return int(m.group(1))
    text = "".join(preamble)
    m = re.search(r"〔(20\d\d)〕", text) or re.search(r"(20\d\d)\s*年", text)
    return int(m.group(1)) if m else None


def _unique(number: str, seen: set[str]) -> str:
    candidate, n = number, 1
    while candidate in seen:
        n += 1
        candidate = f"{number}-{n}"
    seen.add(candidate)
    return candidate


def _finish(builder: _Builder) -> Plan:
    if not builder.has_content:
        raise ParseError("文件为空：没有可读取的文字")
    for node in list(builder.root.walk()):
        _restore_first_item(node)
        _lift_shared_note(node)
    title = _find_title(builder.preamble)
    year = _find_year(title, builder.preamble)
    nodes = list(builder.root.walk())
    table_mode = any(n.table_task for n in nodes)
    framed: set[int] = set()
    for node in nodes:
        if node.parent is not None and (id(node.parent) in framed or _framing(node)):
            framed.add(id(node))
    chosen = [n for n in nodes if id(n) not in framed and _is_task(n, table_mode)]
    if not chosen:  # a plan written as bare one-line headings: each last-level one is a task
        chosen = [n for n in nodes if id(n) not in framed and not n.children and n.line]
    if not chosen:
        raise ParseError("未找到任何工作任务：没有编号的条目（如“一、”“（一）”“1．”）或任务分解表")
    holding: set[int] = set()
    for node in chosen:
        parent = node.parent
        while parent is not None:
            holding.add(id(parent))
            parent = parent.parent
    numbers: dict[int, str] = {}
    seen_sections: set[str] = set()
    seen_tasks: set[str] = set()
    sections: list[Section] = []
    tasks: list[Task] = []
    chosen_ids = {id(n) for n in chosen}
    for node in nodes:
        parent_number = numbers.get(id(node.parent), "") if node.parent else ""
        full = f"{parent_number}.{node.number}" if parent_number else node.number
        if id(node) in holding:
            numbers[id(node)] = _unique(full, seen_sections)
            sections.append(Section(numbers[id(node)], _section_title(node)))
        elif id(node) in chosen_ids:
            numbers[id(node)] = _unique(full, seen_tasks)
            tasks.append(_task(node, numbers[id(node)], parent_number, year))
    return Plan(title=title, year=year, sections=tuple(sections), tasks=tuple(tasks))


def _task(node: _Node, number: str, section: str, year: int | None) -> Task:
    if node.table_task:
        text, lead, resp = node.line, node.lead, node.resp
        deadline = (
            find_deadline(node.deadline_text, year, whole=True) if node.deadline_text else None
        )
        deadline = deadline or find_deadline(text, year) or find_deadline(node.requirement, year)
    else:
        text, lead, resp = _compose(node)
        deadline = find_deadline(text, year)
    ancestor = node.parent
    while not lead and not resp and ancestor is not None and ancestor.parent is not None:
        _, lead, resp = _compose(ancestor)
        if ancestor.table_task:
            lead, resp = ancestor.lead, ancestor.resp
        ancestor = ancestor.parent
    return Task(
        number=number,
        text=text,
        lead_units=tuple(lead),
        responsible_units=tuple(resp),
        deadline=deadline,
        requirement=node.requirement,
        section=section,
    )


# -- entry points -----------------------------------------------------------------------------
def parse_blocks(blocks: list[Block]) -> Plan:
    builder = _Builder()
    for block in blocks:
        if isinstance(block, Table):
            builder.table(block.rows)
        else:
            for line in block.text.split("\n"):
                builder.line(line)
    return _finish(builder)


def parse_text(text: str) -> Plan:
    return parse_blocks(text_blocks(text))


def parse_file(data: bytes, name: str) -> Plan:
    plan = parse_blocks(read_file(data, name))
    if not plan.title:
        plan = replace(plan, title=PurePath(name).stem)
    return plan


def plan_to_json(plan: Plan) -> dict[str, Any]:
    def deadline(d: Deadline | None) -> dict[str, Any] | None:
        if d is None:
            return None
        return {
            "text": d.text,
            "due": d.due.isoformat() if d.due else None,
            "every": d.every,
            "within_working_days": d.within_working_days,
            "within_days": d.within_days,
        }

    return {
        "title": plan.title,
        "year": plan.year,
        "sections": [{"number": s.number, "title": s.title} for s in plan.sections],
        "tasks": [
            {
                "number": t.number,
                "text": t.text,
                "lead_units": list(t.lead_units),
                "responsible_units": list(t.responsible_units),
                "deadline": deadline(t.deadline),
                "requirement": t.requirement,
                "section": t.section,
            }
            for t in plan.tasks
        ],
    }


# -- reading files ----------------------------------------------------------------------------
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"%PDF", "PDF 文件"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "旧版 Word/Excel 文件（.doc/.xls），请另存为 .docx/.xlsx",
    ),
    (b"{\\rtf", "RTF 文件"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
)
_SUPPORTED = "请上传 TXT、DOCX、HTML 或 XLSX 格式的工作要点或任务分解表"


def _unsupported(name: str, what: str) -> ParseError:
    return ParseError(f"不支持的文件格式（{name}：{what}）。{_SUPPORTED}")


def read_file(data: bytes, name: str) -> list[Block]:
    """The blocks of a plan file; the format is told by the content, not the name."""
    if not data.strip():
        raise ParseError(f"文件为空（{name}）")
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise _unsupported(name, what)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = set(archive.namelist())
        except zipfile.BadZipFile as error:
            raise _unsupported(name, "损坏的压缩文件") from error
        if "word/document.xml" in members:
            return _read_docx(data, name)
        if "xl/workbook.xml" in members:
            return _read_xlsx(data, name)
        raise _unsupported(name, "ZIP 压缩包")
    text = _decode(data, name)
    if not text.strip():
        raise ParseError(f"文件为空（{name}）")
    if _HTML_START.match(text[:4000]):
        return _read_html(text)
    return text_blocks(text)


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _unsupported(name, "无法识别的文字编码") from error
    if b"\x00" in data[:8192]:
        raise _unsupported(name, "二进制文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\t\n\r\f\v")
        if controls > max(3, len(text[:20000]) // 100):
            raise _unsupported(name, "二进制文件")
        return text
    raise _unsupported(name, "无法识别的文字编码（支持 UTF-8 和 GB18030/GBK）")


def text_blocks(text: str) -> list[Block]:
    """Plain text → one paragraph per line; a TAB-flattened table with a header → a Table."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("\t"):
            rows, end = _tab_rows(lines, i)
            if any(_header([_cell(c) for c in row]) for row in rows):
                blocks.append(Table(rows))
            else:
                blocks.extend(Paragraph(line) for line in lines[i:end])
            i = end
            continue
        blocks.append(Paragraph(lines[i]))
        i += 1
    return blocks


def _tab_rows(lines: list[str], start: int) -> tuple[list[list[str]], int]:
    """Rows of a TAB-flattened table starting at `start`, and the index of the line after it."""
    rows: list[list[str]] = []
    row: list[str] | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        if "\t" not in line and not line.translate(_SPACE_TABLE).strip():
            if row is not None:
                rows.append(row)
                row = None
        elif line.startswith("\t"):
            row = row if row is not None else []
            row.extend(line.lstrip("\t").split("\t"))
        elif row is None:
            break  # an ordinary paragraph after a blank line: the table has ended
        elif row:
            row[-1] += "\n" + line
        else:
            row.append(line)
        i += 1
    if row is not None:
        rows.append(row)
    return rows, i


def _read_docx(data: bytes, name: str) -> list[Block]:
    import docx
    from docx.table import Table as DocxTable

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises a variety of errors on a broken package
        raise ParseError(f"无法读取 DOCX 文件（{name}）：文件已损坏或不是 Word 文档") from error
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            rows = [[cell.text for cell in row.cells] for row in item.rows]
            blocks.append(Table(rows))
        else:
            blocks.append(Paragraph(item.text))
    return blocks


def _xlsx_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes, name: str) -> list[Block]:
    import openpyxl  # type: ignore[import-untyped]

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises a variety of errors on a broken package
        raise ParseError(f"无法读取 XLSX 文件（{name}）：文件已损坏或不是 Excel 工作簿") from error
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        grid = [[_xlsx_value(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                    grid[r][c] = top
        grid = [row for row in grid if any(cell.strip() for cell in row)]
        if grid:
            blocks.append(Table(grid))
    return blocks


_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6]|section|article)[\s>/]",
    re.I | re.S,
)


def _squash(text: str) -> str:
    """HTML whitespace: a line break between Chinese characters is source formatting."""
    text = text.translate(_SPACE_TABLE)
    text = re.sub(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])", "", text)
    return re.sub(r"\s+", " ", text).strip()


class _HtmlTable:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.pending: dict[int, tuple[int, str]] = {}  # column → (rows left, text) of rowspans

    def _fill(self) -> None:
        if self.row is None:
            return
        while len(self.row) in self.pending:
            left, text = self.pending.pop(len(self.row))
            self.row.append(text)
            if left > 1:
                self.pending[len(self.row) - 1] = (left - 1, text)

    def start_row(self) -> None:
        self.end_row()
        self.row = []

    def start_cell(self, rowspan: int, colspan: int) -> None:
        self.end_cell()
        if self.row is None:
            self.row = []
        self.cell = []
        self.span = (rowspan, colspan)

    def add(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        text = "\n".join(
            line for line in (_squash(p) for p in "".join(self.cell).split("\n")) if line
        )
        self._fill()
        rowspan, colspan = self.span
        for _ in range(colspan):
            if rowspan > 1:
                self.pending[len(self.row)] = (rowspan - 1, text)
            self.row.append(text)
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self._fill()
            self.rows.append(self.row)
        self.row = None


class _HtmlReader(HTMLParser):
    BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "ul"}
    BLOCK |= {"ol", "header", "footer", "blockquote", "pre", "dd", "dt", "center", "tr", "table"}
    SKIP = {"script", "style", "head", "title", "noscript", "template", "select"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.tables: list[_HtmlTable] = []
        self.skipping = 0

    def _flush(self) -> None:
        for line in "".join(self.text).split("\n"):
            squashed = _squash(line)
            if squashed:
                self.blocks.append(Paragraph(squashed))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
            return
        if tag == "table":
            if not self.tables:
                self._flush()
            self.tables.append(_HtmlTable())
            return
        if self.tables:
            table = self.tables[-1]
            if tag == "tr":
                table.start_row()
            elif tag in ("td", "th"):
                values = dict(attrs)
                table.start_cell(_span(values.get("rowspan")), _span(values.get("colspan")))
            elif tag == "br" or tag in self.BLOCK:
                table.add("\n")
        elif tag == "br":
            self.text.append("\n")
        elif tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            table.end_row()
            if self.tables:  # a nested table: its text belongs to the outer cell
                self.tables[-1].add("\n".join(" ".join(r) for r in table.rows))
            elif table.rows:
                self.blocks.append(Table(table.rows))
            return
        if self.tables:
            if tag in ("td", "th"):
                self.tables[-1].end_cell()
            elif tag == "tr":
                self.tables[-1].end_row()
            elif tag in self.BLOCK:
                self.tables[-1].add("\n")
        elif tag in self.BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.tables:
            self.tables[-1].add(data)
        else:
            self.text.append(data)

    def close(self) -> None:
        super().close()
        while self.tables:
            self.handle_endtag("table")
        self._flush()


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1


def _read_html(text: str) -> list[Block]:
    reader = _HtmlReader()
    reader.feed(text)
    reader.close()
    return reader.blocks
