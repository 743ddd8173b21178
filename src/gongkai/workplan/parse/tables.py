"""Task tables as offices make them, read into rows of one task each.

The header
    One row naming the columns (see `columns`), or two when the first groups columns the second
    names (责任单位 over 牵头单位 | 配合单位). A header cell spanning two columns (具体要求 over
    the number and the text) is split by what the columns hold: the one of numbers is 序号.
    A header naming fewer columns than the widest row has (a merged header, or one lost when
    the table was copied) is spread over the row's columns the same way. A table without a
    header is read by what its columns hold, when they hold a task and at least one of a
    number, units or a deadline.

Merged cells
    A real table repeats a merged cell's text in every row it spans. A table copied as text
    writes it once, in its first row, and the rows below are short: their cells are matched to
    the columns by what they hold (an order-keeping alignment), and the columns they leave out
    take the text of the row above when they are a category, units, a deadline or a remark.

The category column
    When a table has both a 工作任务 column and a 具体要求 / 主要内容 / 工作要求 column, and the
    former is a title over several rows — merged over rows with different requirements, numbered
    like a heading (一、, （一）), or left of the 序号 column — it is the category: the section
    of the rows it spans, and each row's requirement is the task itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .columns import _column_role
from .headings import _heading
from .units import _UNIT_ENDINGS, split_units

_KIND_SCORES: dict[str, dict[str, float]] = {
    # column role → kind of cell → how well the cell fits the column
    "number": {"number": 3, "empty": 0.5},
    "category": {"heading": 3, "text": 1, "empty": 0.5},
    "task": {"text": 2, "heading": 2, "empty": 0.5},
    "requirement": {"text": 2, "heading": 1, "empty": 0.5},
    "lead": {"units": 3, "empty": 0.5, "text": -0.5},
    "resp": {"units": 3, "empty": 0.5, "text": -0.5},
    "deadline": {"deadline": 3, "empty": 0.5, "text": -0.5},
    "remark": {"deadline": 1, "empty": 0.5, "text": 0.5, "units": 0},
}
_MISFIT = -3.0
_LEFT_OUT = -0.4  # a column the row does not fill: allowed, but filling it is better
_INHERITED = ("category", "lead", "resp", "deadline", "remark")
_DEADLINE_WORDS = re.compile(
    r"年底|年末|月底|月末|[上中下]旬|季度|半年|全年|每[年月周季]|长期|持续|常态|及时|"
    r"\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|日前|前完成|工作日|日内|天内|20\d\d\s*年"
)
_GROUP_WORDS = re.compile(r"^(?:各|全)|(?:有关|相关|所属|直属)|(?:部门|单位|科室)$")
_CLAUSE_VERBS = re.compile(r"牵头|配合|负责|落实|协助|参与")


@dataclass(frozen=True)
class Row:
    """One row of a task table, by what each cell holds (empty when the row has none)."""

    cells: dict[str, str]
    categories: tuple[str, ...] = ()
    only: bool = False  # one text across the whole row: a heading or a note

    def get(self, role: str) -> str:
        return self.cells.get(role, "")


@dataclass(frozen=True)
class Reading:
    before: list[list[str]]  # rows above the header: a title, a note
    rows: list[Row]
    unplaced: list[str]  # rows with text but nothing that could be read as a task


def kind(cell: str) -> str:
    """What a cell holds: empty, number, heading, deadline, units or text."""
    flat = cell.replace("\n", "").strip()
    if not flat:
        return "empty"
    if re.fullmatch(r"[0-9０-９]{1,3}[.、．]?", flat):
        return "number"
    heading = _heading(flat)
    if heading is not None and heading[0] in ("cn", "pcn"):
        return "heading"
    if len(flat) <= 30 and "。" not in flat and _DEADLINE_WORDS.search(flat):
        return "deadline"
    if len(flat) <= 120 and _looks_like_units(flat):
        return "units"
    return "text"


def _looks_like_units(text: str) -> bool:
    names = split_units(_CLAUSE_VERBS.sub("、", text))
    if not names or "。" in text:
        return False
    return all(
        len(name) <= 20 and (name.endswith(_UNIT_ENDINGS) or bool(_GROUP_WORDS.search(name)))
        for name in names
    )


def _fit(role: str | None, cell_kind: str) -> float:
    if role is None:
        return 0.0
    return _KIND_SCORES[role].get(cell_kind, _MISFIT)


def align(cells: list[str], roles: list[str | None]) -> list[int] | None:
    """The column of each cell, keeping their order, that fits the cells best; None when there
    are more cells than columns."""
    found = _alignment(cells, roles)
    return found[1] if found else None


def _alignment(cells: list[str], roles: list[str | None]) -> tuple[float, list[int]] | None:
    n, m = len(cells), len(roles)
    if n > m:
        return None
    kinds = [kind(c) for c in cells]
    worst = float("-inf")
    # best[i][j]: the best score placing the first i cells in the first j columns
    best = [[worst] * (m + 1) for _ in range(n + 1)]
    came: dict[tuple[int, int], bool] = {}  # True: cell i-1 went to column j-1
    best[0][0] = 0.0
    for j in range(1, m + 1):
        best[0][j] = best[0][j - 1] + _LEFT_OUT
        came[0, j] = False
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            place = best[i - 1][j - 1] + _fit(roles[j - 1], kinds[i - 1])
            skip = best[i][j - 1] + _LEFT_OUT if j > i else worst
            best[i][j], came[i, j] = (place, True) if place >= skip else (skip, False)
    columns: list[int] = []
    i, j = n, m
    while i > 0:
        if came[i, j]:
            columns.append(j - 1)
            i -= 1
        j -= 1
    return best[n][m], columns[::-1]


def stream_rows(cells: list[str]) -> list[list[str]] | None:
    """Rows of a table copied one cell per line: the header's cells first, then every row's
    cells, merged cells written once. Rows are told apart by their 序号; the cells between two
    numbers are split between the end of one row and the start of the next where they fit
    best. None when the cells do not start with a header."""
    width = 0
    while width < len(cells) and _column_role(cells[width]) is not None:
        width += 1
    roles = _roles_of(cells[:width])
    if width < 2 or not _is_header(cells[:width]):
        return None
    rows = [cells[:width]]
    stream = cells[width:]
    if "number" not in roles and any(kind(c) == "number" for c in stream):
        # the header's 具体要求 spans the number and the text: the number comes before the text
        at = roles.index("requirement") if "requirement" in roles else roles.index("task")
        roles.insert(at, "number")
    if "number" not in roles:
        if len(stream) % width:
            return None
        return rows + [stream[i : i + width] for i in range(0, len(stream), width)]
    at = roles.index("number")
    before, after = roles[:at], roles[at + 1 :]
    anchors = [i for i, c in enumerate(stream) if kind(c) == "number"]
    if not anchors or anchors[0] > len(before):
        return None
    head = stream[: anchors[0]]
    for k, anchor in enumerate(anchors):
        end = anchors[k + 1] if k + 1 < len(anchors) else len(stream)
        segment = stream[anchor + 1 : end]
        split = len(segment) if end == len(stream) else _split(segment, after, before)
        if split is None:
            return None
        rows.append([*head, stream[anchor], *segment[:split]])
        head = segment[split:]
    return rows


def _split(segment: list[str], after: list[str | None], before: list[str | None]) -> int | None:
    """Where the cells between two numbers stop belonging to the first row."""
    best: tuple[float, int] | None = None
    for split in range(len(segment), -1, -1):
        tail = _alignment(segment[:split], after)
        head = _alignment(segment[split:], before)
        if tail is None or head is None:
            continue
        score = tail[0] + head[0]
        if best is None or score > best[0]:
            best = (score, split)
    return best[1] if best else None


# -- the header ---------------------------------------------------------------------------------
def _roles_of(row: list[str]) -> list[str | None]:
    return [_column_role(cell) for cell in row]


def _is_header(row: list[str]) -> bool:
    roles = [r for r in _roles_of(row) if r is not None]
    return "task" in roles or ("requirement" in roles and len(set(roles)) >= 2)


def _second_header_row(first: list[str], row: list[str]) -> bool:
    """A row under the header that names the columns a first-row cell groups."""
    named = False
    for above, cell in zip(first, row, strict=False):
        if not cell or cell == above:
            continue
        if _column_role(cell) is None:
            return False
        named = True
    return named


def _spread(roles: list[str | None], wide: list[str]) -> list[str | None]:
    """Header roles over a row that has more columns than the header names: each named role
    covers a run of the row's columns, chosen by what they hold."""
    named = [r for r in roles if r is not None]
    kinds = [kind(c) for c in wide]
    n, m = len(kinds), len(named)
    if m == 0 or n < m:
        return roles
    worst = float("-inf")
    best = [[worst] * (m + 1) for _ in range(n + 1)]
    came: dict[tuple[int, int], int] = {}
    best[0][0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, min(i, m) + 1):
            score = _fit(named[j - 1], kinds[i - 1])
            if kinds[i - 1] in ("number", "heading"):
                score = max(score, 2.0)  # a number or a heading inside a run names its own column
            stay = best[i - 1][j] + score
            move = best[i - 1][j - 1] + score
            best[i][j], came[i, j] = (stay, j) if stay > move else (move, j - 1)
    spread: list[str | None] = []
    j = m
    for i in range(n, 0, -1):
        spread.append(named[j - 1])
        j = came[i, j]
    return _by_content(spread[::-1], kinds)


