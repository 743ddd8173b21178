"""Reads of disclosure applications: scoped lists for staff, the applicant's own view, the clock."""

import hmac
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.calendar.rules import DayOracle, urgency, working_days_between
from gongkai.calendar.workdays import due_soon_limit, oracle
from gongkai.orgs.models import Unit, UnitKind, User
from gongkai.orgs.permissions import Action, unit_filter

from .codes import digest
from .models import InfoRequest
from .rules import STEP_LABELS, Step


def cases_visible_to(user: User, action: Action = Action.CASE_VIEW) -> QuerySet[InfoRequest]:
    """Applications the user may see: received by, handled by or co-handled by their units."""
    scope = (
        unit_filter(user, action, "receiver")
        | unit_filter(user, action, "unit")
        | unit_filter(user, action, "co_units")
    )
    ids = InfoRequest.objects.filter(scope).values("pk")
    return InfoRequest.objects.filter(pk__in=ids)


def case_list(
    *,
    user: User,
    state: str | None = None,
    due: str | None = None,
    q: str | None = None,
    today: date | None = None,
) -> QuerySet[InfoRequest]:
    today = today or timezone.localdate()
    cases = cases_visible_to(user).select_related("receiver", "unit")
    if state:
        cases = cases.filter(state=state)
    if due == "overdue":
        cases = cases.overdue(today)
    elif due == "soon":
        cases = cases.due_soon(today, due_soon_limit(today))
    if q:
        cases = cases.filter(Q(registration_no__icontains=q) | Q(subject__icontains=q))
    # Running clocks first by due date, then paused ones, then closed cases, newest first.
    return cases.order_by(
        F("closed_on").desc(nulls_first=True), F("due_on").asc(nulls_last=True), "-received_on"
    )


def case_get(*, user: User, pk: int) -> InfoRequest:
    try:
        return cases_visible_to(user).select_related("receiver", "unit").get(pk=pk)
    except InfoRequest.DoesNotExist:
        raise Http404("没有找到该申请，或您无权查看") from None


@dataclass(frozen=True)
class Countdown:
    due_on: date | None
    working_days_left: int | None
    level: str  # "overdue", "soon", "ok" or "none"

    @property
    def label(self) -> str:
        if self.due_on is None:
            return "—"
        if self.level == "overdue":
            return f"已超期 {-self.working_days_left} 个工作日"
        if self.working_days_left == 0:
            return "今日到期"
        return f"剩余 {self.working_days_left} 个工作日"


def countdown(case: InfoRequest, today: date, days: DayOracle) -> Countdown:
    if not case.is_open or case.due_on is None:
        return Countdown(case.due_on if case.is_open else None, None, "none")
    left = working_days_between(today, case.due_on, days)
    level = urgency(case.due_on, today, due_soon_limit(today, days))
    return Countdown(case.due_on, left, level.value)


def with_countdowns(cases, today: date | None = None) -> list[tuple[InfoRequest, Countdown]]:
    """Each case with its countdown, sharing one calendar for the whole page."""
    today, days = today or timezone.localdate(), oracle()
    return [(case, countdown(case, today, days)) for case in cases]


def case_for_applicant(*, registration_no: str, code: str) -> InfoRequest | None:
    """The applicant's own case, found by registration number and private query code."""
    case = (
        InfoRequest.objects.select_related("receiver")
        .filter(registration_no=registration_no.strip())
        .first()
    )
    if case is None or not hmac.compare_digest(case.query_code_digest, digest(code)):
        return None
    return case


# What the applicant sees of the case log: the steps that concern them, never staff notes.
APPLICANT_STEPS = {
    Step.RECEIVED,
    Step.CLARIFICATION_REQUESTED,
    Step.CLARIFICATION_RECEIVED,
    Step.CLARIFICATION_LAPSED,
    # The applicant learns why the due date moved, not with whom.
    Step.THIRD_PARTY_CONSULTATION_STARTED,
    Step.THIRD_PARTY_CONSULTATION_ENDED,
    Step.EXTENDED,
    Step.FEE_NOTIFIED,
    Step.FEE_PAID,
    Step.FEE_LAPSED,
    Step.REPLIED,
    Step.DELIVERED,
}


def correction_asked(case: InfoRequest) -> dict | None:
    """What the applicant was asked to correct, and by when, while a correction is awaited."""
    if case.state != "clarifying":
        return None
    asked = case.events.filter(action=Step.CLARIFICATION_REQUESTED).latest("on", "at")
    return {"items": asked.reason, "correct_by": date.fromisoformat(asked.details["correct_by"])}


def applicant_timeline(case: InfoRequest) -> list[tuple[date, str]]:
    return [
        (event.on, STEP_LABELS[Step(event.action)])
        for event in case.events.order_by("on", "at", "id")
        if event.action in APPLICANT_STEPS
    ]


# Letters to the applicant; a consultation letter goes to the third party, not to them.
APPLICANT_LETTERS = ("reply", "clarification", "extension", "fee")


def applicant_letters(case: InfoRequest):
    return case.files.filter(kind="letter", letter__in=APPLICANT_LETTERS).order_by("created_at")


def receivers() -> QuerySet[Unit]:
    """Agencies that take applications (第二十七条): governments, departments, towns."""
    return Unit.objects.filter(
        is_active=True, kind__in=[UnitKind.GOVERNMENT, UnitKind.DEPARTMENT, UnitKind.TOWN]
    ).order_by("path")


def extension_asked(case: InfoRequest):
    """The latest request for an extension (the rules say whether it still waits)."""
    return case.events.filter(action=Step.EXTENSION_REQUESTED).order_by("on", "at", "id").last()
