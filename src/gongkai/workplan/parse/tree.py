"""The heading tree of a plan and the sections and tasks read from it.

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
      主要目标, 总体目标 — hold no tasks, nor does anything under them. Closing sections —
      保障措施, 工作要求, 组织保障 … — hold tasks only where an item names its units.
    * A lost first number: when the paragraph right under a heading is followed by items
      numbered from 2, that paragraph is item 1 (some exports drop the first list number).
    * A task whose own text names no unit takes the units noted on its nearest section. A
      bracketed note standing on its own line after the last of several sub-items, none of
      which names units, is the note of the item above them, so all of them share it.
    * Seen on real plans: a district 要点 with 13 numbered items under 一、 and 14 （一）-headings
      with a paragraph each gives 27 tasks; a plan whose 一、 is 总体要求 and whose other sections
      are （一）-paragraphs counts only those paragraphs.

Tables
    A task table (read by `tables`: header, merged cells, the category column) gives one task per
    row: the task text, its number from 序号 when the text has none, lead and responsible units,
    the deadline (from 完成时限, else the text, the requirement or 备注). A category cell opens a
    section: numbered like a heading (一、, （一）) it nests as headings do, otherwise it is a
    section of its own. A row holding only a ``一、`` or ``（一）`` heading is a section; a row
    whose
    task text repeats the one above (merged cells) or is empty adds its units to that task (and
    an empty one is listed as unplaced, to be checked). When a document holds a task table, the
    table is its task list: the text around it (usually the notice implementing the table)
    gives no tasks. A table without a recognisable header is read as paragraphs, unless its
    columns show a task table by what they hold. A paragraph starting with 附件 begins a new
    heading tree.

Task numbers are unique within a plan: a repeated path gets ``-2``, ``-3``….
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from . import tables
from .characters import _STRIP_PUNCT, _balanced, _clean, _ends_sentence, _is_noise
from .columns import _cell, _distinct
from .deadlines import find_deadline
from .headings import _ATTACHMENT, _CLOSING, _FRAMING, _ITEM_STYLES, _heading
from .reading import Block, Table, read_file, text_blocks
from .result import ParseError, Plan, Section, Task
from .script import Writing
from .units import _merge, _take_notes, cell_units, complete_names, split_units


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
    remark: str = ""

    def walk(self) -> Iterator[_Node]:
        for child in self.children:
            yield child
            yield from child.walk()


class _Builder:
    def __init__(self) -> None:
        self.root = _Node("root", "")
        self.stack: list[_Node] = [self.root]
        self.preamble: list[str] = []
        self.headed = False
        self.has_content = False
        self.unplaced: list[str] = []
        self.categories: tuple[str, ...] = ()
        self.written = ""  # the plan's whole text, to confirm a shortened unit name

    # paragraphs
    def line(self, raw: str) -> None:
        text = _clean(raw)
        self.written += text + "\n"
        if not text or _is_noise(text):
            return
        pieces = _run_together(text)
        if len(pieces) > 1:
            for piece in pieces:
                self.line(piece)
            return
        self.has_content = True
        if _ATTACHMENT.match(text) and len(text) <= 60:
            self.stack = [self.root]
            return
        heading = _heading(text) or self._item_without_dot(text)
        if heading is not None:
            self.headed = True
            self._push(_Node(heading[0], heading[1], heading[2]))
        elif not self.headed:
            self.preamble.append(text)
        elif self.stack[-1] is not self.root:
            self.stack[-1].body.append(text)

    def _item_without_dot(self, text: str) -> tuple[str, str, str] | None:
        """'3落实……' right after item 2: the number of item 3 with its dot left out."""
        m = re.match(r"^([0-9]{1,2})(?=[\u4e00-\u9fff])", text)
        if m is None:
            return None
        number = int(m.group(1))
        if not any(n.style == "ar" and n.number == str(number - 1) for n in self.stack):
            return None
        return "ar", str(number), text[m.end() :]

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
        self.written += "\n".join("\n".join(row) for row in rows) + "\n"
        reading = tables.read(rows, headerless=True)
        if reading is None:
            for row in rows:
                for cell in _distinct(row):
                    for line in cell.split("\n"):
                        self.line(line)
            return
        for row in reading.before:
            for cell in _distinct(row):
                self.line(cell.replace("\n", ""))
        self.has_content = True
        self.unplaced.extend(reading.unplaced)
        last: _Node | None = None
        self.categories = ()
        for task_row in reading.rows:
            last = self._row(task_row, last)

    def _categories(self, categories: tuple[str, ...]) -> None:
        """Open the sections a row's category cells name, where they differ from the row above."""
        for level, value in enumerate(categories):
            if level < len(self.categories) and self.categories[level] == value:
                continue
            flat = value.replace("\n", "")
            heading = _heading(flat)
            if heading is not None and heading[0] in ("cn", "pcn"):
                self._push(_Node(heading[0], heading[1], heading[2]))
            else:
                self._category(_Node(f"category{level}", "", flat), level)
        self.categories = categories

    def _category(self, node: _Node, level: int) -> None:
        """A category outranks the rows and deeper categories opened under it."""
        while self.stack[-1] is not self.root and (
            self.stack[-1].table_task
            or (self.stack[-1].style.startswith("category") and self.stack[-1].style >= node.style)
        ):
            self.stack.pop()
        node.parent = self.stack[-1]
        node.number = str(sum(1 for n in node.parent.children if n.style == node.style) + 1)
        node.parent.children.append(node)
        self.stack.append(node)

    def _row(self, row: tables.Row, last: _Node | None) -> _Node | None:
        if row.categories != self.categories and not row.only:
            self._categories(row.categories)
            self.headed = True
            last = None
        parts = row.get("task").split(tables.COLUMNS)
        task_text = parts[0]
        flat = task_text.replace("\n", "")
        heading = _heading(flat)
        if row.only and heading is not None and heading[0] in ("cn", "pcn"):
            self.headed = True
            self._push(_Node(heading[0], heading[1], heading[2]))
            return None
        lead, resp = cell_units(row.get("lead"), "lead")
        more_lead, more_resp = cell_units(row.get("resp"), "resp")
        lead, resp = _merge(lead, more_lead), _merge(resp, more_resp)
        if last is not None and (not flat or flat == last.source):
            last.lead = _merge(last.lead, lead)  # a merged task cell spanning several rows
            last.resp = _merge(last.resp, resp)
            return last
        if not flat:
            return last
        parent = self.stack[-1]
        if heading is not None:
            style, number, text = heading
        else:
            style, text = "row", flat
            written = re.sub(r"[^0-9０-９]", "", row.get("number"))
            number = (
                str(int(unicodedata.normalize("NFKC", written)))
                if written
                else str(len(parent.children) + 1)
            )
        node = _Node(style, number, text, table_task=True, source=flat)
        node.lead, node.resp = lead, resp
        node.requirement = "".join([row.get("requirement"), *parts[1:]]).replace("\n", "")
        node.deadline_text = " ".join(row.get("deadline").split())
        node.remark = row.get("remark").replace("\n", " ")
        self.headed = True
        self._push(node)
        return node


