"""The privacy and secret guard's scanner: personal data and classification marks in text that
is about to be published.

`scan` finds resident ID numbers, mainland mobile numbers, bank card numbers, email addresses and
classification marks; `mask` and `apply_masks` produce the text with the findings covered;
`scan_file` extracts the text of an uploaded file first.

Digits may be half-width or full-width (０-９): findings report the text exactly as written and
offsets are Python str indices into the scanned string.

Masks (what `mask` returns):

- resident ID: the first 6 and last 4 characters kept, the 8 birth-date digits starred
  (140425198801010024 → 140425********0024);
- mobile: digits 4 to 7 of the 11-digit number starred, any +86 prefix and the spaces or
  hyphens kept (13812345678 → 138****5678, +86 138-1234-5678 → +86 138-****-5678);
- bank card: the first 4 and last 4 digits kept, every digit between starred, spaces and hyphens
  kept where they were, so the length and grouping do not change
  (6222 0212 3456 7890 → 6222 **** **** 7890);
- email: the first character of the local part and the whole domain kept, the rest of the local
  part starred (zhangsan@example.com → z*******@example.com); a one-character local part is
  starred entirely;
- classification mark: not starred but replaced by the visible note "[已删除密级标志]" (a
  ★ mark such as 秘密★1年) or "[已删除内部标注]" (a phrase such as 内部资料), so that a reader
  and the audit log see that something was taken out. Removing the mark does not declassify the
  document: publishing it still needs the reviewer's decision.

Plain-Python rule module: no Django imports, so it can be tested and reused without settings.
"""

import bisect
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Final

from gongkai.core.refusals import Refusal

from .ingest import HEAD_BYTES, IMAGE_KINDS, UNSUPPORTED, IngestError, ingest, sniffs


class Kind(StrEnum):
    ID_CARD = "id_card"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"
    EMAIL = "email"
    SECRET_MARK = "secret_mark"  # noqa: S105 (a kind name, not a password)

    @property
    def label(self) -> str:
        """The Chinese name shown to staff."""
        return _LABELS[self]


_LABELS: Final = {
    Kind.ID_CARD: "身份证号码",
    Kind.MOBILE: "手机号码",
    Kind.BANK_CARD: "银行卡号",
    Kind.EMAIL: "电子邮箱",
    Kind.SECRET_MARK: "密级标志",
}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    text: str  # the matched text exactly as in the input
    start: int  # offsets into the input string (Python str indices)
    end: int

    def to_json(self) -> dict[str, str | int]:
        return {"kind": self.kind.value, "text": self.text, "start": self.start, "end": self.end}


class ScanError(Refusal):
    """A file that cannot be scanned; str(error) is the Chinese message for staff."""


# --- patterns ------------------------------------------------------------------------------

_D: Final = "[0-9０-９]"  # a digit, half-width or full-width
_TO_ASCII: Final = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")
# Digits and letters (half- and full-width) that would make a number part of a longer code.
_ALNUM: Final = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
_NOT_AFTER: Final = f"(?<![{_ALNUM}])"
_NOT_BEFORE: Final = f"(?![{_ALNUM}])"

# GB 11643-1999 (公民身份号码): 6-digit area code, 8-digit birth date, 3-digit sequence, check
# character. Area codes start with 1-8 (GB/T 2260 regions 1-6, 7 Taiwan, 8 Hong Kong and Macao).
_ID_RE: Final = re.compile(rf"{_NOT_AFTER}[1-8１-８]{_D}{{16}}[0-9０-９XxＸｘ]{_NOT_BEFORE}")
# The same number written in groups: 6-8-4 (area, birth date, sequence and check) or 4-4-4-4-2,
# separated by spaces or hyphens, one kind of separator throughout.
_ID_GROUPED_RE: Final = re.compile(
    rf"{_NOT_AFTER}(?:[1-8１-８]{_D}{{5}}(?P<a>[ \-]){_D}{{8}}(?P=a){_D}{{3}}"
    rf"|[1-8１-８]{_D}{{3}}(?P<b>[ \-]){_D}{{4}}(?P=b){_D}{{4}}(?P=b){_D}{{4}}(?P=b){_D})"
    rf"[0-9０-９XxＸｘ]{_NOT_BEFORE}"
)
# First-generation numbers (1984-1999): 15 digits, area, YYMMDD birth date in the 1900s and a
# 3-digit sequence, no check character; so the area must be a province's and the date real.
_ID15_RE: Final = re.compile(rf"{_NOT_AFTER}[1-8１-８]{_D}{{14}}{_NOT_BEFORE}")
# GB/T 2260 province-level codes (71 Taiwan, 81 Hong Kong, 82 Macao).
_PROVINCES: Final = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
# Codes of organisations and documents that look like ID numbers: the words before them say so.
_NOT_A_PERSON: Final = re.compile(
    r"(?:信用代码|机构代码|注册号|识别号|税号|编号|编码|代码|索引号|单号|文号|账号|帐号)"
    r"[ \u3000]*[:：]?[ \u3000]*$"
)
# GB 11643-1999 check code (ISO 7064 MOD 11-2): weights of the 17 digits; remainder → character.
_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK: Final = "10X98765432"
_EARLIEST_BIRTH: Final = date(1900, 1, 1)
# China Standard Time (UTC+8, no daylight saving) decides what "today" is for birth dates.
_CST: Final = timezone(timedelta(hours=8))

