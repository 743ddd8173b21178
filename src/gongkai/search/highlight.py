"""Snippets with the query terms marked, cut from the record's own text."""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .segment import normalize


@dataclass(frozen=True)
class Fragment:
    text: str
    match: bool


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    if not terms:
        return []
    # Longest first, so 政务公开 is marked whole rather than as 政务 then 公开.
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    folded = normalize(text)
    if len(folded) != len(text):  # a rare letter whose lower case is longer: match as written
        folded = text
    return [m.span() for m in pattern.finditer(folded)]


def _best_window(spans: list[tuple[int, int]], length: int, width: int) -> int:
    """Start of the window of `width` characters covering the most matches."""
    if not spans:
        return 0
    best_start, best_count, j = spans[0][0], 0, 0
    for i, (start, _) in enumerate(spans):
        while spans[j][0] < start - width:
            j += 1
        count = i - j + 1
        if count > best_count:
            best_start, best_count = spans[j][0], count
    # A little context before the first match, but not past the end.
    return max(0, min(best_start - 10, length - width))


def fragments(text: str, terms: list[str], width: int = 120) -> list[Fragment]:
    text = " ".join(text.split())
    spans = _spans(text, terms)
    start = _best_window(spans, len(text), width)
    end = start + width
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > pos:
            out.append(Fragment(text[pos:s], False))
        out.append(Fragment(text[s:e], True))
        pos = e
    if pos < min(end, len(text)):
        out.append(Fragment(text[pos:end], False))
    if start > 0:
        out.insert(0, Fragment("…", False))
    if end < len(text):
        out.append(Fragment("…", False))
    return out


def snippet_html(text: str, terms: list[str], width: int = 120) -> SafeString:
    parts = (
        f"<mark>{escape(f.text)}</mark>" if f.match else escape(f.text)
        for f in fragments(text, terms, width)
    )
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
