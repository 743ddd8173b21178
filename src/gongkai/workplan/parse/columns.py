"""Which column of a task table holds what, told by the table's header row."""

from __future__ import annotations

import re

from .characters import _SPACE_TABLE, _STRIP_PUNCT, _clean
from .units import _RESP_LABELS

_TASK_HEADERS = {"工作任务", "任务", "主要任务", "工作内容", "重点任务", "任务内容", "具体任务"}
_TASK_HEADERS |= {"任务事项", "工作事项", "重点工作", "任务名称", "主要工作"}
_COLUMNS: dict[str, set[str]] = {
    "task": _TASK_HEADERS,
    "lead": {"牵头单位", "牵头部门", "主办单位", "主责单位", "牵头", "牵头科室"},
    "resp": {*_RESP_LABELS},
    "deadline": {"完成时限", "时间节点", "完成时间", "时限", "时限要求", "完成期限", "办结时限"},
    "requirement": {
        "工作要求",
        "具体要求",
        "要求",
        "工作标准",
        "具体措施",
        "工作措施",
        "落实措施",
        "主要内容",
    },
    "number": {"序号", "编号"},
    "remark": {"备注", "说明"},
}
_COLUMN_HINTS = (
    ("number", "序号"),
    ("remark", "备注"),
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
