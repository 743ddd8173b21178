"""重点工作落实情况: a published plan's progress on the portal (no personal data is involved)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Plan
from .rules import ProgressReportState
from .selectors import chart_points, dashboard, published_plans, tasks_of


def progress_list(request: HttpRequest) -> HttpResponse:
    return render(request, "workplan/public/list.html", {"plans": published_plans()})


def progress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = Plan.objects.filter(pk=pk, published=True).select_related("issuer").first()
    if plan is None:
        raise Http404("该工作要点的落实情况尚未公开")
    board = dashboard(plan)
    tasks = [
        (
            task,
            [r for r in task.progress_reports.all() if r.state == ProgressReportState.ACCEPTED][:1],
        )
        for task in tasks_of(plan).prefetch_related("progress_reports__evidence")
    ]
    return render(
        request,
        "workplan/public/detail.html",
        {
            "plan": plan,
            "board": board,
            "tasks": tasks,
            "chart": chart_points(board.timeline, board.total),
        },
    )
