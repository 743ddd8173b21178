"""Reads of the work-plan ledger: plans a user may see, the dashboard, the scores."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.foi.models import InfoRequest
from gongkai.orgs.models import Unit, User
from gongkai.orgs.permissions import Action, unit_filter
from gongkai.publishing.models import Document, DocumentKind

from . import rules
from .models import Indicator, IndicatorSource, ManualScore, Plan, ProgressReport, Task
from .rules import TaskState


def plans_visible_to(user: User) -> QuerySet[Plan]:
    """Plans issued within the user's units, or with tasks for them."""
    mine = unit_filter(user, Action.PLAN_VIEW, "issuer")
    tasked = Task.objects.filter(
        unit_filter(user, Action.PLAN_VIEW, "lead_units")
        | unit_filter(user, Action.PLAN_VIEW, "responsible_units")
    ).values("plan")
    return Plan.objects.filter(mine | Q(pk__in=tasked)).select_related("issuer")


def plan_get(*, user: User, pk: int) -> Plan:
    try:
        return plans_visible_to(user).get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404("没有找到该工作要点") from None


def tasks_of(plan: Plan) -> QuerySet[Task]:
    return plan.tasks.select_related("section").prefetch_related(
        "lead_units",
        "responsible_units",
        Prefetch(
            "progress_reports",
            queryset=ProgressReport.objects.select_related("unit").order_by("-created_at"),
        ),
    )


@dataclass
class UnitProgress:
    unit: Unit
    total: int = 0
    done: int = 0
    overdue: int = 0
    reported_this_period: bool = False
    last_report: date | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class SectionProgress:
    number: str
    title: str
    total: int = 0
    done: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class Dashboard:
    total: int
    done: int
    overdue: int
    units: list[UnitProgress]
    sections: list[SectionProgress]
    timeline: list[tuple[date, int]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def dashboard(plan: Plan, today: date | None = None) -> Dashboard:
    """Share done per unit and per top-level section, what is overdue, who has not reported in
    the current period, and the count of closed tasks over time."""
    today = today or timezone.localdate()
    tasks = list(tasks_of(plan))
    units: dict[int, UnitProgress] = {}
    sections: dict[str, SectionProgress] = {}
    for section in plan.sections.filter(number__regex=r"^[^.]+$"):
        sections[section.number] = SectionProgress(section.number, section.title)
    for task in tasks:
        done = task.state == TaskState.DONE
        late = rules.is_overdue(task.due_on, done, today)
        top = task.number.split(".")[0]
        if top in sections:
            sections[top].total += 1
            sections[top].done += done
        start = rules.period_start(today, task.every)
        for unit in {*task.lead_units.all(), *task.responsible_units.all()}:
            entry = units.setdefault(unit.pk, UnitProgress(unit))
            entry.total += 1
            entry.done += done
            entry.overdue += late
            for report in task.progress_reports.all():
                if report.unit_id != unit.pk:
                    continue
                day = timezone.localtime(report.created_at).date()
                entry.last_report = max(filter(None, [entry.last_report, day]))
                entry.reported_this_period |= day >= start
    return Dashboard(
        total=len(tasks),
        done=sum(t.state == TaskState.DONE for t in tasks),
        overdue=sum(rules.is_overdue(t.due_on, t.state == TaskState.DONE, today) for t in tasks),
        units=sorted(units.values(), key=lambda u: u.unit.path),
        sections=list(sections.values()),
        timeline=_timeline(plan, tasks, today),
    )


def _timeline(plan: Plan, tasks: list[Task], today: date) -> list[tuple[date, int]]:
    """Closed tasks counted at the end of each week, from the plan's import to today."""
    closed = sorted(t.closed_on for t in tasks if t.closed_on)
    start = min([timezone.localtime(plan.created_at).date(), *closed[:1]])
    points, day = [], start - timedelta(days=start.weekday())
    while day <= today + timedelta(days=6):
        end = day + timedelta(days=6)
        points.append((end, sum(1 for c in closed if c <= end)))
        day += timedelta(days=7)
    return points


def chart_points(
    timeline: list[tuple[date, int]], total: int, width: int = 600, height: int = 160
) -> str:
    """The timeline as SVG polyline points (drawn on the page, no script, no outside host)."""
    if not timeline:
        return ""
    step = width / max(len(timeline) - 1, 1)
    top = max(total, 1)
    return " ".join(
        f"{i * step:.1f},{height - height * count / top:.1f}"
        for i, (_, count) in enumerate(timeline)
    )


def units_behind(plan: Plan, today: date | None = None) -> list[UnitProgress]:
    """Units with open tasks and no report in the current period."""
    board = dashboard(plan, today)
    return [u for u in board.units if u.total > u.done and not u.reported_this_period]


def progress_reports_waiting(user: User) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(state="submitted")
        .filter(unit_filter(user, Action.PLAN_MANAGE, "task__plan__issuer"))
        .select_related("task", "task__plan", "unit", "author")
    )


