"""Word's automatic numbering: the 一、 （一） 1. a paragraph shows but does not hold.

A numbered paragraph names a list (`w:numId`) and a level (`w:ilvl`), directly or through its
style; numbering.xml gives each list's levels a number format and a text such as ``（%2）``. The
label is worked out by counting, as Word does: lists sharing an abstract definition share the
count, a deeper level restarts when a shallower one moves on, and a list's own start overrides
apply the first time it is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .characters import _CN_DIGITS

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE = (
    "chineseCounting",
    "chineseCountingThousand",
    "ideographTraditional",
    "taiwaneseCounting",
)
_CIRCLED = ("decimalEnclosedCircle", "decimalEnclosedCircleChinese")
_DIGIT_NAMES = {value: name for name, value in _CN_DIGITS.items() if name not in ("〇", "两")}


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (up to 99)."""
    tens, ones = divmod(n, 10)
    if n <= 0 or tens > 9:
        return str(n)
    head = "" if tens == 0 else "十" if tens == 1 else _DIGIT_NAMES[tens] + "十"
    return head + (_DIGIT_NAMES[ones] if ones else "")


def _format(n: int, fmt: str) -> str:
    if fmt in _CHINESE:
        return chinese(n)
    if fmt in _CIRCLED and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26:
        return chr((0x40 if fmt == "upperLetter" else 0x60) + n)
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1


@dataclass
class Numbering:
    """The labels of one document's numbered paragraphs, given in document order."""

    abstract_of: dict[str, str] = field(default_factory=dict)
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    starts: dict[str, dict[int, int]] = field(default_factory=dict)  # a list's start overrides
    counts: dict[str, dict[int, int]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        for abstract in root.iter(f"{_W}abstractNum"):
            levels = numbering.levels.setdefault(abstract.get(f"{_W}abstractNumId"), {})
            for lvl in abstract.iter(f"{_W}lvl"):
                definition = _Level()
                for child, attr in (("numFmt", "fmt"), ("lvlText", "text"), ("start", "start")):
                    node = lvl.find(f"{_W}{child}")
                    if node is not None and node.get(f"{_W}val") is not None:
                        value = node.get(f"{_W}val")
                        setattr(definition, attr, int(value) if attr == "start" else value)
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = definition
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId")
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            numbering.abstract_of[num_id] = ref.get(f"{_W}val")
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    level = int(override.get(f"{_W}ilvl", "0"))
                    numbering.starts.setdefault(num_id, {})[level] = int(start.get(f"{_W}val"))
        return numbering

    def label(self, paragraph: Any) -> str:
        """The number a paragraph shows ("" for none), counting it."""
        num_id, level = _num_pr(paragraph)
        abstract = self.abstract_of.get(num_id or "")
        if abstract is None or num_id is None:
            return ""
        levels = self.levels.get(abstract, {})
        definition = levels.get(level)
        if definition is None or definition.fmt in ("bullet", "none"):
            return ""
        counts = self.counts.setdefault(abstract, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for at, start in self.starts.get(num_id, {}).items():
                counts[at] = start - 1
        counts[level] = counts.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        text = definition.text
        for at in range(level + 1):
            shown = levels.get(at, _Level())
            value = counts.get(at, shown.start)
            text = text.replace(f"%{at + 1}", _format(value, shown.fmt))
        return text


def _num_pr(paragraph: Any) -> tuple[str | None, int]:
    """The list and level of a paragraph, from its own properties or its styles'."""
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        sources.append(style.element.pPr)
        style = style.base_style
    for ppr in sources:
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        if num_id is None:
            continue
        value = num_id.get(f"{_W}val")
        return (None if value == "0" else value), int(
            ilvl.get(f"{_W}val")
        ) if ilvl is not None else 0
    return None, 0
