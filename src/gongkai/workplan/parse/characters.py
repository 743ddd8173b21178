"""Characters and numbers as they appear in plans: odd spaces, brackets, Chinese numerals."""

from __future__ import annotations

import re
import unicodedata

_ODD_SPACES = "\u3000\xa0\u2002\u2003\u2009\u200b\u200c\u200d\ufeff\u00ad"
_SPACE_TABLE = str.maketrans(dict.fromkeys(_ODD_SPACES, " "))
_OPEN = "（(〈《【〔“‘"
_CLOSE = "）)〉》】〕”’"
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
