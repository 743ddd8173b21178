"""The public side of disclosure on request: the guide, the application form, the applicant's
status page with their letters, and the deadline calculator.

Applications are never listed. An applicant sees their own case only after giving the
registration number and the private query code; the verified case is then kept in the session
for a short while, and only that case's letters can be downloaded.
"""

import time
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.actors import PUBLIC
from gongkai.core.periods import period
from gongkai.core.web import REFUSED, download, show_refusal

from . import paperwork, rules, services
from .calculator import explain
from .forms import ApplicationForm, CorrectionForm, DeadlineForm, StatusForm
from .letters import LetterError
from .limits import NOT_FOUND, WINDOW, may_apply, may_look_up
from .models import InfoRequest
from .selectors import (
    applicant_letters,
    applicant_timeline,
    case_for_applicant,
    correction_asked,
    receivers,
)

SESSION_KEY = "foi_case"
SESSION_SECONDS = 30 * 60


def too_many(request: HttpRequest, what: str) -> HttpResponse:
    response = render(request, "foi/public/too_many.html", {"what": what}, status=429)
    response["Retry-After"] = str(WINDOW)
    return response


def mask_id(number: str) -> str:
    """110101********1234: enough for the applicant to recognise, useless to anyone else."""
    if len(number) >= 12:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    if len(number) > 2:
        return number[0] + "*" * (len(number) - 2) + number[-1]
    return "*" * len(number)


# -- the guide ------------------------------------------------------------------------------
@require_GET
def guide(request: HttpRequest) -> HttpResponse:
    bands = rules.PAGE_BANDS
    page_fees = [
        (first, bands[i + 1][0] - 1 if i + 1 < len(bands) else None, price)
        for i, (first, price) in enumerate(bands)
    ]
    return render(
        request,
        "foi/public/guide.html",
        {
            "receivers": receivers(),
            "page_fees": page_fees,
            "count_fees": [
                (first, last, rules.fee_for_nth_application(first))
                for first, last in ((1, 10), (11, 30), (31, 40), (41, 50))
            ],
            "free_pages": bands[0][0] - 1,
        },
    )


# -- applying -------------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ApplicationForm(request.POST, request.FILES) if posted else ApplicationForm()
    if posted and form.is_valid():
        if not may_apply(request):
            return too_many(request, "提交申请")
        submitted = form.submit()
        if submitted is not None:
            return render(
                request,
                "foi/public/submitted.html",
                {
                    "case": submitted.case,
                    "code": submitted.query_code,
                    "again": not submitted.created,
                },
            )
    return render(request, "foi/public/apply.html", {"form": form, "reply": period("foi.reply")})


# -- the applicant's own case ----------------------------------------------------------------
def _verified_case(request: HttpRequest) -> InfoRequest | None:
    held = request.session.get(SESSION_KEY)
    if not held or held.get("until", 0) < time.time():
        return None
    return InfoRequest.objects.select_related("receiver").filter(pk=held.get("pk")).first()


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not may_look_up(request):
            return too_many(request, "查询")
        form = StatusForm(request.POST)
        if form.is_valid():
            case = case_for_applicant(
                registration_no=form.cleaned_data["registration_no"],
                code=form.cleaned_data["code"],
            )
            if case is not None:
                request.session.cycle_key()
                request.session[SESSION_KEY] = {
                    "pk": case.pk,
                    "until": time.time() + SESSION_SECONDS,
                }
                return redirect("foi:case")
            form.add_error(None, NOT_FOUND)
    else:
        form = StatusForm(initial={"registration_no": request.GET.get("no", "")})
    return render(request, "foi/public/status.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def case_view(request: HttpRequest) -> HttpResponse:
    """The applicant's case; while a correction is awaited, they can send it from here."""
    case = _verified_case(request)
    if case is None:
        return redirect("foi:status")
    form = CorrectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and case.state == "clarifying" and form.is_valid():
        try:
            services.clarification_submit(
                actor=PUBLIC,
                case=case,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["upload"],
            )
        except REFUSED as error:
            show_refusal(error, form=form, fields={"file": "upload"})
        else:
            return redirect("foi:case")
    return render(
        request,
        "foi/public/case.html",
        {
            "case": case,
            "masked_id": mask_id(case.id_number),
            "timeline": applicant_timeline(case),
            "letters": applicant_letters(case),
            "correction": correction_asked(case),
            "correction_form": form,
        },
    )


@require_POST
def case_leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("foi:status")


@never_cache
@require_GET
def letter(request: HttpRequest, uuid, fmt: str) -> HttpResponse:
    case = _verified_case(request)
    found = applicant_letters(case).filter(uuid=uuid).first() if case else None
    if found is None:
        raise Http404("没有找到该文书")
    name = found.title.replace("/", "-")
    if fmt == "docx":
        return download(found.file.open("rb"), f"{name}.docx")
    try:
        pdf = paperwork.pdf_of(found)
    except LetterError as error:
        return render(
            request,
            "foi/public/letter_unavailable.html",
            {"letter": found, "message": str(error)},
            status=503,
        )
    return download(pdf, f"{name}.pdf")


# -- the deadline calculator ----------------------------------------------------------------
@require_GET
def deadline(request: HttpRequest) -> HttpResponse:
    form = DeadlineForm(request.GET if "received" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = explain(form.question())
        except rules.RuleError as error:
            form.add_error(None, str(error))
        else:
            result = {
                **result,
                "start_day": date.fromisoformat(result["start"]),
                "due_day": date.fromisoformat(result["due"]) if result["due"] else None,
                "days": [
                    {**step, "day": date.fromisoformat(step["date"])} for step in result["steps"]
                ],
            }
    return render(
        request,
        "foi/public/deadline.html",
        {"form": form, "result": result},
    )
