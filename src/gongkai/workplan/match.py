"""Matching the unit names a plan writes (区发展改革局, 各镇（街）, 街道各部门) to the units of the
organisation tree. Plain Python: no Django.

Methods, tried in this order for each written name:

group
    A collective name from `GROUPS` (data, not code): 各镇（街） → every town or street office;
    区直各部门 → the departments of the government; 街道各部门 → the departments under `home`
    (the issuing unit; empty, with a label saying so, when no home is given); 各村（社区） → the
    villages (those under `home` when it has any). The bare 各部门 / 有关部门 mean the home's own
    departments when the issuing unit is a town or street office with departments of its own,
    otherwise the government's departments.
exact
    The same name after normalising width, spaces and brackets.
alias
    A unit's short name or one of its aliases; or the same unit once the installation's place
    prefix is dropped and common abbreviations are expanded (`ABBREVIATIONS`, data):
    区教育局 = 明湖区教育局, 区发展改革局 = 明湖区发展和改革局,
    区人社局 = 明湖区人力资源和社会保障局.
    A written level (区, 街道, 镇 …) must agree with the unit's level. A name with an alternative
    in brackets (区政府新闻办（区委宣传部）) is tried whole, then each part.
fuzzy
    A similarity of the names' stems (what is left once prefix and unit type — 局, 委, 办,
    中心 … — are taken off), plus a part for the same unit type and a part for one stem
    containing the other; the best unit at or above the threshold, with that score (< 1).
none
    Nothing good enough: the office picks the unit by hand.

Among several equally good units, those under `home` come first, then those directly under a
government.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class UnitRecord:
    id: int
    name: str
    short_name: str
    aliases: tuple[str, ...]
    kind: str  # "government" | "department" | "town" | "village" | "enterprise"
    parent_id: int | None


@dataclass(frozen=True)
class Match:
    written: str
    method: str  # "exact" | "alias" | "fuzzy" | "group" | "none"
    unit_ids: tuple[int, ...]
    confidence: float
    label: str


# -- data -------------------------------------------------------------------------------------
# (scope, label, written forms). Scopes are resolved by `_SCOPES` below.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "town",
        "全部镇（街道）",
        (
            "各镇（街）",
            "各镇（街道）",
            "各镇街",
            "各镇街道",
            "各乡镇",
            "各乡镇（街道）",
            "各乡镇街道",
            "各乡（镇）",
            "各镇",
            "各街道",
            "各镇人民政府",
            "各乡镇人民政府",
            "各街道办事处",
            "各镇人民政府、街道办事处",
        ),
    ),
    (
        "department",
        "全部部门",
        (
            "区政府各部门",
            "区直各部门",
            "区直有关部门",
            "区直部门",
            "区政府有关部门",
            "区政府相关部门",
            "区直各单位",
            "区直有关单位",
            "市政府各部门",
            "市直各部门",
            "市直有关部门",
            "县政府各部门",
            "县直各部门",
            "县直有关部门",
        ),
    ),
    (
        "home_or_department",
        "全部部门",
        (
            "各部门",
            "有关部门",
            "相关部门",
            "各有关部门",
            "各相关部门",
            "各单位",
            "有关单位",
            "相关单位",
            "各有关单位",
        ),
    ),
    (
        "home",
        "本单位内设部门",
        (
            "街道各部门",
            "街道机关各部门",
            "街道各科室",
            "街道各站所",
            "机关各部门",
            "机关各科室",
            "机关各站所",
            "各科室",
            "各站所",
            "各科室站所",
            "各站所科室",
            "各内设机构",
            "镇各部门",
            "镇直各部门",
            "镇机关各部门",
            "镇各站所",
        ),
    ),
    (
        "village",
        "全部村（社区）",
        (
            "各村（社区）",
            "各村（居）",
            "各村居",
            "各村社区",
            "各村",
            "各社区",
            "各行政村",
            "各村（居）委会",
            "各村居委会",
            "各村（社区）委员会",
        ),
    ),
)

# (short form, longer forms). Longer forms are replaced by the short one before comparing.
ABBREVIATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("发改", ("发展和改革", "发展改革")),
    ("人社", ("人力资源和社会保障", "人力资源社会保障")),
    ("卫健局", ("卫生健康委员会", "卫生健康委", "卫生健康局", "卫健委", "卫生和计划生育委员会")),
    ("市场监管", ("市场监督管理",)),
    ("住建", ("住房和城乡建设", "住房城乡建设")),
    ("自然资源", ("自然资源和规划", "自然资源规划")),
    ("政数", ("政务服务和数据管理", "政务服务数据管理")),
    ("工信", ("工业和信息化", "工业信息化")),
    ("文旅", ("文化和旅游", "文化旅游", "文化广电和旅游", "文化广电旅游")),
    ("教体", ("教育和体育", "教育体育")),
    ("科技", ("科学技术",)),
    ("医保", ("医疗保障",)),
    ("应急", ("应急管理",)),
    ("退役军人", ("退役军人事务",)),
    ("城管", ("城市管理综合执法", "综合行政执法", "城市管理")),
    ("交通", ("交通运输",)),
    ("生态环境局", ("生态环境分局", "环境保护局", "环保局")),
    ("金融监管", ("地方金融监督管理", "地方金融监管", "金融监督管理")),
    ("国资委", ("国有资产监督管理委员会", "国有资产监督管理委", "国资监管委")),
    ("商务", ("商务和投资促进",)),
    ("政府办", ("人民政府办公室", "政府办公室", "人民政府办")),
    ("政府", ("人民政府",)),
    ("工委", ("工作委员会",)),
    ("办", ("办公室",)),
    ("委", ("委员会",)),
)

_ADMIN = ("街道", "区", "市", "县", "镇", "乡")
_NOT_ADMIN_AFTER = "场域级村"
_UNIT_TYPES: tuple[str, ...] = ("服务中心", "中心", "分局", "局", "委", "办", "所", "站", "队")
_UNIT_TYPES += ("院", "馆", "部", "处", "科", "室", "会", "组", "厅", "公司", "政府", "办事处")
_GENERIC = "人民|政府"  # in a stem these say nothing about which unit: 区政府新闻办 ≠ 区政府办
_GOVERNMENT_SUFFIXES = ("街道办事处", "人民政府", "办事处", "政府")


# -- normalising ------------------------------------------------------------------------------
def normalise(name: str) -> str:
    """Width, spaces and brackets made uniform: '区地方金融监管局〈区金融服务中心〉' →
    '区地方金融监管局(区金融服务中心)'."""
    name = unicodedata.normalize("NFKC", name)
    name = name.replace("〈", "(").replace("〉", ")").replace("【", "(").replace("】", ")")
    name = re.sub(r"\s+", "", name)
    return name.strip("。.；;，,、:：")


_GROUP_INDEX: dict[str, tuple[str, str]] = {
    normalise(form): (scope, label) for scope, label, forms in GROUPS for form in forms
}


def _group(written: str) -> tuple[str, str] | None:
    key = normalise(written)
    if key in _GROUP_INDEX:
        return _GROUP_INDEX[key]
    trimmed = re.sub(r"(?<=部门)单位$", "", key)  # 区政府各部门单位 = 区政府各部门
    return _GROUP_INDEX.get(trimmed)


def canonical(rest: str) -> str:
    """Abbreviations made uniform: 发展和改革局 → 发改局, 卫生健康委员会 → 卫健局."""
    for short, forms in ABBREVIATIONS:
        for form in forms:
            rest = rest.replace(form, short)
    return rest


def _bare_admin(name: str) -> str | None:
    for word in _ADMIN:
        after = name[len(word) : len(word) + 1]
        if name.startswith(word) and after and after not in _NOT_ADMIN_AFTER:
            return word
    return None


@dataclass(frozen=True)
class _Key:
    level: str | None  # 区, 街道, 镇 … or None when the name gives none
    rest: str  # canonical name without the place prefix


def _split_type(rest: str) -> tuple[str, str]:
    for suffix in _UNIT_TYPES:
        if rest.endswith(suffix) and len(rest) > len(suffix):
            return rest[: -len(suffix)], suffix
    return rest, ""


def _similarity(a: str, b: str) -> float:
    stem_a, type_a = _split_type(a)
    stem_b, type_b = _split_type(b)
    stem_a, stem_b = (re.sub(_GENERIC, "", stem) for stem in (stem_a, stem_b))
    if not stem_a or not stem_b:
        return 0.0
    ratio = SequenceMatcher(None, stem_a, stem_b).ratio()
    contains = stem_a in stem_b or stem_b in stem_a
    score = 0.6 * ratio + (0.25 if type_a == type_b else 0.0) + (0.15 if contains else 0.0)
    return min(score, 0.99)


# -- the tree ---------------------------------------------------------------------------------
class _Tree:
    def __init__(self, units: list[UnitRecord], home: int | None) -> None:
        self.units = units
        self.by_id = {u.id: u for u in units}
        self.home = home
        self.places: list[tuple[str, str]] = []  # (place prefix, level): 明湖区 → 区
        for unit in units:
            if unit.kind not in ("government", "town"):
                continue
            for name in (unit.name, unit.short_name):
                place = self._place_of(normalise(name))
                if place and place not in self.places:
                    self.places.append(place)
        self.places.sort(key=lambda p: -len(p[0]))
        self.keys: dict[int, list[_Key]] = {u.id: self._unit_keys(u) for u in units}
        self.names: dict[int, set[str]] = {u.id: {normalise(u.name)} for u in units}
        self.aliases: dict[int, set[str]] = {
            u.id: {normalise(n) for n in (u.short_name, *u.aliases) if n} for u in units
        }

    @staticmethod
    def _place_of(name: str) -> tuple[str, str] | None:
        for suffix in _GOVERNMENT_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                place = name[: -len(suffix)] + ("街道" if suffix == "街道办事处" else "")
                for word in _ADMIN:
                    if place.endswith(word):
                        return place, word
        return None

    def key(self, name: str, implied: str | None = None) -> _Key:
        for place, level in self.places:
            if name.startswith(place) and len(name) > len(place):
                return _Key(level, canonical(name[len(place) :]))
        word = _bare_admin(name)
        if word and len(name) > len(word) + 1:
            return _Key(word, canonical(name[len(word) :]))
        return _Key(implied, canonical(name))

    def _implied_level(self, unit: UnitRecord) -> str | None:
        parent = self.by_id.get(unit.parent_id) if unit.parent_id is not None else None
        while parent is not None:
            if parent.kind in ("government", "town"):
                place = self._place_of(normalise(parent.name))
                return place[1] if place else None
            parent = self.by_id.get(parent.parent_id) if parent.parent_id is not None else None
        return None

    def _unit_keys(self, unit: UnitRecord) -> list[_Key]:
        implied = self._implied_level(unit)
        names = (unit.name, unit.short_name, *unit.aliases)
        return [self.key(normalise(n), implied) for n in names if n]

    def under(self, unit_id: int, ancestor_id: int) -> bool:
        unit = self.by_id.get(unit_id)
        while unit is not None and unit.parent_id is not None:
            if unit.parent_id == ancestor_id:
                return True
            unit = self.by_id.get(unit.parent_id)
        return False

    def rank(self, ids: list[int]) -> list[int]:
        def order(unit_id: int) -> tuple[int, int]:
            unit = self.by_id[unit_id]
            parent = self.by_id.get(unit.parent_id) if unit.parent_id is not None else None
            in_home = self.home is not None and (
                unit_id == self.home or self.under(unit_id, self.home)
            )
            under_gov = parent is not None and parent.kind == "government"
            return (0 if in_home else 1 if under_gov else 2, ids.index(unit_id))

        return sorted(ids, key=order)

    def children(self, unit_id: int, kinds: tuple[str, ...]) -> list[int]:
        return [u.id for u in self.units if u.parent_id == unit_id and u.kind in kinds]

    def descendants(self, unit_id: int, kinds: tuple[str, ...]) -> list[int]:
        return [u.id for u in self.units if u.kind in kinds and self.under(u.id, unit_id)]


# -- scopes of groups -------------------------------------------------------------------------
def _departments(tree: _Tree) -> list[int]:
    governments = {u.id for u in tree.units if u.kind == "government"}
    ids = [
        u.id
        for u in tree.units
        if u.kind == "department" and (u.parent_id is None or u.parent_id in governments)
    ]
    return ids or [u.id for u in tree.units if u.kind == "department"]


def _home_departments(tree: _Tree) -> list[int]:
    if tree.home is None:
        return []
    ids = tree.children(tree.home, ("department",))
    return ids or [u.id for u in tree.units if u.parent_id == tree.home and u.kind != "village"]


def _home_or_departments(tree: _Tree) -> list[int]:
    home = tree.by_id.get(tree.home) if tree.home is not None else None
    if home is not None and home.kind != "government":
        own = tree.children(home.id, ("department",))
        if own:
            return own
    return _departments(tree)


def _towns(tree: _Tree) -> list[int]:
    return [u.id for u in tree.units if u.kind == "town"]


def _villages(tree: _Tree) -> list[int]:
    if tree.home is not None:
        own = tree.descendants(tree.home, ("village",))
        if own:
            return own
    return [u.id for u in tree.units if u.kind == "village"]


_SCOPES: dict[str, Callable[[_Tree], list[int]]] = {
    "town": _towns,
    "department": _departments,
    "home_or_department": _home_or_departments,
    "home": _home_departments,
    "village": _villages,
}


# -- matching ---------------------------------------------------------------------------------
def _alternatives(name: str) -> list[str]:
    """The whole name, then the name without its bracket, then what is in the bracket."""
    out = [name]
    outside = re.sub(r"\([^()]*\)", "", name)
    if outside != name and outside:
        out.append(outside)
    out.extend(inner for inner in re.findall(r"\(([^()]*)\)", name) if len(inner) >= 2)
    return out


def _label(tree: _Tree, ids: list[int]) -> str:
    return "、".join(tree.by_id[i].name for i in ids)


def _match_one(written: str, tree: _Tree, threshold: float) -> Match:
    group = _group(written)
    if group is not None:
        scope, label = group
        ids = _SCOPES[scope](tree)
        if scope == "home" and tree.home is None:
            label += "（未指定发文单位，无法展开）"
        elif scope in ("home", "home_or_department") and tree.home in tree.by_id:
            home = tree.by_id[tree.home]
            if (
                home.kind != "government"
                and ids
                and all(tree.by_id[i].parent_id == home.id for i in ids)
            ):
                label = f"{home.name}内设部门"
        return Match(written, "group", tuple(ids), 1.0, label)
    name = normalise(written)
    if not name:
        return Match(written, "none", (), 0.0, "未匹配")
    alternatives = _alternatives(name)
    for method, table in (("exact", tree.names), ("alias", tree.aliases)):
        for alt in alternatives:
            ids = tree.rank([u.id for u in tree.units if alt in table[u.id]])
            if ids:
                return Match(written, method, (ids[0],), 1.0, _label(tree, ids[:1]))
    for alt in alternatives:
        key = tree.key(alt)
        ids = tree.rank(
            [
                u.id
                for u in tree.units
                if any(_same_level(key, k) and k.rest == key.rest for k in tree.keys[u.id])
            ]
        )
        if ids:
            return Match(written, "alias", (ids[0],), 1.0, _label(tree, ids[:1]))
    best: tuple[float, int] | None = None
    for alt in alternatives:
        key = tree.key(alt)
        for unit in tree.units:
            score = max(
                (_similarity(key.rest, k.rest) for k in tree.keys[unit.id] if _same_level(key, k)),
                default=0.0,
            )
            if score >= threshold and (best is None or score > best[0]):
                best = (score, unit.id)
    if best is not None:
        return Match(written, "fuzzy", (best[1],), round(best[0], 3), _label(tree, [best[1]]))
    return Match(written, "none", (), 0.0, "未匹配")


def _same_level(a: _Key, b: _Key) -> bool:
    return a.level is None or b.level is None or a.level == b.level


def group_units(scope: str, units: list[UnitRecord], *, home: int | None = None) -> tuple[int, ...]:
    """The units a group stands for when `home` issues the plan, as `match_units` resolves it:
    "village" under a town is that town's villages, not every village of the installation."""
    return tuple(_SCOPES[scope](_Tree(units, home)))


def match_units(
    written: list[str],
    units: list[UnitRecord],
    *,
    home: int | None = None,
    fuzzy_threshold: float = 0.6,
) -> list[Match]:
    """One match for each written name, in the same order."""
    tree = _Tree(units, home)
    return [_match_one(name, tree, fuzzy_threshold) for name in written]