# Mobile numbers: 11 digits 1[3-9]xxxxxxxxx (MIIT 《电信网编号计划》, mobile network numbers),
# optionally with the +86 / 0086 / 86 country code (ITU-T E.164) and written 3-4-4.
_MOBILE_RE: Final = re.compile(
    rf"{_NOT_AFTER}(?:(?:[+＋]|00)?86[ \-]?)?"
    rf"[1１][3-9３-９]{_D}(?P<sep>[ \-]?){_D}{{4}}(?P=sep){_D}{{4}}{_NOT_BEFORE}"
)

# Bank cards: ISO/IEC 7812 PANs of 16-19 digits, written plain or in groups of 4 separated by
# spaces or hyphens (the grouping embossed on cards); a grouped number must not continue with
# another group.
_CARD_RE: Final = re.compile(
    rf"{_NOT_AFTER}(?:{_D}{{16,19}}{_NOT_BEFORE}"
    rf"|(?<!{_D}[ \-]){_D}{{4}}(?P<sep>[ \-]){_D}{{4}}(?:(?P=sep){_D}{{4}}){{2}}"
    rf"(?:(?P=sep){_D}{{1,3}})?{_NOT_BEFORE}(?!(?P=sep){_D}))"
)
# Issuer prefixes (ISO/IEC 7812 IIN ranges as the schemes publish them) and the PAN lengths each
# scheme issues: (lowest prefix, highest prefix, lengths, scheme). Numbers outside this table,
# such as order numbers starting with a year, are not reported as cards.
_CARD_PREFIXES: Final[tuple[tuple[str, str, frozenset[int], str], ...]] = (
    ("62", "62", frozenset(range(16, 20)), "银联 UnionPay"),
    ("60", "60", frozenset(range(16, 20)), "国内发卡行及 Discover 6011"),
    ("644", "659", frozenset(range(16, 20)), "Discover"),
    ("4", "4", frozenset({16, 19}), "Visa"),
    ("51", "55", frozenset({16}), "Mastercard"),
    ("2221", "2720", frozenset({16}), "Mastercard 2 系列"),
    ("3528", "3589", frozenset(range(16, 20)), "JCB"),
    ("9558", "9558", frozenset({19}), "工商银行旧版借记卡"),
    ("95599", "95599", frozenset({19}), "农业银行旧版借记卡"),
)

# Email: RFC 5322 addr-spec, lite: a dot-atom ASCII local part, a domain of LDH labels
# (RFC 1035) with at least one dot and an alphabetic top-level label.
_EMAIL_RE: Final = re.compile(
    r"(?<![A-Za-z0-9._%+\-@])"
    r"(?P<local>[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*)"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"(?![A-Za-z0-9_\-@]|\.[A-Za-z0-9])"
)
# URLs (RFC 3986, ASCII form): an address inside one (path, query, user info) is part of a
# link, not a contact address, unless written as mailto:, which has no "//" and is not matched.
_URL_RE: Final = re.compile(r"(?<![A-Za-z0-9+.\-])(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[!-~]+")