# Headings run into one line (text taken from a PDF without its line breaks): split before a
# marker that follows the end of a sentence, or before a bracketed one, in a long line only.
_RUN_TOGETHER = re.compile(
    r"(?<=[。；！？])(?=[一二三四五六七八九十]{1,3}、|[0-9]{1,2}[.．、](?![0-9]))"
    r"|(?<=[^\s（(])(?=[（(][一二三四五六七八九十]{1,3}[）)])"
)


def _run_together(text: str) -> list[str]:
    if len(text) < 200:
        return _inline_items(text)
    pieces = [p for p in _RUN_TOGETHER.split(text) if p]
    return pieces if len(pieces) > 2 else _inline_items(text)


def _inline_items(text: str) -> list[str]:
    """'1、……。2、……。3、……' on one line: numbered items written one after another. Split
    only where the numbers run on from the line's own (1, 2, 3), after a sentence ends."""
    first = re.match(r"^([0-9]{1,2})[、.．]", text)
    if first is None:
        return [text]
    pieces, start, expected = [], 0, int(first.group(1)) + 1
    for m in re.finditer(r"(?<=[。；;])([0-9]{1,2})[、.．](?![0-9])", text):
        if int(m.group(1)) == expected:
            pieces.append(text[start : m.start()])
            start, expected = m.start(), expected + 1
    pieces.append(text[start:])
    return pieces


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


