"""The annual report on the staff pages: start one, read its computed tables next to what the
checks say, write the narrative, fill what the data cannot give, export and send it for review;
the reviews and lawsuits behind table 四; the public column of published reports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.web import REFUSED, attempt, download, int_param, show_refusal
from gongkai.foi import services as foi
from gongkai.foi.models import Remedy
from gongkai.foi.rules import FIRST_YEAR
from gongkai.foi.statistics import units_covered
from gongkai.orgs.models import User
from gongkai.orgs.permissions import Action, can, staff_required, unit_filter, units_for

from . import export, services
from . import format as fmt
from .forms import DecideForm, FigureForm, NarrativeForm, NewReportForm, RemedyForm
from .models import AnnualReport
from .rules import LOCKED_BECAUSE, REPORT_TRANSITIONS, Change
from .selectors import Filled, cell_label, filled, public_reports, reports_visible_to
from .statistics import bars, year_figures


@staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    units = units_for(request.user, Action.REPORT_MANAGE)
    form = NewReportForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise PermissionDenied("您的岗位不能编制年度报告")
        if form.is_valid():
            try:
                report = services.report_create(actor=request.user, **form.cleaned_data)
            except REFUSED as error:
                show_refusal(error, form=form)
            else:
                return redirect("reports:detail", pk=report.pk)
    return render(
        request,
        "reports/list.html",
        {
            "reports": reports_visible_to(request.user),
            "form": form if units.exists() else None,
        },
    )


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    return get_object_or_404(reports_visible_to(request.user), pk=pk)


def _table3_rows(content: Filled) -> list[dict]:
    """Table 三 as the format draws it: label cells merged down and across."""
    paths = fmt.TABLE3_ROWS
    rows = []
    for i, path in enumerate(paths):
        labels = []
        for depth, text in enumerate(path):
            if i and len(paths[i - 1]) > depth and paths[i - 1][: depth + 1] == path[: depth + 1]:
                continue  # merged into the cell above
            span = sum(1 for p in paths[i:] if p[: depth + 1] == path[: depth + 1])
            width = 3 - depth if depth == len(path) - 1 else 1
            labels.append({"text": text, "rowspan": span, "colspan": width})
        rows.append({"labels": labels, "cells": content.table3[i]})
    return rows


def _table2_items(content: Filled) -> list[dict]:
    return [
        {
            "item": item,
            "rows": [
                {"label": row, "cells": [content.table2[(item.item, row, c)] for c in item.columns]}
                for row in item.rows
            ],
        }
        for item in fmt.TABLE2
    ]


def _may(user: User, report: AnnualReport) -> dict[str, bool]:
    """Which changes to offer: those the report's state allows, to a user who may manage it."""
    allowed = REPORT_TRANSITIONS.open_to(report.state)
    manages = can(user, Action.REPORT_MANAGE, report.unit)
    return {change: manages and change in allowed for change in Change}


@staff_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    content = filled(report)
    may = _may(request.user, report)
    narrative = NarrativeForm(request.POST or None, instance=report)
    if request.method == "POST":
        if not can(request.user, Action.REPORT_MANAGE, report.unit):
            raise PermissionDenied("您的岗位不能修改这份报告")
        if narrative.is_valid():
            try:
                services.report_edit(actor=request.user, report=report, **narrative.cleaned_data)
            except REFUSED as error:
                if not may[Change.EDIT]:
                    # Posted from a page older than the lock: no form to show it on.
                    show_refusal(error, request=request)
                    return redirect("reports:detail", pk=pk)
                show_refusal(error, form=narrative)
            else:
                messages.success(request, "已保存")
                return redirect("reports:detail", pk=pk)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "content": content,
            "problems": content.problems(),
            "table2": _table2_items(content),
            "table3": _table3_rows(content),
            "table3_columns": fmt.TABLE3_COLUMNS,
            "table4_groups": fmt.TABLE4_GROUPS,
            "outcomes": fmt.OUTCOMES,
            "sections": fmt.SECTIONS,
            "may": may,
            "narrative": narrative if may[Change.EDIT] else None,
            "figure_form": FigureForm() if may[Change.ENTER_FIGURE] else None,
            "events": report.events.select_related("actor"),
            "entries": [(cell_label(k), k, e) for k, e in report.manual.items()],
            "locked": LOCKED_BECAUSE.get(report.state, ""),
            "due": fmt.due_date(report.year, report.rollup or report.unit.kind == "government"),
            "pdf_available": export.converter_available(),
        },
    )