# Classification marks as GB/T 9704-2012 (党政机关公文格式) prints them, 密级★保密期限, for the
# three grades of 《中华人民共和国保守国家秘密法》: 绝密/机密/秘密, ★ (or ☆, *), an optional term.
_TERM: Final = (
    rf"启用前|长期|{_D}{{4}}年{_D}{{1,2}}月{_D}{{1,2}}日前?"
    rf"|(?:{_D}{{1,2}}|[一二三四五六七八九十]{{1,3}})[ \u3000]*(?:年|个月)"
)
_LEVEL: Final = "(?:绝密|机密|秘密)"
_STAR: Final = r"(?:[★☆]|[*＊](?![*＊]))"  # an asterisk doubled ("秘密**") is typed emphasis
_MARK_RE: Final = re.compile(
    rf"{_LEVEL}[ \u3000]*{_STAR}[ \u3000]*(?:{_TERM})?"  # 秘密★1年
    rf"|[★☆][ \u3000]*{_LEVEL}(?:[ \u3000]*(?:{_TERM}))?"  # ★机密
    rf"|密级[ \u3000]*[:：][ \u3000]*{_LEVEL}(?:[ \u3000]*{_STAR}[ \u3000]*(?:{_TERM})?)?"
    # A release note: always a mark, in brackets (此件主动公开 is its opposite).
    r"|[（(][ \u3000]*此件不予?公开[ \u3000]*[）)]"
)
# Internal-circulation notes: not 密级 under the law but the customary notes printed on documents
# not meant for the public. The same words are ordinary nouns in running text ("不得以内部资料为由
# 拒绝公开", "清理内部文件", "请注意保存收据"), so a word counts only where it stands as a note:
# on a line of notes alone, in brackets, next to another note or mark, or declared of the
# document ("本件为内部资料"). 内部资料性出版物 is a category of publication, never a note.
_INTERNAL_RE: Final = re.compile(
    r"内部资料(?!性)|内部使用|内部文件|仅供内部参阅|不得外传|请勿外传|注意保存|此件不予?公开"
)
_NOTE_GAP: Final = re.compile(r"[ \u3000\t，,、；;。:：]{0,3}")
_DECLARED: Final = re.compile(r"(?:本文件|本件|此件|本材料|该文件)(?:为|系|属)[ \u3000]*$")
_NOTE_LINE_FILLER: Final = re.compile(r"[ \u3000\t（）()【】\[\]，,、；;。:：★☆]*")
_GRADES: Final = ("绝密", "机密", "秘密")

MARK_NOTE: Final = "[已删除密级标志]"
INTERNAL_NOTE: Final = "[已删除内部标注]"


# --- checks --------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    return text.translate(_TO_ASCII)


_DIGIT_CHARS: Final = frozenset("0123456789０１２３４５６７８９")


def _digits(text: str) -> str:
    return _ascii("".join(c for c in text if c in _DIGIT_CHARS))


def _today() -> date:
    return datetime.now(_CST).date()


def id_check_character(first17: str) -> str:
    """The GB 11643-1999 check character ("0"-"9" or "X") of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _is_id(number: str) -> bool:
    number = _ascii(number).upper()
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:  # 19991332: month 13
        return False
    if not _EARLIEST_BIRTH <= birth <= _today():
        return False
    return id_check_character(number[:17]) == number[17]


def _is_id15(number: str) -> bool:
    number = _ascii(number)
    if number[:2] not in _PROVINCES:
        return False
    try:
        birth = date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return birth <= date(1999, 12, 31)


def luhn_valid(digits: str) -> bool:
    """ISO/IEC 7812-1 Annex B (Luhn): every second digit from the right doubled, sum % 10 == 0."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card_prefix_ok(digits: str) -> bool:
    return any(
        low <= digits[: len(low)] <= high and len(digits) in lengths
        for low, high, lengths, _ in _CARD_PREFIXES
    )


def _is_card(text: str) -> bool:
    digits = _digits(text)
    return 16 <= len(digits) <= 19 and _card_prefix_ok(digits) and luhn_valid(digits)


# An account held by an organisation, as tender notices and fee notices print it: the holder's
# name, ending like an organisation's, written near the number. Not personal data.
_ORG_HOLDER: Final = re.compile(
    r"(?:户名|收款单位|收款人|开户名称|账户名称|单位名称)[ \u3000]*[:：][ \u3000]*"
    r"[^\s，,。；;:：]{2,40}?(?:公司|局|中心|委员会|院|所|厂|政府|办公室|学校|医院|合作社|协会|站|队|处|部|馆|社|行)"
    r"(?![\u4e00-\u9fff])"
)


