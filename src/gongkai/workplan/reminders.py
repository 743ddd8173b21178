"""Reminders of the ledger: overdue tasks to their units and the office, and units with open
tasks that have not reported in the current period (each once per task or per period)."""

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from gongkai.core.reminders import Reminder
from gongkai.orgs.models import Role
from gongkai.orgs.selectors import holders, office_over, unique

from . import rules
from .models import Plan, Task
from .rules import TaskState
from .selectors import units_behind


def ledger_reminders(today: date) -> Iterator[Reminder]:
    overdue = Task.objects.filter(state=TaskState.OPEN, due_on__lt=today).select_related("plan")
    for task in overdue.prefetch_related("lead_units", "responsible_units"):
        units = [*task.lead_units.all(), *task.responsible_units.all()]
        yield Reminder(
            key=f"workplan:task:{task.pk}:overdue:{task.due_on}",
            text=f"工作任务已超过完成时限（{task.due_on}）：{task.plan.title} {task.number}",
            url=reverse("plans:task", args=[task.plan_id, task.pk]),
            users=unique([*holders(units, [Role.EDITOR]), *office_over(task.plan.issuer)]),
        )
    for plan in Plan.objects.filter(tasks__state=TaskState.OPEN).distinct():
        for behind in units_behind(plan, today):
            start = rules.period_start(today)
            yield Reminder(
                key=f"workplan:report:{plan.pk}:{behind.unit.pk}:{start}",
                text=f"{behind.unit.name}本期（{start:%Y年%m月}起）尚未报送《{plan.title}》任务进展",
                url=reverse("plans:detail", args=[plan.pk]),
                users=unique(holders([behind.unit], [Role.EDITOR])),
            )