def _by_content(roles: list[str | None], kinds: list[str]) -> list[str | None]:
    """Within a run of columns under one header, a column of numbers is 序号 and a column of
    headings is a category."""
    out = list(roles)
    for i, role in enumerate(roles):
        same = (i > 0 and roles[i - 1] == role) or (i + 1 < len(roles) and roles[i + 1] == role)
        if not same or role is None:
            continue
        if kinds[i] == "number":
            out[i] = "number"
        elif kinds[i] == "heading" and role in ("task", "requirement"):
            out[i] = "category"
    return out


def _text_roles(roles: list[str | None], header: list[str]) -> list[str | None]:
    """The task and the requirement among the text columns: a second, differently named task
    column is the requirement; a requirement column with no task column is the task."""
    out = list(roles)
    tasks = [i for i, r in enumerate(roles) if r == "task"]
    if len(tasks) > 1 and "requirement" not in roles and header[tasks[-1]] != header[tasks[0]]:
        out[tasks[-1]] = "requirement"
    if "task" not in out and "requirement" in out:
        out = ["task" if r == "requirement" else r for r in out]
    return out


def _header(rows: list[list[str]]) -> tuple[int, int, list[str | None]] | None:
    """(first header row, first data row, the role of each column)."""
    at = next((i for i, row in enumerate(rows) if _is_header(row)), None)
    if at is None:
        return None
    first = rows[at]
    roles = _roles_of(first)
    end = at + 1
    if end < len(rows) and _second_header_row(first, rows[end]):
        under = _roles_of(rows[end])
        roles = [u if u is not None else r for r, u in zip(roles, under, strict=False)]
        end += 1
    data = rows[end:]
    widest = max(data, key=lambda r: sum(1 for c in r if c), default=[])
    if sum(1 for c in widest if c) > sum(1 for r in roles if r) and len(roles) < len(widest):
        roles = _spread(roles, widest)
    elif len(widest) == len(roles):
        roles = _by_content(roles, [kind(c) for c in widest])
    return at, end, _text_roles(roles, rows[end - 1] + [""] * len(roles))