def _an_organisations_account(text: str, number: re.Match[str]) -> bool:
    return bool(_ORG_HOLDER.search(text[max(0, number.start() - 80) : number.end() + 80]))


def _in_url(start: int, end: int, urls: list[tuple[int, int]]) -> bool:
    return any(u_start <= start and end <= u_end for u_start, u_end in urls)


# --- scan ----------------------------------------------------------------------------------

# When two candidates overlap, the longer one wins; on equal spans, the earlier kind in this
# order (the more specific one): an 18-digit ID that passes Luhn is an ID, not a card.
_PRIORITY: Final = (Kind.ID_CARD, Kind.BANK_CARD, Kind.MOBILE, Kind.EMAIL, Kind.SECRET_MARK)


def _candidates(text: str) -> Iterator[Finding]:
    def found(kind: Kind, m: re.Match[str]) -> Finding:
        return Finding(kind, m.group(), m.start(), m.end())

    def personal(m: re.Match[str]) -> bool:
        return not _NOT_A_PERSON.search(text[max(0, m.start() - 12) : m.start()])

    ids = (m for m in _ID_RE.finditer(text) if _is_id(m.group()))
    grouped = (m for m in _ID_GROUPED_RE.finditer(text) if _is_id(re.sub(r"[ \-]", "", m.group())))
    old_ids = (m for m in _ID15_RE.finditer(text) if _is_id15(m.group()))
    yield from (found(Kind.ID_CARD, m) for m in (*ids, *grouped, *old_ids) if personal(m))
    yield from (found(Kind.MOBILE, m) for m in _MOBILE_RE.finditer(text))
    cards = (m for m in _CARD_RE.finditer(text) if _is_card(m.group()))
    yield from (found(Kind.BANK_CARD, m) for m in cards if not _an_organisations_account(text, m))
    if "@" in text:
        urls = [m.span() for m in _URL_RE.finditer(text)]
        emails = (m for m in _EMAIL_RE.finditer(text) if not _in_url(*m.span(), urls))
        yield from (found(Kind.EMAIL, m) for m in emails)
    marks = [found(Kind.SECRET_MARK, m) for m in _MARK_RE.finditer(text)]
    yield from marks
    yield from _internal_notes(text, marks)


def _internal_notes(text: str, marks: list[Finding]) -> Iterator[Finding]:
    words = [
        Finding(Kind.SECRET_MARK, m.group(), m.start(), m.end())
        for m in _INTERNAL_RE.finditer(text)
    ]
    spans = [(f.start, f.end) for f in (*marks, *words)]
    for word in words:
        if _stands_as_note(text, word, spans):
            yield word


