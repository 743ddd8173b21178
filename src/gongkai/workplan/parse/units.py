"""Units named by a task: bracketed notes, labelled lines and role clauses, split into names.

Units in running text
    A trailing ``（责任单位：…）`` or ``(牵头单位：…；责任单位：…)``, a ``（区政府办牵头，区直各部门
    配合）`` note, a labelled note inside the text, or a separate line ``责任单位：…`` /
    ``牵头单位：…，配合单位：…``. 牵头单位 and 主办单位 are lead units; 责任单位, 责任部门,
    配合单位 and the like are responsible units.
    Lists are split on 、，,；; line breaks and spaces; 〈〉 become （）; a name broken over two
    lines is joined again; two names run together (``街道人大工委街道政协``) are separated; a
    later name without an administrative prefix takes the one of the name before it
    (``区人社局、医保局`` → ``区人社局``, ``区医保局``); group names (``各镇（街）``,
    ``区直各部门``) are left as written.
"""

from __future__ import annotations

import re

from .characters import _CLOSE, _OPEN, _SPACE_TABLE, _STRIP_PUNCT, _balanced

_LEAD_LABELS = ("牵头单位", "牵头部门", "主办单位", "主责单位", "牵头科室", "牵头")
_RESP_LABELS = (
    "责任单位",
    "责任部门",
    "责任科室",
    "责任主体",
    "配合单位",
    "配合部门",
    "协办单位",
    "参与单位",
    "协同单位",
    "落实单位",
    "实施单位",
    "承办单位",
    "负责单位",
    "负责部门",
    "负责科室",
    "责任",
    "配合",
)
_LABEL = re.compile(
    "(" + "|".join(sorted((*_LEAD_LABELS, *_RESP_LABELS), key=len, reverse=True)) + r")\s*[:：]"
)
_INNER_NOTE = re.compile(r"[（(]\s*(?=" + _LABEL.pattern + ")")
_VERB = (
    r"(?:分别)?牵头(?:落实|负责)?|按职责分工负责|按职责负责|(?:分别)?负责(?:落实)?|"
    r"(?:分别)?落实|配合(?:落实)?|参与|协助"
)
_ROLE_CLAUSE = re.compile(rf"^(?:由)?(?P<units>[^。：:]{{2,80}}?)(?P<verb>{_VERB})?$")
_TRAILING_VERB = re.compile(rf"(?:{_VERB})+$")
# Editorial remarks after a note's units: "以下工作均需……落实，不再列出".
_REMARK = re.compile(r"不再列出|下同|以下工作|以下各项")
# Notes in square brackets, read as the round ones: 【责任单位：…】, [牵头单位:…].
_SQUARE_NOTE = re.compile(
    r"[【\[［]\s*((?:" + "|".join((*_LEAD_LABELS, *_RESP_LABELS)) + r")\s*[:：][^】\]］]*)[】\]］]"
)
_UNIT_SEPARATORS = "、，,；;\n /／"
_PLACEHOLDERS = {"无", "暂无", "-", "—", "——", "－", "/", "／", "……"}
_ADMIN = ("街道", "区", "市", "县", "镇", "乡")
_NOT_ADMIN_AFTER = "场域级村"  # 市场, 区域, 县级, 乡村
_NOT_ADMIN_BEFORE = "城社园景小辖片校营商军"  # 城乡, 社区, 园区, 景区 …
_NAME_ENDINGS = "局办委部所处科室站队院会厅协心司组"
_UNIT_ENDINGS = tuple(_NAME_ENDINGS + "门位府）〕行")
_GROUP_HINTS = ("各", "有关", "相关", "所属", "直属", "全体")


def _norm_unit_brackets(text: str) -> str:
    return text.replace("〈", "（").replace("〉", "）").replace("(", "（").replace(")", "）")


def _is_group(name: str) -> bool:
    return name.startswith(("各", "全")) or any(h in name for h in _GROUP_HINTS)


