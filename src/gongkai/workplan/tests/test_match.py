"""Matching written unit names to a district's organisation tree."""

from pathlib import Path

import pytest

from gongkai.workplan.match import UnitRecord, match_units
from gongkai.workplan.parse import parse_file

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "data" / "seeds"


def unit(id, name, kind, parent, short="", aliases=()):
    return UnitRecord(id, name, short, tuple(aliases), kind, parent)


DISTRICT = 1
DONGHU = 30
QINGSHAN = 32
UNITS = [
    unit(1, "明湖区人民政府", "government", None, "明湖区政府"),
    unit(2, "明湖区人民政府办公室", "department", 1, "区政府办"),
    unit(3, "明湖区发展和改革局", "department", 1),
    unit(4, "明湖区教育和体育局", "department", 1),
    unit(5, "明湖区科学技术局", "department", 1),
    unit(6, "明湖区工业和信息化局", "department", 1),
    unit(7, "明湖区民政局", "department", 1),
    unit(8, "明湖区司法局", "department", 1),
    unit(9, "明湖区财政局", "department", 1),
    unit(10, "明湖区人力资源和社会保障局", "department", 1),
    unit(11, "明湖区住房和城乡建设局", "department", 1),
    unit(12, "明湖区农业农村局", "department", 1),
    unit(13, "明湖区商务局", "department", 1),
    unit(14, "明湖区文化和旅游局", "department", 1),
    unit(15, "明湖区卫生健康委员会", "department", 1),
    unit(16, "明湖区退役军人事务局", "department", 1),
    unit(17, "明湖区应急管理局", "department", 1),
    unit(18, "明湖区市场监督管理局", "department", 1),
    unit(19, "明湖区医疗保障局", "department", 1),
    unit(20, "明湖区政务服务和数据管理局", "department", 1, "区政数局"),
    unit(21, "明湖区自然资源和规划局", "department", 1),
    unit(22, "明湖区地方金融监督管理局", "department", 1),
    unit(23, "明湖区生态环境分局", "department", 1),
    unit(24, "明湖区国有资产监督管理委员会", "department", 1),
    unit(25, "明湖区大数据中心", "department", 1),
    unit(30, "东湖街道办事处", "town", 1, "东湖街道"),
    unit(31, "西山街道办事处", "town", 1),
    unit(32, "青山镇人民政府", "town", 1, "青山镇"),
    unit(33, "白沙镇人民政府", "town", 1),
    unit(40, "东湖街道党政办公室", "department", 30),
    unit(41, "东湖街道经济发展办公室", "department", 30, aliases=("街道财政所",)),
    unit(42, "东湖街道人大工作委员会", "department", 30),
    unit(43, "东湖街道社会事务办公室", "department", 30),
    unit(44, "综合执法队", "department", 30),
    unit(45, "青山镇党政办公室", "department", 32),
    unit(50, "湖滨社区居民委员会", "village", 30),
    unit(51, "桃园村民委员会", "village", 32),
    unit(52, "河口村民委员会", "village", 32),
    unit(53, "山前社区居民委员会", "village", 31),
    unit(60, "明湖区城市建设投资有限公司", "enterprise", 1),
]
DEPARTMENTS = tuple(range(2, 26))
TOWNS = (30, 31, 32, 33)
DONGHU_OFFICES = (40, 41, 42, 43, 44)


def one(written, home=None, **options):
    (match,) = match_units([written], UNITS, home=home, **options)
    return match


@pytest.mark.parametrize(
    ("written", "method", "ids"),
    [
        ("明湖区财政局", "exact", (9,)),
        ("明湖区 财政局", "exact", (9,)),
        ("明湖区教育和体育局", "exact", (4,)),
        ("区政府办", "alias", (2,)),  # a short name
        ("区政数局", "alias", (20,)),
        ("东湖街道", "alias", (30,)),
        ("街道财政所", "alias", (41,)),  # an alias learnt earlier
        ("区财政局", "alias", (9,)),  # the installation's prefix dropped
        ("财政局", "alias", (9,)),
        ("区发展改革局", "alias", (3,)),
        ("发改局", "alias", (3,)),
        ("区人社局", "alias", (10,)),
        ("区人力资源社会保障局", "alias", (10,)),
        ("区卫健局", "alias", (15,)),
        ("区卫生健康局", "alias", (15,)),
        ("区市场监管局", "alias", (18,)),
        ("区住建局", "alias", (11,)),
        ("区住房城乡建设局", "alias", (11,)),
        ("区自然资源局", "alias", (21,)),
        ("政数局", "alias", (20,)),
        ("区教体局", "alias", (4,)),
        ("区科技局", "alias", (5,)),
        ("区退役军人局", "alias", (16,)),
        ("区应急局", "alias", (17,)),
        ("区医保局", "alias", (19,)),
        ("区地方金融监管局〈区金融服务中心〉", "alias", (22,)),
        ("明湖区人民政府", "exact", (1,)),
        ("区政府", "alias", (1,)),
        ("街道人大工委", "alias", (42,)),
        ("街道经济发展办（财政所）", "alias", (41,)),
        ("街道党政办", "alias", (40,)),
        ("区税务局", "none", ()),
        ("市财政局", "none", ()),  # another level of government
        ("区政府新闻办（区委宣传部）", "none", ()),
        ("", "none", ()),
    ],
)
def test_single_units(written, method, ids):
    match = one(written, home=DISTRICT)
    assert (match.method, match.unit_ids) == (method, ids)
    assert match.written == written
    assert match.confidence == (1.0 if method in ("exact", "alias") else 0.0)


