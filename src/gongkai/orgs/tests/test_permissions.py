import pytest
from django.core.exceptions import ValidationError

from gongkai.core.actors import SYSTEM
from gongkai.orgs.models import Unit
from gongkai.orgs.permissions import Action, can, units_for
from gongkai.orgs.services import unit_save

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("user", "action", "expected"),
    [
        ("admin", Action.DOCUMENT_WITHDRAW, {"gov", "education", "finance", "town", "village"}),
        ("office", Action.DOCUMENT_EDIT, {"gov", "education", "finance", "town", "village"}),
        ("editor", Action.DOCUMENT_EDIT, {"education"}),
        ("editor", Action.ENFORCEMENT_PUBLISH, set()),
        ("reviewer", Action.ENFORCEMENT_PUBLISH, {"education"}),
        ("town_editor", Action.DOCUMENT_EDIT, {"town", "village"}),
        ("leader", Action.DOCUMENT_VIEW, {"gov", "education", "finance", "town", "village"}),
        ("leader", Action.DOCUMENT_EDIT, set()),
        ("citizen", Action.DOCUMENT_VIEW, set()),
    ],
)
def test_units_for(district, user, action, expected):
    names = {
        district.gov.pk: "gov",
        district.education.pk: "education",
        district.finance.pk: "finance",
        district.town.pk: "town",
        district.village.pk: "village",
    }
    units = units_for(district.users[user], action)
    assert {names[u.pk] for u in units} == expected
    for unit_id, name in names.items():
        assert can(district.users[user], action, Unit.objects.get(pk=unit_id)) == (name in expected)


def test_moving_a_unit_moves_its_subtree(district):
    town, village = district.town, district.village
    town.parent = district.education
    unit_save(actor=SYSTEM, unit=town)
    village.refresh_from_db()
    assert village.path == f"{district.gov.path}{district.education.pk}/{town.pk}/{village.pk}/"
    assert can(district.users["editor"], Action.DOCUMENT_EDIT, village)


def test_a_unit_cannot_move_under_itself(district):
    district.town.parent = district.village
    with pytest.raises(ValidationError):
        unit_save(actor=SYSTEM, unit=district.town)


def test_admin_is_for_platform_admins_only(client, district):
    client.force_login(district.users["admin"])
    for url in [
        "/admin/",
        "/admin/orgs/unit/",
        "/admin/orgs/user/",
        "/admin/calendar/calendaryear/",
        "/admin/publishing/catalogueitem/",
        "/admin/calendar/calendaryear/add/",
        "/admin/publishing/reviewstage/",
        "/admin/foi/lettertemplate/",
        "/admin/core/periodchange/add/",
        "/admin/core/configchange/",
    ]:
        assert client.get(url).status_code == 200, url
    client.force_login(district.users["office"])
    assert client.get("/admin/orgs/unit/").status_code == 302


def test_admin_edits_go_through_the_services(client, district):
    client.force_login(district.users["admin"])
    response = client.post(
        f"/admin/orgs/unit/{district.town.pk}/change/",
        {
            "name": "东湖街道办事处",
            "short_name": "",
            "kind": "town",
            "code": district.town.code,
            "parent": district.finance.pk,
            "aliases": "[]",
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    district.village.refresh_from_db()
    assert district.village.path.startswith(f"{district.finance.path}{district.town.pk}/")
