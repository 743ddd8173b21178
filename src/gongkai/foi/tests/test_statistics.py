"""Table 三 computed from a hand-made set of applications, with the expected figures written out."""

from datetime import date
from itertools import count

import pytest

from gongkai.foi.models import InfoRequest
from gongkai.foi.statistics import COLUMN_LABELS, repeated_subjects, table_three
from gongkai.orgs.models import Unit

pytestmark = pytest.mark.django_db
_n = count(1)


def case(receiver, received, type_, closed=None, outcome="", subject="某信息"):
    return InfoRequest.objects.create(
        registration_no=f"T{next(_n)}",
        query_code_digest="x",
        channel="online",
        receiver=receiver,
        applicant_type=type_,
        name="某",
        id_type="id_card",
        id_number="1",
        phone="1",
        subject=subject,
        delivery_form="paper",
        delivery_way="post",
        received_on=date.fromisoformat(received),
        closed_on=date.fromisoformat(closed) if closed else None,
        outcome=outcome,
        state="replied" if closed else "handling",
    )


@pytest.fixture
def dataset(district):
    gov = district.gov
    case(gov, "2025-12-20", "natural", "2026-01-10", "disclosed")  # carried over, closed in 2026
    case(gov, "2025-12-28", "business")  # carried over and carried forward
    case(gov, "2026-03-01", "natural", "2026-03-20", "partial")
    case(gov, "2026-12-30", "research")  # new, carried forward
    case(gov, "2026-05-01", "natural", "2026-05-20", "other_no_clarification")
    case(gov, "2026-06-01", "legal_service", "2026-06-15", "disclosed_published")
    case(gov, "2026-07-01", "business", "2026-07-20", "withheld_third_party")
    case(gov, "2024-01-01", "natural", "2024-02-01", "disclosed")  # another year entirely
    case(gov, "2026-02-01", "other_org", "2027-01-05", "disclosed")  # closed next year


def values(table, label):
    return table.row(label).values


def test_table_three_for_2026(dataset):
    t = table_three(2026, Unit.objects.all())
    assert COLUMN_LABELS == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert values(t, "一、本年新收政府信息公开申请数量") == [2, 1, 1, 0, 1, 1, 6]
    assert values(t, "二、上年结转政府信息公开申请数量") == [1, 1, 0, 0, 0, 0, 2]
    assert values(t, "（一）予以公开") == [1, 0, 0, 0, 1, 0, 2]  # incl. already published
    assert values(t, "（二）部分公开") == [1, 0, 0, 0, 0, 0, 1]
    assert values(t, "4.保护第三方合法权益") == [0, 1, 0, 0, 0, 0, 1]
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert values(t, label) == [1, 0, 0, 0, 0, 0, 1]
    assert values(t, "（七）总计") == [3, 1, 0, 0, 1, 0, 5]
    assert values(t, "四、结转下年度继续办理") == [0, 1, 1, 0, 0, 1, 3]
    assert t.balanced()  # 6 + 2 = 5 + 3
    assert len(t.rows) == 2 + 21 + 1 + 1


def test_every_row_of_the_format_is_there(dataset):
    labels = [r.label for r in table_three(2026, Unit.objects.all()).rows]
    assert labels[2:4] == ["（一）予以公开", "（二）部分公开"]
    assert "8.属于行政查询事项" in labels and "5.要求行政机关确认或重新出具已获取信息" in labels
    assert labels[-2:] == ["（七）总计", "四、结转下年度继续办理"]


def test_repeated_subjects_are_suggested(district):
    for subject in ["2025年招生计划", "《2025年招生计划》", "2025年 招生计划", "其他"]:
        case(district.gov, "2026-03-01", "natural", subject=subject)
    assert repeated_subjects(InfoRequest.objects.all(), 3) == [("2025年招生计划", 3)]