def _stands_as_note(text: str, word: Finding, spans: list[tuple[int, int]]) -> bool:
    line_start = text.rfind("\n", 0, word.start) + 1
    line_end = text.find("\n", word.end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    if not _NOTE_LINE_FILLER.sub("", _INTERNAL_RE.sub("", _MARK_RE.sub("", line))):
        return True  # a line of notes alone
    before, after = text[line_start : word.start], text[word.end : line_end]
    if before.rstrip(" \u3000").endswith(("（", "(", "【", "[")) and after.lstrip(
        " \u3000"
    ).startswith(("）", ")", "】", "]")):
        return True
    for start, end in spans:  # next to another note or mark
        if end <= word.start and _NOTE_GAP.fullmatch(text[end : word.start]):
            return True
        if start >= word.end and _NOTE_GAP.fullmatch(text[word.end : start]):
            return True
    return bool(_DECLARED.search(before))


def scan(text: str) -> list[Finding]:
    """Personal data and classification marks in `text`, sorted by start, never overlapping."""
    candidates = sorted(
        _candidates(text), key=lambda f: (f.start - f.end, _PRIORITY.index(f.kind), f.start)
    )
    kept: list[Finding] = []  # sorted by start and, as they never overlap, by end too
    starts: list[int] = []
    for candidate in candidates:
        i = bisect.bisect_left(starts, candidate.end)  # kept[:i] start before candidate ends
        if i and kept[i - 1].end > candidate.start:
            continue
        kept.insert(i, candidate)
        starts.insert(i, candidate.start)
    return kept


# --- mask ----------------------------------------------------------------------------------


def _star_digits(text: str, keep: Callable[[int, int], bool]) -> str:
    """`text` with each digit starred unless keep(index among the digits, digit count)."""
    count = len(_digits(text))
    out: list[str] = []
    index = 0
    for c in text:
        if c in _DIGIT_CHARS:
            out.append(c if keep(index, count) else "*")
            index += 1
        else:
            out.append(c)
    return "".join(out)


def mask(finding: Finding) -> str:
    """The text that replaces `finding` when it is masked (see the module docstring)."""
    text = finding.text
    match finding.kind:
        case Kind.ID_CARD:
            # The birth date is starred; the area code and the last four characters (the last
            # three digits of a 15-digit number) stay, and so do the spaces of a grouped one.
            tail = 3 if len(_digits(text)) == 15 else 4 - (not text[-1].isdigit())
            return _star_digits(text, lambda i, n: i < 6 or i >= n - tail)
        case Kind.MOBILE:
            # The national number is the last 11 digits; its 4th to 7th digits are starred.
            return _star_digits(text, lambda i, n: not n - 8 <= i < n - 4)
        case Kind.BANK_CARD:
            return _star_digits(text, lambda i, n: i < 4 or i >= n - 4)
        case Kind.EMAIL:
            local, _, domain = text.rpartition("@")
            shown = local[:1] if len(local) > 1 else ""
            return shown + "*" * (len(local) - len(shown)) + "@" + domain
        case Kind.SECRET_MARK:
            return MARK_NOTE if any(grade in text for grade in _GRADES) else INTERNAL_NOTE


def apply_masks(text: str, findings: list[Finding]) -> str:
    """`text` with each finding replaced by mask(finding).

    The findings must come from scanning this very text and must not overlap (as `scan` returns
    them); anything else raises ValueError rather than garbling the text.
    """
    pieces: list[str] = []
    end = len(text)  # right to left: each finding is replaced where the original text has it
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        if f.end > end or f.start < 0 or text[f.start : f.end] != f.text:
            raise ValueError(f"finding {f.text!r} at {f.start}-{f.end} does not fit the text")
        pieces += (text[f.end : end], mask(f))
        end = f.start
    pieces.append(text[:end])
    return "".join(reversed(pieces))


# --- files ---------------------------------------------------------------------------------

EMPTY_FILE: Final = "文件为空，没有可扫描的内容"
UNSUPPORTED_FILE: Final = "不支持的文件类型：只能扫描 TXT、PDF、DOCX、XLSX 文件"
IMAGE_FILE: Final = "图片中的文字无法读取（不做文字识别），请提供 TXT、PDF、DOCX 或 XLSX 文件"
UNDECODABLE_TXT: Final = "无法识别文本文件的编码：请另存为 UTF-8 或 GB18030 编码的 TXT 文件"
TEXT_SUFFIXES: Final = (".txt",)


def decode_text(data: bytes) -> str:
    """A text file's content: UTF-8 (a byte order mark is dropped), else GB18030."""
    if b"\x00" in data:  # UTF-16 or a binary file; neither decodes sensibly
        raise ScanError(UNDECODABLE_TXT)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ScanError(UNDECODABLE_TXT)


def file_text(data: bytes, name: str) -> str:
    """The text `scan_file` scans: a PDF, DOCX or XLSX (recognised by content, whatever the
    name) as the attachment pipeline extracts and normalises it; otherwise, for a name ending in
    .txt, the decoded file as it is."""
    if not data:
        raise ScanError(EMPTY_FILE)
    if not sniffs(data[:HEAD_BYTES]) and name.lower().endswith(TEXT_SUFFIXES):
        return decode_text(data)
    try:
        result = ingest(io.BytesIO(data), size=len(data), max_bytes=len(data))
    except IngestError as e:
        raise ScanError(UNSUPPORTED_FILE if str(e) == UNSUPPORTED else str(e)) from e
    if result.detected.kind in IMAGE_KINDS:
        raise ScanError(IMAGE_FILE)
    return result.text


def scan_file(data: bytes, name: str) -> list[Finding]:
    """Scan an uploaded file's text (see `file_text`).

    Offsets are into the extracted text, not into the file: for PDF, DOCX and XLSX that is the
    attachment pipeline's normalised text (gongkai.core.ingest: spaces collapsed, blank lines
    dropped, table cells tab-separated), the same text stored on the attachment; for TXT the
    decoded text. Raises ScanError (a ValueError with a Chinese message) for empty, damaged,
    encrypted or unsupported files and for images.
    """
    return scan(file_text(data, name))
