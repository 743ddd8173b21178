"""Staff pages of the work-plan ledger: import with preview, the plan's dashboard, tasks and
their reports, exports, assessment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.web import REFUSED, attempt, download, int_param, show_invalid, show_refusal
from gongkai.orgs.models import Unit
from gongkai.orgs.permissions import Action, can, staff_required, units_for

from . import exports, selectors, services
from .forms import (
    CloseForm,
    ImportForm,
    IndicatorForm,
    ManualScoreForm,
    MappingForm,
    ReopenForm,
    ReportForm,
    ReviewForm,
)
from .models import Import, Plan, ProgressReport, ProgressReportFile
from .rules import (
    PROGRESS_REPORT_TRANSITIONS,
    TASK_TRANSITIONS,
    ProgressReportTransition,
    TaskState,
    TaskTransition,
)


@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
    issuers = units_for(request.user, Action.PLAN_MANAGE)
    form = ImportForm(request.POST or None, request.FILES or None, issuers=issuers)
    if request.method == "POST":
        if not issuers.exists():
            raise PermissionDenied("只有政务公开办可以导入工作要点")
        if form.is_valid():
            name, content = form.content()
            try:
                draft = services.import_read(
                    actor=request.user,
                    issuer=form.cleaned_data["issuer"],
                    name=name,
                    content=content,
                )
            except REFUSED as error:
                show_refusal(error, form=form)
            else:
                return redirect("plans:preview", pk=draft.pk)
    plans = selectors.plans_visible_to(request.user).order_by("-year", "title")
    return render(
        request,
        "workplan/list.html",
        {
            "plans": plans,
            "form": form if issuers.exists() else None,
            "waiting": selectors.progress_reports_waiting(request.user)[:20],
        },
    )


@staff_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_object_or_404(Import, pk=pk, created_by=request.user)
    matches = services.import_matches(draft)
    form = MappingForm(request.POST or None, matches=matches)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.import_save(
                actor=request.user,
                draft=draft,
                mapping=services.import_mapping(draft, form.choices()),
            )
        except REFUSED as error:
            show_refusal(error, request=request, what="保存")
        else:
            messages.success(request, f"已保存《{plan.title}》，共 {plan.tasks.count()} 项任务")
            return redirect("plans:detail", pk=plan.pk)
    names = dict(
        Unit.objects.filter(pk__in={i for m in matches for i in m.unit_ids}).values_list(
            "pk", "name"
        )
    )
    rows = [
        (m, form[f"map-{i}"], [names[u] for u in m.unit_ids if u in names])
        for i, m in enumerate(matches)
    ]
    return render(
        request,
        "workplan/preview.html",
        {
            "draft": draft,
            "parsed": draft.parsed,
            "rows": rows,
            "form": form,
            "unmatched": sum(1 for m in matches if m.method == "none"),
            "existing": Plan.objects.filter(
                issuer=draft.issuer, title=draft.parsed["title"][:200]
            ).first(),
        },
    )


@staff_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    today = timezone.localdate()
    tasks = list(selectors.tasks_of(plan))
    unit = int_param(request.GET, "unit", 1, 10**12, None)
    if unit is not None:
        tasks = [t for t in tasks if unit in {u.pk for u in services.task_units(t)}]
    if request.GET.get("state") in ("open", "done"):
        tasks = [t for t in tasks if t.state == request.GET["state"]]
    board = selectors.dashboard(plan, today)
    return render(
        request,
        "workplan/plan.html",
        {
            "plan": plan,
            "board": board,
            "tasks": tasks,
            "today": today,
            "chart": selectors.chart_points(board.timeline, board.total),
            "behind": [u for u in board.units if u.total > u.done and not u.reported_this_period],
            "manage": can(request.user, Action.PLAN_MANAGE, plan.issuer),
            "unit": unit,
            "state": request.GET.get("state", ""),
            "events": plan.events.select_related("actor"),
        },
    )


@staff_required
def task_detail(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    task = get_object_or_404(selectors.tasks_of(plan), pk=task_pk)
    units = services.may_report(request.user, task)
    manage = can(request.user, Action.PLAN_MANAGE, plan.issuer)
    report_form = ReportForm(units=units, documents=selectors.evidence_choices(request.user))
    # The office is offered what the tables allow from each state, and nothing else.
    moves = TASK_TRANSITIONS.open_to(task.state) if manage else []
    reports = task.progress_reports.prefetch_related("evidence", "files").select_related("unit")
    return render(
        request,
        "workplan/task.html",
        {
            "plan": plan,
            "task": task,
            "manage": manage,
            "report_form": report_form if units and task.state == TaskState.OPEN else None,
            "close_form": CloseForm() if TaskTransition.CLOSE in moves else None,
            "reopen_form": ReopenForm() if TaskTransition.REOPEN in moves else None,
            "events": task.events.select_related("actor"),
            "reports": [(r, _review_form(r) if manage else None) for r in reports],
        },
    )


def _review_form(report: ProgressReport) -> ReviewForm | None:
    decisions = PROGRESS_REPORT_TRANSITIONS.open_to(report.state)
    return ReviewForm(decisions=decisions) if decisions else None


@staff_required
@require_POST
def task_report(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    task = get_object_or_404(plan.tasks, pk=task_pk)
    form = ReportForm(
        request.POST,
        request.FILES,
        units=services.may_report(request.user, task),
        documents=selectors.evidence_choices(request.user),
    )
    if not form.is_valid():
        show_invalid(form, request=request, what="报送")
        return redirect("plans:task", pk=pk, task_pk=task_pk)
    data = form.cleaned_data
    attempt(
        request,
        lambda: services.progress_report_submit(
            actor=request.user,
            task=task,
            unit=data["unit"],
            text=data["text"],
            evidence=list(data["evidence"]),
            files=[data["files"]] if data["files"] else [],
        ),
        done="进展已报送，等待政务公开办审核",
        what="报送",
    )
    return redirect("plans:task", pk=pk, task_pk=task_pk)


@staff_required
@require_POST
def progress_report_review(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    report = get_object_or_404(
        ProgressReport.objects.select_related("task__plan"), pk=report_pk, task__plan_id=pk
    )
    form = ReviewForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.progress_report_review(
                actor=request.user,
                report=report,
                accept=form.cleaned_data["decision"] == ProgressReportTransition.ACCEPT,
                comment=form.cleaned_data["comment"],
            ),
            done="已审核",
            what="审核",
        )
    else:
        messages.error(request, "请选择采纳或退回")
    return redirect("plans:task", pk=pk, task_pk=report.task_id)


@staff_required
@require_POST
def task_state(request: HttpRequest, pk: int, task_pk: int, action: str) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    task = get_object_or_404(plan.tasks, pk=task_pk)
    try:
        closing = TaskTransition(action) == TaskTransition.CLOSE
    except ValueError:
        raise Http404("没有这项操作") from None
    form = (CloseForm if closing else ReopenForm)(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写完整")
        return redirect("plans:task", pk=pk, task_pk=task_pk)
    change = services.task_close if closing else services.task_reopen
    attempt(
        request,
        lambda: change(actor=request.user, task=task, **form.cleaned_data),
        done="已销号" if closing else "已重新打开",
        what="销号" if closing else "重新打开",
    )
    return redirect("plans:task", pk=pk, task_pk=task_pk)


@staff_required
@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    services.plan_publish(actor=request.user, plan=plan, published=request.POST.get("on") == "1")
    messages.success(request, "已在门户公开落实情况" if plan.published else "已停止在门户公开")
    return redirect("plans:detail", pk=pk)


@staff_required
def plan_export(request: HttpRequest, pk: int, what: str) -> FileResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    tasks = list(selectors.tasks_of(plan).prefetch_related("progress_reports__evidence"))
    if what == "breakdown.xlsx":
        return download(exports.breakdown_xlsx(plan, tasks), f"{plan.title}任务分解表.xlsx")
    if what == "breakdown.docx":
        return download(exports.breakdown_docx(plan, tasks), f"{plan.title}任务分解表.docx")
    if what == "review.docx":
        site = request.build_absolute_uri("/").rstrip("/")
        return download(exports.review_docx(plan, tasks, site), f"{plan.title}回头看.docx")
    raise PermissionDenied("未知的导出格式")


@staff_required
def report_file(request: HttpRequest, uuid) -> FileResponse:
    record = get_object_or_404(ProgressReportFile.objects.select_related("report__task"), uuid=uuid)
    selectors.plan_get(user=request.user, pk=record.report.task.plan_id)
    return download(record.file.open("rb"), record.original_name, record.media_type)


@staff_required
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    manage = can(request.user, Action.PLAN_MANAGE, plan.issuer)
    indicators, rows = selectors.scores(plan)
    units = Unit.objects.filter(pk__in=[r.unit.pk for r in rows])
    indicator_form = IndicatorForm(request.POST if "add_indicator" in request.POST else None)
    score_form = ManualScoreForm(
        request.POST if "set_score" in request.POST else None,
        indicators=plan.indicators.all(),
        units=units,
    )
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("只有政务公开办可以设置考核")
        form = indicator_form if "add_indicator" in request.POST else score_form
        if form.is_valid():
            try:
                if form is indicator_form:
                    services.indicator_add(actor=request.user, plan=plan, **form.cleaned_data)
                else:
                    services.manual_score_set(actor=request.user, **form.cleaned_data)
            except REFUSED as error:
                show_refusal(error, request=request, what="保存")
            else:
                messages.success(request, "已保存")
                return redirect("plans:assessment", pk=pk)
    if request.GET.get("format") == "xlsx":
        return download(exports.scores_xlsx(plan, indicators, rows), f"{plan.title}考核.xlsx")
    return render(
        request,
        "workplan/assessment.html",
        {
            "plan": plan,
            "indicators": indicators,
            "rows": rows,
            "manage": manage,
            "indicator_form": indicator_form,
            "score_form": score_form,
        },
    )
