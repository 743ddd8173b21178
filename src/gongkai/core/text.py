"""What people type: what shows (a name of zero-width spaces is no name), what a database can
hold, and numbers as typed on a Chinese keyboard. Plain Python, no Django."""

import re
import unicodedata

from .refusals import Refusal

# Control and format characters, separators, and marks that only change the character before
# them. Private-use and unassigned code points count as visible: rare characters in names are
# written with them where the font or a newer Unicode has them.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters by category that show nothing: the Hangul fillers and the blank Braille pattern.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# What may be dropped at either end of a text; a mark at the end belongs to the letter before it.
EDGE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in HIDDEN_CATEGORIES or char in BLANK_LETTERS


def visible(text: str) -> bool:
    """True when some character of `text` shows on the page."""
    return not all(_hidden(char) for char in text)


def _edge(char: str) -> bool:
    return unicodedata.category(char) in EDGE_CATEGORIES or char in BLANK_LETTERS


def strip_invisible(text: str) -> str:
    """`text` without the characters that show nothing at its ends (str.strip() keeps the
    zero-width ones)."""
    start, end = 0, len(text)
    while start < end and _edge(text[start]):
        start += 1
    while end > start and _edge(text[end - 1]):
        end -= 1
    return text[start:end]


def encodable(text: str) -> bool:
    """False for text with a lone surrogate, which JSON can carry ("\\ud800") and neither UTF-8
    nor a database can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


PHONE = re.compile(r"[0-9+\- ]{7,20}")
PHONE_INVALID = "请填写有效的联系电话（数字，可含 +、- 和空格，7至20位）"
# Keyed by the kind of identity document (an application's id_type); other kinds have no fixed
# format. The formats: GB 11643 (居民身份证号码), GB 32100 (统一社会信用代码).
ID_FORMATS = {
    "id_card": (
        re.compile(r"[0-9]{17}[0-9X]"),
        "居民身份证号码应为18位：前17位为数字，最后一位为数字或字母X",
    ),
    "credit_code": (re.compile(r"[0-9A-Z]{18}"), "统一社会信用代码应为18位数字或大写字母"),
}
ID_DIGITS = "证件号码中的数字请用 0 至 9 填写"
POSTCODE = re.compile(r"[0-9]{6}")


def _as_typed(text: str) -> str:
    # A Chinese keyboard types full-width digits, letters and signs: NFKC reads them as ASCII.
    return unicodedata.normalize("NFKC", text)


def phone_number(text: str) -> str:
    """A phone number as stored: ASCII digits, +, - and spaces, at least 7 digits."""
    phone = _as_typed(text).strip()
    if not PHONE.fullmatch(phone) or sum(c.isdigit() for c in phone) < 7:
        raise Refusal(PHONE_INVALID, field="phone")
    return phone


def postcode(text: str) -> str:
    """A postcode as stored: six ASCII digits, or empty."""
    code = _as_typed(text).strip()
    if code and not POSTCODE.fullmatch(code):
        raise Refusal("邮政编码应为6位数字", field="postcode")
    return code


def id_number(text: str, id_type: str | None) -> str:
    """An identity document's number as stored: no spaces, upper case, digits 0–9 only (other
    scripts' digits look alike and are not the same number), in the format of its kind."""
    number = re.sub(r"\s+", "", _as_typed(text)).upper()
    if any(c.isdigit() and not c.isascii() for c in number):
        raise Refusal(ID_DIGITS, field="id_number")
    pattern, message = ID_FORMATS.get(id_type or "", (None, ""))
    if pattern is not None and not pattern.fullmatch(number):
        raise Refusal(message, field="id_number")
    return number
