"""Plans in traditional script (some sites serve them so): read in simplified characters, so
that labels, numbering and time limits are recognised, and shown as written.

The whole plan is converted before it is read; afterwards every text of the reading is turned
back character by character, with the correspondences the plan itself shows (the traditional
character each simplified one came from in this document).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from opencc import OpenCC  # type: ignore[import-untyped]

from .reading import Block, Paragraph, Table
from .result import Deadline, Plan

_TO_SIMPLIFIED = OpenCC("t2s")
_MIN_CHANGED = 10  # characters: a stray traditional one in a simplified plan is left alone
_MIN_SHARE = 0.02


class Writing:
    """How one plan's simplified reading maps back to its own characters."""

    def __init__(self, back: dict[str, str]) -> None:
        self.back = str.maketrans(back)

    @classmethod
    def of(cls, blocks: list[Block]) -> Writing | None:
        """The plan's writing when it is in traditional script, else None."""
        pairs: Counter[tuple[str, str]] = Counter()
        cjk = 0
        for text in _texts(blocks):
            converted = _TO_SIMPLIFIED.convert(text)
            cjk += sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
            if len(converted) == len(text):
                pairs.update((s, t) for t, s in zip(text, converted, strict=True) if s != t)
        changed = sum(pairs.values())
        if changed < _MIN_CHANGED or changed < _MIN_SHARE * cjk:
            return None
        back: dict[str, str] = {}
        for (simple, written), _ in pairs.most_common():
            back.setdefault(simple, written)
        return cls(back)

    def simplify(self, blocks: list[Block]) -> list[Block]:
        return [
            Table([[_TO_SIMPLIFIED.convert(c) for c in row] for row in b.rows])
            if isinstance(b, Table)
            else Paragraph(_TO_SIMPLIFIED.convert(b.text))
            for b in blocks
        ]

    def restore(self, plan: Plan) -> Plan:
        def back(text: str) -> str:
            return text.translate(self.back)

        def deadline(d: Deadline | None) -> Deadline | None:
            return replace(d, text=back(d.text)) if d else None

        return replace(
            plan,
            title=back(plan.title),
            sections=tuple(replace(s, title=back(s.title)) for s in plan.sections),
            tasks=tuple(
                replace(
                    t,
                    text=back(t.text),
                    lead_units=tuple(map(back, t.lead_units)),
                    responsible_units=tuple(map(back, t.responsible_units)),
                    requirement=back(t.requirement),
                    deadline=deadline(t.deadline),
                )
                for t in plan.tasks
            ),
            unplaced=tuple(map(back, plan.unplaced)),
        )


def _texts(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            out.extend(cell for row in block.rows for cell in row)
        else:
            out.append(block.text)
    return out