def _headerless(rows: list[list[str]]) -> list[str | None] | None:
    """Roles told by what the columns hold, for a table of equal rows without a header."""
    width = max((len(r) for r in rows), default=0)
    if width < 2 or len(rows) < 2:
        return None
    roles: list[str | None] = []
    units_columns = 0
    for c in range(width):
        kinds = [kind(r[c]) if c < len(r) else "empty" for r in rows]
        common = max(set(kinds) - {"empty"} or {"empty"}, key=kinds.count)
        role = {"number": "number", "heading": "category", "deadline": "deadline"}.get(common)
        if common == "units":
            units_columns += 1
            role = "resp"
        elif common == "text":
            role = "task"
        roles.append(role)
    if roles.count("task") != 1 or not {"number", "resp", "deadline"} & set(roles):
        return None
    if units_columns == 2:
        roles[roles.index("resp")] = "lead"
    return roles


# -- the rows -----------------------------------------------------------------------------------
_LEVELS = "\x1f"  # between the cells of several category columns, kept apart as levels
COLUMNS = "\x1e"  # between the cells of several other columns of one role


def _category_mode(roles: list[str | None], rows: list[dict[str, str]]) -> bool:
    if "task" not in roles or "requirement" not in roles:
        return False
    if "number" in roles and roles.index("number") > roles.index("task"):
        return True
    tasks = [r.get("task", "") for r in rows]
    if any(kind(t) == "heading" for t in tasks):
        return True
    return any(
        tasks[i]
        and tasks[i] == tasks[i - 1]
        and rows[i].get("requirement")
        and rows[i].get("requirement") != rows[i - 1].get("requirement")
        for i in range(1, len(rows))
    )


