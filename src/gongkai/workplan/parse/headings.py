"""Heading markers as plans write them: 一、 （一） 1. （1） ①, in half- and full-width forms."""

from __future__ import annotations

import re
import unicodedata

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
_ITEM_STYLES = ("ar", "par", "circ", "row", "para")
_FRAMING = re.compile(r"^(?:指导思想|总体要求|基本原则|工作原则|工作目标|主要目标|总体目标)$")
# Closing sections: how the plan is to be carried out, not what is to be done. Their items are
# tasks only when they name the units that carry them.
_CLOSING = re.compile(
    r"^(?:[^，。]{0,6})(?:保障措施|工作要求|有关要求|相关要求|其他要求|组织保障|工作保障|组织实施|保障机制)$"
)
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