def evidence_choices(user: User) -> QuerySet[Document]:
    return (
        Document.objects.published()
        .filter(unit_filter(user, Action.PLAN_REPORT, "issuer"))
        .order_by("-published_at")
    )


# -- assessment -------------------------------------------------------------------------------
@dataclass
class ScoreRow:
    unit: Unit
    scores: dict[int, Decimal | None]  # indicator id → score (None: no data and no entry)
    notes: dict[int, str]
    total: Decimal = Decimal(0)
    rank: int = 0


def _task_ratio(plan: Plan, unit: Unit) -> tuple[int, int]:
    tasks = plan.tasks.filter(Q(lead_units=unit) | Q(responsible_units=unit)).distinct()
    on_time = tasks.filter(state=TaskState.DONE).filter(
        Q(due_on__isnull=True) | Q(closed_on__lte=F("due_on"))
    )
    return on_time.count(), tasks.count()


def _foi_ratio(plan: Plan, unit: Unit) -> tuple[int, int]:
    replied = InfoRequest.objects.filter(
        unit=unit, closed_on__year=plan.year, outcome__isnull=False
    ).exclude(outcome__in=["", "other_no_clarification", "other_unpaid_fee"])
    return replied.filter(closed_on__lte=F("due_on")).count(), replied.count()


def _interpreted_ratio(plan: Plan, unit: Unit) -> tuple[int, int]:
    policies = Document.objects.published().filter(
        issuer=unit, genre__in=["normative", "policy"], published_at__year=plan.year
    )
    readings = Document.objects.published().filter(
        kind=DocumentKind.INTERPRETATION, interprets=OuterRef("pk")
    )
    return policies.filter(Exists(readings)).count(), policies.count()


COMPUTED = {
    IndicatorSource.TASKS_ON_TIME: _task_ratio,
    IndicatorSource.FOI_ON_TIME: _foi_ratio,
    IndicatorSource.INTERPRETED: _interpreted_ratio,
}


def scores(plan: Plan) -> tuple[list[Indicator], list[ScoreRow]]:
    """Each unit's score per indicator: computed from the platform's data where it has it,
    entered by hand (with the reason) where it has not; a hand entry overrides a computation."""
    indicators = list(plan.indicators.all())
    manual = defaultdict(dict)
    for entry in ManualScore.objects.filter(indicator__plan=plan):
        manual[entry.unit_id][entry.indicator_id] = entry
    units = (
        Unit.objects.filter(Q(led_tasks__plan=plan) | Q(responsible_tasks__plan=plan))
        .distinct()
        .order_by("path")
    )
    rows = []
    for unit in units:
        row = ScoreRow(unit, {}, {})
        for indicator in indicators:
            entry = manual[unit.pk].get(indicator.id)
            if entry is not None:
                row.scores[indicator.id], row.notes[indicator.id] = (
                    entry.score,
                    f"人工：{entry.reason}",
                )
                continue
            compute = COMPUTED.get(indicator.source)
            done, total = compute(plan, unit) if compute else (0, 0)
            row.scores[indicator.id] = rules.ratio_score(indicator.weight, done, total)
            row.notes[indicator.id] = f"{done}/{total}" if compute and total else "无数据"
        row.total = sum((s for s in row.scores.values() if s is not None), Decimal(0))
        rows.append(row)
    ranks = {r.key: r.rank for r in rules.rank({row.unit.pk: row.total for row in rows})}
    for row in rows:
        row.rank = ranks[row.unit.pk]
    return indicators, sorted(rows, key=lambda r: r.rank)


def published_plans() -> QuerySet[Plan]:
    return (
        Plan.objects.filter(published=True)
        .select_related("issuer")
        .annotate(total=Count("tasks"), done=Count("tasks", filter=Q(tasks__state=TaskState.DONE)))
    )