def _cells_by_role(
    row: list[str], roles: list[str | None], above: dict[str, str]
) -> dict[str, str]:
    """A row's cells by role. A row as wide as the header is read by position (a blank category
    cell continues the one above); a shorter one, copied from a table with merged cells, is
    aligned by content and takes the merged columns it leaves out from the row above."""
    short = len(row) != len(roles)
    cells = [c for c in row if c] if short else row
    columns = (align(cells, roles) or []) if short else list(range(len(row)))
    if short and any(
        _fit(roles[c], kind(cell)) <= _MISFIT for cell, c in zip(cells, columns, strict=True)
    ):
        return {}  # no way to lay the row under the header: left for a person to place
    out: dict[str, str] = {}
    for cell, column in zip(cells, columns, strict=False):
        role = roles[column]
        if role is not None and cell:
            joint = _LEVELS if role == "category" else COLUMNS
            out[role] = f"{out[role]}{joint}{cell}" if role in out and out[role] != cell else cell
    for role in _INHERITED if short else ("category",):
        if role in roles and role not in out and role in above:
            out[role] = above[role]
    return out


def _rows(rows: list[list[str]], roles: list[str | None]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    above: dict[str, str] = {}
    for row in rows:
        cells = _cells_by_role(row, roles, above)
        if len({c for c in row if c}) > 1:
            above = cells  # a heading or note across the row carries nothing to the rows below
        out.append(cells)
    return out


def _row(cells: dict[str, str], only: bool) -> Row:
    if only:
        return Row({"task": next(iter(cells.values()), "")}, only=True)
    categories = tuple(cells["category"].split(_LEVELS)) if cells.get("category") else ()
    return Row(cells, categories)


def read(rows: list[list[str]], *, headerless: bool = False) -> Reading | None:
    """A task table's rows, or None when the rows do not make a task table."""
    found = _header(rows)
    if found is not None:
        at, end, roles = found
    else:
        guessed = _headerless(rows) if headerless else None
        if guessed is None:
            return None
        at, end, roles = 0, 0, guessed
    header = [c for c in rows[at] if c] if found else []
    data = [r for r in rows[end:] if any(r) and (not header or [c for c in r if c] != header)]
    only = [len({c for c in r if c}) == 1 for r in data]
    cells = _rows(data, roles)
    if _category_mode(roles, [c for c, one in zip(cells, only, strict=True) if not one]):
        renamed = {"task": "category", "requirement": "task"}
        roles = [renamed.get(r, r) if r else r for r in roles]
        cells = _rows(data, roles)
    unplaced = [
        " ".join(c for c in row if c)
        for row, c, one in zip(data, cells, only, strict=True)
        if not one and not c.get("task") and not c.get("category")
    ]
    return Reading(
        before=rows[:at],
        rows=[_row(c, one) for c, one in zip(cells, only, strict=True)],
        unplaced=unplaced,
    )