_NOTICE_START = ("关于", "根据", "为", "按照", "现将", "经", "各", "附件")


def _unnumbered(builder: _Builder) -> list[_Node]:
    """A plan with no numbering at all, written as paragraphs: each paragraph that is a whole
    sentence of some length, and not the notice around the plan, is a task."""
    paragraphs = [
        p
        for p in builder.preamble
        if len(p) >= 40 and _ends_sentence(p) and not p.startswith(_NOTICE_START)
    ]
    if len(paragraphs) < 2:
        return []
    builder.preamble = [p for p in builder.preamble if p not in paragraphs]
    nodes = [_Node("para", str(i), p, parent=builder.root) for i, p in enumerate(paragraphs, 1)]
    builder.root.children = nodes
    return nodes


def _split_paragraphs(node: _Node) -> None:
    """A heading that is a title only, over several paragraphs each a whole sentence and none a
    unit note: each paragraph is a task of its own (plans that number sections, not tasks)."""
    if node.style not in ("cn", "pcn") or node.children or len(node.body) < 2:
        return
    if _section_title(node) != node.line.strip(_STRIP_PUNCT) or _compose(node)[1:] != ([], []):
        return
    if not all(_ends_sentence(p) and not _is_bracket_note(p) for p in node.body):
        return
    node.children = [
        _Node("para", str(i), p, parent=node) for i, p in enumerate(node.body, start=1)
    ]
    node.body = []


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
        _split_paragraphs(node)
    title = _find_title(builder.preamble)
    year = _find_year(title, builder.preamble)
    nodes = list(builder.root.walk())
    table_mode = any(n.table_task for n in nodes)
    framed: set[int] = set()
    closing: set[int] = set()
    for node in nodes:
        if node.parent is not None and (id(node.parent) in framed or _framing(node)):
            framed.add(id(node))
        if id(node.parent) in closing or _CLOSING.match(_section_title(node)):
            closing.add(id(node))
    chosen = [
        n
        for n in nodes
        if id(n) not in framed
        and _is_task(n, table_mode)
        and (id(n) not in closing or any(_compose(n)[1:]))
    ]
    if not chosen:  # a plan written as bare one-line headings: each last-level one is a task
        chosen = [n for n in nodes if id(n) not in framed and not n.children and n.line]
    if not chosen and not nodes:
        chosen = _unnumbered(builder)
        nodes = chosen
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
            task = _task(node, numbers[id(node)], parent_number, year)
            tasks.append(
                replace(
                    task,
                    lead_units=tuple(complete_names(list(task.lead_units), builder.written)),
                    responsible_units=tuple(
                        complete_names(list(task.responsible_units), builder.written)
                    ),
                )
            )
    return Plan(
        title=title,
        year=year,
        sections=tuple(sections),
        tasks=tuple(tasks),
        unplaced=tuple(builder.unplaced),
    )


def _task(node: _Node, number: str, section: str, year: int | None) -> Task:
    if node.table_task:
        text, lead, resp = node.line, node.lead, node.resp
        deadline = (
            find_deadline(node.deadline_text, year, whole=True) if node.deadline_text else None
        )
        deadline = deadline or find_deadline(text, year) or find_deadline(node.requirement, year)
        if deadline is None and tables.kind(node.remark) == "deadline":
            deadline = find_deadline(node.remark, year, whole=True)  # 备注: "3月底前完成"
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
    writing = Writing.of(blocks)
    if writing is not None:
        return writing.restore(_parse(writing.simplify(blocks)))
    return _parse(blocks)


def _parse(blocks: list[Block]) -> Plan:
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
