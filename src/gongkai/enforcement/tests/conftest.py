"""A fixed clock and a ready-made penalty decision for the enforcement tests."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.core.actors import SYSTEM
from gongkai.enforcement import services
from gongkai.enforcement.models import Decision
from gongkai.enforcement.rules import State
from gongkai.orgs.models import Role
from gongkai.orgs.services import user_create

D = date.fromisoformat

# Public text with nothing the privacy scanner reports.
CLEAN = {
    "kind": "penalty",
    "decision_no": "测教罚〔2026〕12号",
    "title": "关于某培训学校无证办学的行政处罚决定",
    "party": "测试区某某教育咨询有限公司",
    "summary": "当事人未经审批举办文化补习学校，责令停止办学，罚款人民币五万元。",
    "basis": "《中华人民共和国民办教育促进法》第六十四条",
    "decided_on": D("2026-09-30"),
}

# A valid resident ID (GB 11643 check character 1) and a mainland mobile number.
ID_NUMBER = "110101199003070011"
MOBILE = "13812345678"


@pytest.fixture(autouse=True)
def clock():
    """Friday 9 October 2026, the second working day after the National Day holiday."""
    with time_machine.travel("2026-10-09 10:00 +0800", tick=False) as traveller:
        yield traveller


def register(district, actor: str = "editor", unit=None, **overrides):
    return services.decision_register(
        actor=district.users[actor], unit=unit or district.education, **{**CLEAN, **overrides}
    )


SHANGHAI = ZoneInfo("Asia/Shanghai")
# Dates that put a decision (decided 30 September, due 15 October) in each state, chosen by hand.
DATES = {
    State.PENDING: {},
    State.PUBLISHED: {"published_at": datetime(2026, 10, 8, 10, tzinfo=SHANGHAI)},
    State.TO_WITHDRAW: {
        "published_at": datetime(2026, 10, 8, 10, tzinfo=SHANGHAI),
        "revoked_on": D("2026-10-09"),
        "withdraw_due": D("2026-10-13"),
    },
    State.WITHDRAWN: {
        "published_at": datetime(2026, 10, 8, 10, tzinfo=SHANGHAI),
        "revoked_on": D("2026-10-09"),
        "withdraw_due": D("2026-10-13"),
        "withdrawn_at": datetime(2026, 10, 9, 9, tzinfo=SHANGHAI),
        "withdraw_reason": "该决定已被复议机关撤销",
    },
    State.CLOSED: {"revoked_on": D("2026-10-09")},
}


def in_state(district, state: State, **overrides) -> Decision:
    """A decision registered with `overrides`, then given the dates of `state`."""
    decision = register(district, **overrides)
    Decision.objects.filter(pk=decision.pk).update(**DATES[state])
    decision.refresh_from_db()
    return decision


@pytest.fixture
def decision(district):
    return register(district)


@pytest.fixture
def published(district, decision):
    return services.decision_publish(actor=district.users["reviewer"], decision=decision)


@pytest.fixture
def finance_reviewer(district):
    """A reviewer of another unit: may publish, but not the education bureau's decisions."""
    return user_create(
        actor=SYSTEM,
        username="finance_reviewer",
        password="pw-finance_reviewer",
        memberships=[(district.finance, Role.REVIEWER)],
    )