def _place_prefix(name: str) -> str | None:
    """The administrative prefix a name starts with: 区, 街道, 台儿庄区 … (None for 市场监管局)."""
    for word in _ADMIN:
        if name.startswith(word):
            after = name[len(word) : len(word) + 1]
            if after and after in _NOT_ADMIN_AFTER:
                return None
            return word
    m = re.match(r"^[\u4e00-\u9fff]{2,5}?(街道|区|市|县|镇|乡)", name)
    if m is None:
        return None
    at = m.end(1) - len(m.group(1))
    after = name[m.end() : m.end() + 1]
    if name[at - 1] in _NOT_ADMIN_BEFORE or (after and after in _NOT_ADMIN_AFTER):
        return None
    return m.group(0) if len(name) - m.end() >= 2 else None


def _gives_prefix(name: str) -> str | None:
    if _is_group(name) or name.startswith(("区委", "市委", "县委")):
        return None
    return _place_prefix(name)


def _depth_split(text: str, separators: str) -> list[str]:
    parts: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in separators:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return parts


def _split_run_on(name: str) -> list[str]:
    """'街道人大工委街道政协' → two names: a name ending (委, 局 …) followed by a new prefix."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(name):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth or i - start < 3 or name[i - 1] not in _NAME_ENDINGS:
            continue
        for word in ("街道", "区", "市", "县"):
            after = name[i + len(word) : i + len(word) + 1]
            if name.startswith(word, i) and after and after not in _NOT_ADMIN_AFTER:
                if len(name) - i - len(word) >= 2:
                    out.append(name[start:i])
                    start = i
                break
    out.append(name[start:])
    return out


def split_units(text: str) -> list[str]:
    """A written list of units → names as written: split, tidied, verbs and 等 taken off. A name
    shortened in the list (医保局 after 区人社局) stays as written: `complete_names` fills in the
    prefix only where the plan itself writes the full name."""
    text = _norm_unit_brackets(text.translate(_SPACE_TABLE)).replace("\t", " ")
    pieces: list[str] = []
    for raw in _depth_split(text, _UNIT_SEPARATORS):
        piece = raw.strip()
        if not piece:
            continue
        if pieces and (piece.startswith("（") or len(piece) == 1):
            pieces[-1] += piece  # an alternative name in brackets, or a word broken at a line end
        else:
            pieces.append(piece)
    names: list[str] = []
    for piece in pieces:
        for name in _split_run_on(piece):
            for part in _after_etc(name.strip(_STRIP_PUNCT)):
                if part and part not in _PLACEHOLDERS and part not in names:
                    names.append(part)
    return names


def _after_etc(name: str) -> list[str]:
    """'市住建局等政府各有关部门' → the unit and the group; '区卫健局等有关部门' → the unit."""
    stripped = _TRAILING_VERB.sub("", name).strip(_STRIP_PUNCT)
    name = stripped if len(stripped) >= 2 else name
    head, etc, tail = name.partition("等")
    if not etc or len(head) < 3:
        return [name]
    tail = tail.strip(_STRIP_PUNCT)
    if not tail or re.fullmatch(r"(?:有关|相关)?(?:部门|单位)", tail):
        return [head]
    return [head, tail]


def complete_names(names: list[str], text: str) -> list[str]:
    """Give a shortened name the prefix of the name before it (区人社局、医保局 → 区医保局) where
    the plan's own text writes the full name; otherwise keep it as written, for the person
    mapping units to decide."""
    out: list[str] = []
    prefix: str | None = None
    for name in names:
        shortened = not (_is_group(name) or _place_prefix(name) or name.startswith(prefix or ""))
        if prefix and shortened and prefix + name in text:
            name = prefix + name
        prefix = _gives_prefix(name) or prefix
        if name not in out:
            out.append(name)
    return out


def cell_units(text: str, default: str) -> tuple[list[str], list[str]]:
    """The units in a 牵头单位 or 责任单位 cell: (lead, responsible). Labels and role clauses
    inside the cell (X牵头，Y配合) sort the names; a plain list goes to `default`."""
    found = _labelled(text) or _role_clauses(text, strict=False)
    if found is not None:
        return found
    names = split_units(text)
    return (names, []) if default == "lead" else ([], names)


def _labelled(content: str) -> tuple[list[str], list[str]] | None:
    """'牵头单位：A；责任单位：B、C' → (lead, responsible); None unless it starts with a label."""
    content = content.strip()
    matches = list(_LABEL.finditer(content))
    if not matches or matches[0].start() != 0:
        return None
    lead: list[str] = []
    resp: list[str] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(content)
        units = split_units(content[m.end() : end])
        (lead if m.group(1) in _LEAD_LABELS else resp).extend(units)
    return lead, resp


def _role_clauses(content: str, *, strict: bool = True) -> tuple[list[str], list[str]] | None:
    """'区政府办牵头，区直各部门配合' → (lead, responsible); None unless every clause fits. Names
    before a clause's verb share it (A，B负责落实); an editorial remark at the end is left out.
    `strict`: every name must end like a unit name (in running text, where a bracket may hold
    anything)."""
    lead: list[str] = []
    resp: list[str] = []
    clauses = [c.strip() for c in _depth_split(content, "，,；;。") if c.strip()]
    while clauses and _REMARK.search(clauses[-1]):
        clauses.pop()
    waiting: list[str] = []
    for clause in clauses:
        m = _ROLE_CLAUSE.match(clause)
        if m is None:
            return None
        units = split_units(m.group("units"))
        if not units or (strict and not all(u.endswith(_UNIT_ENDINGS) for u in units)):
            return None
        if m.group("verb") is None:
            waiting.extend(units)
            continue
        (lead if "牵头" in m.group("verb") else resp).extend(waiting + units)
        waiting = []
    if waiting or not (lead or resp):
        return None
    return lead, resp


def _trailing_bracket(text: str) -> tuple[int, int] | None:
    """Span of a bracketed note closing the text (trailing punctuation allowed after it)."""
    end = len(text.rstrip(" 。；;，,"))
    if end == 0 or text[end - 1] not in "）)〉":
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        if text[i] in "）)〉":
            depth += 1
        elif text[i] in "（(〈":
            depth -= 1
            if depth == 0:
                return i, end
    return None


def _take_inner_notes(text: str) -> tuple[str, list[str], list[str]]:
    """Remove labelled notes inside the text: '…公开。（责任单位：区财政局）年底前完成。'"""
    lead: list[str] = []
    resp: list[str] = []
    start = 0
    while (m := _INNER_NOTE.search(text, start)) is not None:
        depth, end = 0, None
        for i in range(m.start(), len(text)):
            if text[i] in "（(〈":
                depth += 1
            elif text[i] in "）)〉":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
        found = _labelled(text[m.start() + 1 : end - 1]) if end else None
        if end is None or found is None:
            start = m.end()
            continue
        lead, resp = lead + found[0], resp + found[1]
        text = text[: m.start()] + text[end:]
        start = m.start()
    return text.strip(), lead, resp


def _take_notes(text: str) -> tuple[str, list[str], list[str], str | None]:
    """Remove unit notes from a paragraph: (text, lead, responsible, open list kind)."""
    lead: list[str] = []
    resp: list[str] = []
    open_kind: str | None = None
    text = _SQUARE_NOTE.sub(r"（\1）", text)
    while True:
        span = _trailing_bracket(text)
        if span is None:
            break
        inner = text[span[0] + 1 : span[1] - 1]
        found = _labelled(inner) or _role_clauses(inner)
        if found is None:
            break
        lead, resp = found[0] + lead, found[1] + resp
        text = (text[: span[0]].rstrip() + text[span[1] :].strip(" ；;，,")).strip()
    text, more_lead, more_resp = _take_inner_notes(text)
    lead, resp = lead + more_lead, resp + more_resp
    for m in _LABEL.finditer(text):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in "。；;！!？?）)":
            continue
        if not _balanced(before):
            continue
        rest = text[m.start() :]
        found = _labelled(rest)
        if found is None:
            continue
        lead, resp = lead + found[0], resp + found[1]
        if rest.rstrip().endswith(("、", "，", ",")):
            last = list(_LABEL.finditer(rest))[-1].group(1)
            open_kind = "lead" if last in _LEAD_LABELS else "resp"
        text = before
        break
    return text, lead, resp, open_kind


def _merge(first: list[str], more: list[str]) -> list[str]:
    return first + [u for u in more if u not in first]
