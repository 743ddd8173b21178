"""Configuration: the organisation tree, users and roles, the holiday table (ConfigChange)."""

from django.utils import timezone

from gongkai.calendar.rules import parse_schedule
from gongkai.conftest import District
from gongkai.orgs.models import LoginThrottle, Role, UnitKind
from gongkai.orgs.rules import Scope

from . import Step


def login_unlock(d: District) -> Step:
    locked = LoginThrottle.objects.create(
        scope=Scope.ACCOUNT, key="editor", failures=10, blocked_until=timezone.now()
    )
    return Step(d.users["office"], {"throttle": locked})


def unit_create(d: District) -> Step:
    return Step(
        d.users["admin"],
        {"name": "测试区审计局", "kind": UnitKind.DEPARTMENT, "code": "AUDIT", "parent": d.gov},
    )


def unit_save(d: District) -> Step:
    unit = d.finance
    unit.short_name = "区财政局"
    return Step(d.users["admin"], {"unit": unit})


def unit_alias_add(d: District) -> Step:
    return Step(d.users["office"], {"unit": d.education, "alias": "区教育局"})


def user_create(d: District) -> Step:
    # With a role: the membership is its own row with its own change, not the user's.
    return Step(
        d.users["admin"],
        {
            "username": "auditor",
            "password": "pw-auditor",
            "memberships": [(d.finance, Role.EDITOR)],
        },
    )


def membership_grant(d: District) -> Step:
    return Step(
        d.users["admin"], {"user": d.users["citizen"], "unit": d.finance, "role": Role.EDITOR}
    )


def calendar_days_set(d: District) -> Step:
    return Step(
        d.users["admin"], {"year": 2027, "days": parse_schedule("2027-01-01 放假 元旦", 2027)}
    )
