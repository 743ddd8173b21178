"""The privacy guard on the texts in texts.json: recall and precision per kind."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.privacy import Kind, scan

TEXTS = Path(__file__).resolve().parent / "texts.json"


@dataclass
class Measure:
    expected: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    negatives: int = 0
    false_alarms: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def measure() -> Measure:
    result = Measure()
    for entry in json.loads(TEXTS.read_text(encoding="utf-8")):
        wanted = Counter((kind, text) for kind, text in entry["expected"])
        got = Counter((f.kind.value, f.text) for f in scan(entry["text"]))
        if not wanted:
            result.negatives += 1
            if got:
                result.false_alarms.append(f"{entry['text']!r}: {sorted(got)}")
        for (kind, _), n in wanted.items():
            result.expected[kind] += n
        for (kind, _), n in got.items():
            result.found[kind] += n
        for key, n in (wanted & got).items():
            result.right[key[0]] += n
        for key in wanted - got:
            result.misses.append(f"{entry['text']!r}: 漏报 {key}")
        for key in got - wanted:
            result.misses.append(f"{entry['text']!r}: 误报 {key}")
    return result


def recall(m: Measure, kind: str) -> float:
    return m.right[kind] / m.expected[kind] if m.expected[kind] else 1.0


def report(m: Measure | None = None) -> str:
    m = m or measure()
    lines = ["| 类别 | 应检出 | 检出 | 正确 | 召回率 | 精确率 |", "|---|---|---|---|---|---|"]
    for kind in Kind:
        k = kind.value
        precision = f"{100 * m.right[k] / m.found[k]:.0f} %" if m.found[k] else "—"
        lines.append(
            f"| {kind.label} | {m.expected[k]} | {m.found[k]} | {m.right[k]} "
            f"| {100 * recall(m, k):.0f} % | {precision} |"
        )
    lines.append(f"\n不应报警的文本 {m.negatives} 段，误报 {len(m.false_alarms)} 段。")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
