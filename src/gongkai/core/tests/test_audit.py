"""Configuration changes are audited with their values before and after, who and when; and no
write runs without an actor."""

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.calendar.rules import parse_schedule
from gongkai.calendar.services import calendar_days_set
from gongkai.core.actors import PUBLIC, SYSTEM, ActorKind
from gongkai.core.models import ConfigChange
from gongkai.orgs.models import Role, UnitKind
from gongkai.orgs.services import membership_grant, unit_create, unit_save, user_create
from gongkai.publishing import services as publishing

pytestmark = pytest.mark.django_db


def changes_of(instance) -> list[ConfigChange]:
    label = instance._meta.label_lower
    return list(ConfigChange.objects.filter(target_type=label, target_id=str(instance.pk)))


def test_a_unit_created_and_moved_keeps_both_values(district):
    admin = district.users["admin"]
    unit = unit_create(actor=admin, name="测试区审计局", kind=UnitKind.DEPARTMENT, code="AUD1")
    unit.parent = district.gov
    unit_save(actor=admin, unit=unit)
    created, moved = changes_of(unit)
    assert (created.action, created.actor, created.before) == ("created", admin, None)
    assert created.after["name"] == "测试区审计局" and created.after["parent_id"] is None
    assert moved.action == "changed" and moved.area == "机构"
    # Only what changed: the parent, and the path that follows it.
    assert moved.before == {"parent_id": None, "path": f"/{unit.pk}/"}
    assert moved.after == {"parent_id": district.gov.pk, "path": f"{district.gov.path}{unit.pk}/"}


def test_a_role_granted_is_audited_and_a_password_never_is(district):
    user = user_create(actor=SYSTEM, username="新用户", password="secret-pw-1")
    membership = membership_grant(actor=SYSTEM, user=user, unit=district.finance, role=Role.EDITOR)
    (created,) = changes_of(user)
    assert created.actor_kind == ActorKind.SYSTEM and created.by == "系统"
    assert "password" not in created.after and "secret" not in str(created.after)
    (granted,) = changes_of(membership)
    assert granted.after["role"] == "editor" and granted.after["unit_id"] == district.finance.pk


def test_only_the_platform_admin_or_the_operator_configures(district):
    for name in ("office", "editor"):
        with pytest.raises(PermissionDenied):
            unit_create(actor=district.users[name], name="某局", kind=UnitKind.DEPARTMENT, code="X")
    with pytest.raises(PermissionDenied):
        unit_create(actor=PUBLIC, name="某局", kind=UnitKind.DEPARTMENT, code="X")
    assert not ConfigChange.objects.filter(target="某局").exists()


def test_a_years_holidays_are_audited_day_by_day(district):
    calendar_days_set(actor=SYSTEM, year=2027, days=parse_schedule("2027-01-01 放假 元旦", 2027))
    entry = calendar_days_set(
        actor=SYSTEM,
        year=2027,
        days=parse_schedule("2027-01-01 放假 元旦\n2027-01-02 放假 元旦", 2027),
        source_document="国务院办公厅通知",
    )
    first, second = changes_of(entry)
    assert first.after["days"] == ["2027-01-01 放假 元旦"]
    assert second.before == {"source_document": "", "days": ["2027-01-01 放假 元旦"]}
    assert second.after["days"] == ["2027-01-01 放假 元旦", "2027-01-02 放假 元旦"]


def test_the_admins_edits_are_audited_too(client, district):
    client.force_login(district.users["admin"])
    response = client.post(
        "/admin/core/periodchange/add/",
        {"key": "foi.reply", "amount": 15, "unit": "working_days", "source": "某地方规定"},
    )
    assert response.status_code == 302
    (change,) = ConfigChange.objects.filter(target_type="core.periodchange")
    assert change.actor == district.users["admin"] and change.after["amount"] == 15
    assert client.get("/admin/core/configchange/").status_code == 200
    client.force_login(district.users["office"])
    assert client.get("/admin/core/configchange/").status_code == 302


@pytest.mark.parametrize("actor", [None, "anonymous"])
def test_no_write_runs_without_an_actor(district, actor):
    from django.contrib.auth.models import AnonymousUser

    nobody = AnonymousUser() if actor == "anonymous" else None
    with pytest.raises((TypeError, PermissionDenied)):
        publishing.document_create(
            actor=nobody,
            issuer=district.education,
            title="无名",
            body="正文",
            topic="02",
            genre="notice",
        )
    with pytest.raises(TypeError):
        unit_create(actor=None, name="某局", kind=UnitKind.DEPARTMENT, code="X")
