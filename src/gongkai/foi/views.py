"""Staff pages for disclosure applications: the scoped list, intake, the case and its steps."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.calendar.workdays import oracle
from gongkai.core.web import (
    REFUSED,
    attempt,
    download,
    int_param,
    page_of,
    show_invalid,
    show_refusal,
)
from gongkai.orgs.models import User
from gongkai.orgs.permissions import Action, can, staff_required, units_for

from . import archive, paperwork, selectors, services, statistics
from .letters import LetterError
from .models import CaseFile, CaseState, InfoRequest
from .rules import FIRST_YEAR, STEP_LABELS, PauseKind, Step, open_steps
from .staff_forms import (
    AssignForm,
    ClarificationForm,
    DeclineForm,
    DeliverForm,
    ExtensionForm,
    FeeForm,
    FileForm,
    IntakeForm,
    NoteForm,
    ReplyForm,
    StepForm,
    ThirdPartyConsultationEndForm,
    ThirdPartyConsultationForm,
)


@dataclass(frozen=True)
class CaseAction:
    step: Step
    form: type[forms.Form]
    run: Callable[[dict, InfoRequest, User], object]
    permission: Action = Action.CASE_HANDLE


ACTIONS: dict[str, CaseAction] = {
    "assign": CaseAction(
        Step.ASSIGNED,
        AssignForm,
        lambda d, case, user: services.case_assign(
            actor=user, case=case, unit=d["unit"], co_units=list(d["co_units"]), reason=d["reason"]
        ),
        Action.CASE_ASSIGN,
    ),
    "note": CaseAction(
        Step.NOTE,
        NoteForm,
        lambda d, case, user: services.case_note(actor=user, case=case, text=d["text"]),
    ),
    "file": CaseAction(
        Step.FILE_ADDED,
        FileForm,
        lambda d, case, user: services.case_file_add(
            actor=user, case=case, upload=d["file"], kind=d["kind"], title=d["title"]
        ),
    ),
    "clarify": CaseAction(
        Step.CLARIFICATION_REQUESTED,
        ClarificationForm,
        lambda d, case, user: services.clarification_request(
            actor=user, case=case, on=d["on"], items=d["items"], correct_by=d["correct_by"]
        ),
    ),
    "clarified": CaseAction(
        Step.CLARIFICATION_RECEIVED,
        StepForm,
        lambda d, case, user: services.clarification_receive(actor=user, case=case, on=d["on"]),
    ),
    "clarification-lapsed": CaseAction(
        Step.CLARIFICATION_LAPSED,
        StepForm,
        lambda d, case, user: services.clarification_lapse(actor=user, case=case, on=d["on"]),
    ),
    "third-party-consult": CaseAction(
        Step.THIRD_PARTY_CONSULTATION_STARTED,
        ThirdPartyConsultationForm,
        lambda d, case, user: services.third_party_consultation_start(
            actor=user, case=case, on=d["on"], party=d["party"], kind=PauseKind(d["kind"])
        ),
    ),
    "third-party-consulted": CaseAction(
        Step.THIRD_PARTY_CONSULTATION_ENDED,
        ThirdPartyConsultationEndForm,
        lambda d, case, user: services.third_party_consultation_end(
            actor=user, case=case, on=d["on"], opinion=d["opinion"]
        ),
    ),
    "extend-request": CaseAction(
        Step.EXTENSION_REQUESTED,
        ExtensionForm,
        lambda d, case, user: services.extension_request(
            actor=user, case=case, on=d["on"], days=d["days"], reason=d["reason"]
        ),
    ),
    # The head of the openness office answers (条例第三十三条第二款): not the one who asked.
    "extend": CaseAction(
        Step.EXTENDED,
        StepForm,
        lambda d, case, user: services.extension_grant(actor=user, case=case, on=d["on"]),
        Action.CASE_APPROVE,
    ),
    "extend-decline": CaseAction(
        Step.EXTENSION_DECLINED,
        DeclineForm,
        lambda d, case, user: services.extension_decline(
            actor=user, case=case, on=d["on"], reason=d["reason"]
        ),
        Action.CASE_APPROVE,
    ),
    "fee": CaseAction(
        Step.FEE_NOTIFIED,
        FeeForm,
        lambda d, case, user: services.fee_notify(
            actor=user,
            case=case,
            on=d["on"],
            by_pages=d["pages"] if d["method"] == "pages" else None,
        ),
    ),
    "paid": CaseAction(
        Step.FEE_PAID,
        StepForm,
        lambda d, case, user: services.fee_pay(actor=user, case=case, on=d["on"]),
    ),
    "fee-lapsed": CaseAction(
        Step.FEE_LAPSED,
        StepForm,
        lambda d, case, user: services.fee_lapse(actor=user, case=case, on=d["on"]),
    ),
    "reply": CaseAction(
        Step.REPLIED,
        ReplyForm,
        lambda d, case, user: services.case_reply(
            actor=user, case=case, on=d["on"], outcome=d["outcome"], detail=d["detail"]
        ),
    ),
    "deliver": CaseAction(
        Step.DELIVERED,
        DeliverForm,
        lambda d, case, user: services.case_deliver(
            actor=user, case=case, on=d["on"], way=d["way"], note=d["note"]
        ),
    ),
    "archive": CaseAction(
        Step.ARCHIVED,
        forms.Form,
        lambda d, case, user: services.case_archive(actor=user, case=case),
        Action.CASE_ASSIGN,
    ),
}


def _offered(user: User, case: InfoRequest) -> list[tuple[str, CaseAction]]:
    """The steps the transition table opens to the case now that the user may take."""
    open_now = set(open_steps(case.state, services.history(case)))
    if (asked := selectors.extension_asked(case)) and asked.actor_id == user.pk:
        open_now -= {Step.EXTENDED, Step.EXTENSION_DECLINED}  # someone else answers
    units = services.case_units(case)
    return [
        (name, a)
        for name, a in ACTIONS.items()
        if a.step in open_now and any(can(user, a.permission, u) for u in units)
    ]


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    state, due, q = request.GET.get("state"), request.GET.get("due"), request.GET.get("q", "")
    cases = selectors.case_list(user=request.user, state=state or None, due=due, q=q.strip())
    page = page_of(cases, request.GET)
    return render(
        request,
        "foi/staff/list.html",
        {
            "page": page,
            "rows": selectors.with_countdowns(page.object_list),
            "state": state,
            "due": due,
            "q": q,
            "states": CaseState.choices,
            "may_intake": units_for(request.user, Action.CASE_ASSIGN).exists(),
        },
    )


@staff_required
def case_intake(request: HttpRequest) -> HttpResponse:
    receivers = units_for(request.user, Action.CASE_ASSIGN) & selectors.receivers()
    if not receivers.exists():
        raise PermissionDenied("只有政务公开办可以登记申请")
    form = IntakeForm(request.POST or None, receivers=receivers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            result = services.case_intake(
                actor=request.user,
                receiver=data.pop("receiver"),
                channel=data.pop("channel"),
                confirmed_by=data.pop("confirmed_by"),
                handed_in=data.pop("handed_in"),
                signed_for=data.pop("signed_for"),
                confirmed=data.pop("confirmed"),
                data=data,
            )
        except REFUSED as error:
            show_refusal(error, form=form)
        else:
            # The code is shown once, on a receipt to hand or send to the applicant.
            return render(request, "foi/staff/receipt.html", {"result": result})
    return render(request, "foi/staff/intake.html", {"form": form})


@staff_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    today = timezone.localdate()
    actions = [
        (name, STEP_LABELS[a.step], a.form(prefix=name)) for name, a in _offered(request.user, case)
    ]
    return render(
        request,
        "foi/staff/case.html",
        {
            "case": case,
            "countdown": selectors.countdown(case, today, oracle()),
            "clock": services.clock_for(case),
            "events": case.events.select_related("actor").order_by("on", "at", "id"),
            "files": case.files.order_by("created_at", "id"),
            "co_units": case.co_units.all(),
            "actions": actions,
            "archivable": not case.is_open,
        },
    )


@staff_required
@require_POST
def case_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    action = ACTIONS.get(name)
    if action is None:
        raise PermissionDenied("未知的操作")
    form = action.form(request.POST, request.FILES, prefix=name)
    what = STEP_LABELS[action.step]
    if not form.is_valid():
        show_invalid(form, request=request, what=what)
        return redirect("foi_staff:case", pk=pk)
    attempt(
        request,
        lambda: action.run(form.cleaned_data, case, request.user),
        done=f"已{what}",
        what=what,
    )
    return redirect("foi_staff:case", pk=pk)


@staff_required
def case_file(request: HttpRequest, uuid) -> FileResponse:
    record = get_object_or_404(
        CaseFile.objects.filter(case__in=selectors.cases_visible_to(request.user)), uuid=uuid
    )
    if request.GET.get("format") == "pdf" and record.kind == "letter":
        try:
            content = paperwork.pdf_of(record)
        except LetterError as error:
            messages.error(request, str(error))
            return redirect("foi_staff:case", pk=record.case_id)
        return download(content, f"{record.title}.pdf")
    return download(record.file.open("rb"), f"{record.title}{record.extension}", record.media_type)


@staff_required
def case_archive_zip(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    if case.is_open:
        messages.error(request, "办结后才能导出案卷")
        return redirect("foi_staff:case", pk=pk)
    return download(archive.archive_zip(case), f"{case.registration_no}.zip")


@staff_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = int_param(request.GET, "year", FIRST_YEAR, today.year, today.year)
    cases = selectors.cases_visible_to(request.user)
    covered = statistics.units_covered(request.user, Action.CASE_VIEW)
    table = statistics.table_three(year, covered)
    return render(
        request,
        "foi/staff/statistics.html",
        {
            "year": year,
            "years": range(today.year, today.year - 6, -1),
            "table": table,
            "columns": statistics.COLUMN_LABELS,
            "months": statistics.per_month(year, statistics.received_by(covered)),
            "units": statistics.per_unit(year, cases),
            "repeated": statistics.repeated_subjects(cases, settings.FOI_REPEAT_THRESHOLD),
            "threshold": settings.FOI_REPEAT_THRESHOLD,
        },
    )