@pytest.mark.parametrize(
    ("written", "unit_id", "low", "high"),
    [
        ("区国资中心", 24, 0.7, 0.8),
        ("明湖区科技创新局", 5, 0.75, 0.85),
        ("区行政审批服务局", None, 0, 0),
        ("区民宗局", None, 0, 0),  # 民族宗教事务局, not 民政局
        ("区民政部", 7, 0.7, 0.8),
    ],
)
def test_fuzzy(written, unit_id, low, high):
    match = one(written)
    if unit_id is None:
        assert match.method == "none"
        return
    assert (match.method, match.unit_ids) == ("fuzzy", (unit_id,))
    assert low <= match.confidence <= high < 1
    assert match.label == next(u.name for u in UNITS if u.id == unit_id)


def test_fuzzy_threshold():
    assert one("区国资中心", fuzzy_threshold=0.9).method == "none"


def test_different_units_with_similar_names_stay_apart():
    units = [u for u in UNITS if u.id != 9]  # no 财政局
    (match,) = match_units(["区财政局"], units)
    assert match.method == "none"  # not 民政局


def test_education_bureau_by_its_usual_name():
    units = [
        unit(1, "明湖区人民政府", "government", None),
        unit(2, "明湖区教育局", "department", 1),
    ]
    assert [m.unit_ids for m in match_units(["区教育局", "教育局"], units)] == [(2,), (2,)]


@pytest.mark.parametrize(
    ("written", "home", "ids", "label"),
    [
        ("各镇（街）", None, TOWNS, "全部镇（街道）"),
        ("各镇〈街〉", DISTRICT, TOWNS, "全部镇（街道）"),
        ("各镇街", None, TOWNS, "全部镇（街道）"),
        ("各乡镇", None, TOWNS, "全部镇（街道）"),
        ("区直各部门", DONGHU, DEPARTMENTS, "全部部门"),
        ("区政府各部门", None, DEPARTMENTS, "全部部门"),
        ("区政府有关部门单位", None, DEPARTMENTS, "全部部门"),
        ("有关部门", DISTRICT, DEPARTMENTS, "全部部门"),
        ("各部门", None, DEPARTMENTS, "全部部门"),
        ("各部门", DONGHU, DONGHU_OFFICES, "东湖街道办事处内设部门"),
        ("街道各部门", DONGHU, DONGHU_OFFICES, "东湖街道办事处内设部门"),
        ("机关各部门", QINGSHAN, (45,), "青山镇人民政府内设部门"),
        ("各村（社区）", None, (50, 51, 52, 53), "全部村（社区）"),
        ("各村居", QINGSHAN, (51, 52), "全部村（社区）"),
    ],
)
def test_groups(written, home, ids, label):
    match = one(written, home=home)
    assert (match.method, match.unit_ids, match.label) == ("group", ids, label)
    assert match.confidence == 1.0


def test_home_group_without_a_home():
    match = one("街道各部门")
    assert (match.method, match.unit_ids) == ("group", ())
    assert "未指定发文单位" in match.label


def test_ties_prefer_the_home():
    assert one("镇政府", home=QINGSHAN).unit_ids == (QINGSHAN,)
    assert one("党政办", home=QINGSHAN).unit_ids == (45,)
    assert one("党政办", home=DONGHU).unit_ids == (40,)


def test_order_is_kept():
    written = ["区财政局", "各镇（街）", "区税务局"]
    assert [m.written for m in match_units(written, UNITS)] == written


def seed_names(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    plan = parse_file(path.read_bytes(), path.name)
    names = {n: None for t in plan.tasks for n in (*t.lead_units, *t.responsible_units)}
    return list(names)


def test_seed_unit_names():
    matches = {
        **{m.written: m for m in match_units(seed_names("001"), UNITS, home=DISTRICT)},
        **{m.written: m for m in match_units(seed_names("004"), UNITS, home=DONGHU)},
    }
    unmatched = [name for name, m in matches.items() if m.method == "none"]
    print("seed unit names without a match:", "、".join(unmatched))
    assert len(matches) == 31
    assert len(unmatched) / len(matches) <= 0.15
    assert sorted(unmatched) == sorted(["街道政协", "区政府新闻办（区委宣传部）", "区委网信办"])
    expected = {
        "各镇（街）": ("group", TOWNS),
        "区发展改革局": ("alias", (3,)),
        "区商务和投资促进局": ("alias", (13,)),
        "区卫生健康局": ("alias", (15,)),
        "区地方金融监管局（区金融服务中心）": ("alias", (22,)),
        "区人力资源社会保障局": ("alias", (10,)),
        "区政府各部门单位": ("group", DEPARTMENTS),
        "街道各部门": ("group", DONGHU_OFFICES),
        "街道人大工委": ("alias", (42,)),
        "街道经济发展办（财政所）": ("alias", (41,)),
        "区政府办": ("alias", (2,)),
        "区司法局": ("alias", (8,)),
    }
    for name, (method, ids) in expected.items():
        assert (matches[name].method, matches[name].unit_ids) == (method, ids), name
    assert matches["区国资中心"].method == "fuzzy"
