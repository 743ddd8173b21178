"""Applications arriving: through the portal or registered by staff, numbered once, however
often the same form is sent."""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.actors import PUBLIC, Actor
from gongkai.core.services import sequence_next
from gongkai.orgs.models import Unit
from gongkai.orgs.permissions import Action, require

from .. import rules
from ..codes import digest, query_code_for
from ..models import (
    InfoRequest,
)
from ..rules import Channel, Step
from .steps import derive, record

APPLICANT_FIELDS = (
    "applicant_type",
    "name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "subject",
    "doc_no",
    "description",
    "purpose",
    "delivery_form",
    "delivery_way",
)


# -- numbers -----------------------------------------------------------------------------------
def _registration_no(year: int) -> str:
    return rules.format_registration_no(year, sequence_next(f"registration_no:{year}"))


# -- intake --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Submitted:
    case: InfoRequest
    query_code: str
    created: bool


KEY_REUSED = "该提交标识已用于另一份申请，请刷新页面后重新填写"


def _repeat(
    existing: InfoRequest, key: uuid.UUID, receiver: Unit, data: dict[str, Any]
) -> Submitted:
    """A repeated submission shows the code again only when it is the same application (the
    same agency, the same applicant and request): a key reused with anything else must not
    reveal somebody else's code."""
    same = existing.receiver_id == receiver.pk and all(
        str(getattr(existing, name)) == str(data.get(name, "")) for name in APPLICANT_FIELDS
    )
    if not same:
        raise ValidationError({"key": KEY_REUSED})
    return Submitted(existing, query_code_for(key), False)


def _create(
    *,
    receiver: Unit,
    channel: Channel,
    received_on: date,
    confirmed_by: str,
    key: uuid.UUID,
    actor: Actor,
    data: dict[str, Any],
) -> Submitted:
    existing = InfoRequest.objects.filter(idempotency_key=key).first()
    if existing is not None:  # the same form sent twice: one application
        return _repeat(existing, key, receiver, data)
    code = query_code_for(key)
    case = InfoRequest(
        registration_no=_registration_no(received_on.year),
        query_code_digest=digest(code),
        channel=channel,
        receiver=receiver,
        received_on=received_on,
        receipt_confirmed_by=confirmed_by,
        idempotency_key=key,
        **{name: data.get(name, "") for name in APPLICANT_FIELDS},
    )
    case.full_clean(exclude=["query_code_digest"])
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # a concurrent duplicate submit won the race
        return _repeat(InfoRequest.objects.get(idempotency_key=key), key, receiver, data)
    record(case, actor, Step.RECEIVED, received_on, channel=channel, confirmed_by=confirmed_by)

    derive(case)
    return Submitted(case, code, True)


@transaction.atomic
def case_submit(*, receiver: Unit, key: uuid.UUID, data: dict[str, Any]) -> Submitted:
    """An application through the portal: the platform confirms receipt at once with the
    registration number, so the day of submission is the day of receipt (第三十一条第三项)."""
    today = timezone.localdate()
    return _create(
        receiver=receiver,
        channel=Channel.ONLINE,
        received_on=today,
        confirmed_by="平台自动确认",
        key=key,
        actor=PUBLIC,
        data=data,
    )


@transaction.atomic
def case_intake(
    *,
    actor: Actor,
    receiver: Unit,
    channel: Channel,
    confirmed_by: str,
    handed_in: date | None = None,
    signed_for: date | None = None,
    confirmed: date | None = None,
    data: dict[str, Any],
) -> Submitted:
    """An application that came in person, by post, fax or e-mail, registered by staff."""
    require(actor, Action.CASE_ASSIGN, receiver)
    received = rules.receipt_date(
        Channel(channel), handed_in=handed_in, signed_for=signed_for, confirmed=confirmed
    )
    return _create(
        receiver=receiver,
        channel=channel,
        received_on=received,
        confirmed_by=confirmed_by,
        key=uuid.uuid4(),
        actor=actor,
        data=data,
    )
