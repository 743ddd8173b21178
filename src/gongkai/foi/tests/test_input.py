"""What an applicant types, through each door an application comes in by: the portal's form,
the office's intake form and the API. All three read it alike."""

import uuid

import pytest
import time_machine
from django import forms
from django.test import Client
from django.urls import reverse

from gongkai.foi.forms import ApplicationForm, CorrectionForm, StatusForm
from gongkai.foi.models import InfoRequest
from gongkai.foi.staff_forms import IntakeForm
from gongkai.orgs.models import Unit

from . import factories

pytestmark = pytest.mark.django_db
DOORS = ["portal", "intake", "api"]


@pytest.fixture(autouse=True)
def june1():
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False):
        yield


def apply(door: str, district, **overrides) -> dict[str, list[str]]:
    """Submit an application through `door`; the errors per field (none when registered)."""
    data = {**factories.APPLICANT, "receiver": district.gov.pk, **overrides}
    client = Client()
    if door == "portal":
        response = client.post(reverse("foi:apply"), {**data, "key": str(uuid.uuid4())})
        form = response.context.get("form")
        return dict(form.errors) if form is not None and form.errors else {}
    if door == "intake":
        client.force_login(district.users["office"])
        data |= {"channel": "in_person", "handed_in": "2026-06-01", "confirmed_by": "王五"}
        response = client.post(reverse("foi_staff:intake"), data)
        form = response.context.get("form")
        return dict(form.errors) if form is not None and form.errors else {}
    response = client.post("/api/v1/foi/applications", data, content_type="application/json")
    return {} if response.status_code == 201 else response.json()["errors"]


@pytest.mark.parametrize("door", DOORS)
def test_full_width_digits_are_read_as_ascii(door, district):
    errors = apply(
        door,
        district,
        phone="１３８ ００００ ００００",
        id_number="１１０１０１１９９００３０７１２３ｘ",
    )
    assert errors == {}
    case = InfoRequest.objects.get()
    assert (case.phone, case.id_number) == ("138 0000 0000", "11010119900307123X")


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "١٣٨٠٠٠٠٠٠٠٠"),  # Arabic-Indic
        ("phone", "१३८००००००००"),  # Devanagari
        ("id_number", "١١٠١٠١١٩٩٠٠٣٠٧١٢٣٤"),
        ("id_number", "߁߁߀߁߀߁߁߉߉߀߀߃߀߇߁߂߃߄"),  # NKo
    ],
)
def test_digits_other_than_ascii_are_refused(door, district, field, value):
    assert field in apply(door, district, **{field: value})
    assert not InfoRequest.objects.exists()


@pytest.mark.parametrize("id_type", ["passport", "hmt", "other"])
def test_every_kind_of_id_takes_ascii_digits_only(district, id_type):
    refused = apply("portal", district, id_type=id_type, id_number="E١٢٣٤٥٦٧٨")
    assert "id_number" in refused
    assert apply("portal", district, id_type=id_type, id_number="Ｅ１２３４５６７８") == {}
    assert InfoRequest.objects.get().id_number == "E12345678"


INVISIBLE = ["\u200b", "\u200b\u200c\u200d", "\u2060\ufeff", "\u3164", " \u00a0\u3000\u200b "]


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("blank", INVISIBLE)
def test_a_name_of_invisible_characters_is_no_name(door, district, blank):
    errors = apply(door, district, name=blank, subject=blank)
    assert errors["name"] == ["请填写姓名或名称"] if door != "intake" else "name" in errors
    assert "subject" in errors
    assert not InfoRequest.objects.exists()


@pytest.mark.parametrize("door", DOORS)
def test_invisible_characters_around_a_name_are_dropped(door, district):
    assert apply(door, district, name="\u200b张三\ufeff") == {}
    assert InfoRequest.objects.get().name == "张三"


@pytest.mark.parametrize("door", DOORS)
def test_the_description_is_bounded(door, district):
    limit = InfoRequest._meta.get_field("description").max_length
    assert limit
    assert "description" in apply(door, district, description="字" * (limit + 1))
    assert apply(door, district, description="字" * limit) == {}


def free_text(form: forms.Form) -> dict[str, forms.CharField]:
    # a UUID is bounded by its format
    return {
        name: field
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField)
    }


@pytest.mark.parametrize("form", [ApplicationForm, StatusForm, CorrectionForm])
def test_every_text_field_of_the_public_forms_is_bounded(form):
    unbounded = [name for name, field in free_text(form()).items() if not field.max_length]
    assert unbounded == []


def test_every_text_field_of_the_intake_form_is_bounded(district):
    form = IntakeForm(receivers=Unit.objects.none())
    assert [name for name, field in free_text(form).items() if not field.max_length] == []