def _act(request: HttpRequest, pk: int, run, success: str) -> HttpResponse:
    report = _report(request, pk)
    if not can(request.user, Action.REPORT_MANAGE, report.unit):
        raise PermissionDenied("您的岗位不能修改这份报告")
    attempt(request, lambda: run(report), done=success)
    return redirect("reports:detail", pk=pk)


@staff_required
@require_POST
def figure_enter(request: HttpRequest, pk: int) -> HttpResponse:
    form = FigureForm(request.POST)
    if not form.is_valid():
        missing = (
            "先点表格中的 ✎ 选择单元格" if "key" in form.errors else "填写数字和数据来源或理由"
        )
        messages.error(request, f"请{missing}")
        return redirect("reports:detail", pk=pk)
    return _act(
        request,
        pk,
        lambda report: services.figure_enter(
            actor=request.user, report=report, **form.cleaned_data
        ),
        "已填报",
    )


@staff_required
@require_POST
def figure_clear(request: HttpRequest, pk: int) -> HttpResponse:
    key = request.POST.get("key", "")
    return _act(
        request,
        pk,
        lambda report: services.figure_clear(actor=request.user, report=report, key=key),
        "已撤销人工填报，恢复为计算值",
    )


@staff_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda report: services.report_submit(actor=request.user, report=report),
        "已生成公开文件并提交审核，审核通过后在门户发布",
    )


@staff_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return download(export.report_docx(filled(report).printable()), f"{report.title}.docx")


@staff_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return download(export.report_pdf(filled(report).printable()), f"{report.title}.pdf")


# -- reviews and lawsuits -------------------------------------------------------------------
@staff_required
def remedy_list(request: HttpRequest) -> HttpResponse:
    units = units_for(request.user, Action.REMEDY_RECORD)
    form = RemedyForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise PermissionDenied("您的岗位不能登记行政复议和行政诉讼")
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                foi.remedy_record(actor=request.user, case=data.pop("registration_no"), **data)
            except REFUSED as error:
                show_refusal(error, form=form)
            else:
                messages.success(request, "已登记")
                return redirect("reports:remedies")
    remedies = Remedy.objects.filter(unit_filter(request.user, Action.REMEDY_VIEW, "respondent"))
    return render(
        request,
        "reports/remedies.html",
        {
            "remedies": remedies.select_related("respondent", "case"),
            "form": form if units.exists() else None,
            "decide_form": DecideForm(),
        },
    )


@staff_required
@require_POST
def remedy_decide(request: HttpRequest, pk: int) -> HttpResponse:
    remedy = get_object_or_404(
        Remedy.objects.filter(unit_filter(request.user, Action.REMEDY_VIEW, "respondent")), pk=pk
    )
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择结果并填写审结日期")
        return redirect("reports:remedies")
    attempt(
        request,
        lambda: foi.remedy_decide(actor=request.user, remedy=remedy, **form.cleaned_data),
        done="已登记结果",
    )
    return redirect("reports:remedies")


# -- the office's statistics ----------------------------------------------------------------
@staff_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    units = units_covered(request.user, Action.REPORT_VIEW)
    if not units.exists():
        raise PermissionDenied("您的岗位不能查看统计")
    today = timezone.localdate()
    year = int_param(request.GET, "year", FIRST_YEAR, today.year, today.year)
    figures = year_figures(units, year)
    months = [f"{m}月" for m in range(1, 13)]
    return render(
        request,
        "reports/statistics.html",
        {
            "figures": figures,
            "years": range(today.year, max(today.year - 10, FIRST_YEAR - 1), -1),
            "months": months,
            "received_bars": bars(figures.received, months),
            "closed_totals": [
                sum(col) for col in zip(*(v for _, v in figures.closed_by_group), strict=True)
            ],
        },
    )


# -- the public column ------------------------------------------------------------------------
def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/public_list.html", {"reports": public_reports()})
