"""Writes for the work-plan ledger: importing a plan (read → match units → preview → save),
progress reports and their review, closing tasks (销号), manual scores. One event per action.

Each takes its actor and asks the permission layer with it. The ledger's grants go to people
only (SYSTEM and PUBLIC hold none), so the columns naming who did a thing — a report's author,
a score's entered_by, a draft's created_by — always name a user."""

import hashlib
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor, user_of
from gongkai.core.services import store_upload
from gongkai.orgs.models import Unit, User
from gongkai.orgs.permissions import Action, can, require
from gongkai.orgs.services import unit_alias_add
from gongkai.publishing.models import Document

from . import match, parse
from .models import (
    Import,
    Indicator,
    ManualScore,
    Plan,
    PlanAction,
    PlanEvent,
    ProgressReport,
    ProgressReportFile,
    Section,
    Task,
    TaskAction,
    TaskEvent,
)
from .rules import (
    PROGRESS_REPORT_TRANSITIONS,
    TASK_TRANSITIONS,
    ProgressReportTransition,
    TaskState,
    TaskTransition,
)

MAX_PLAN_BYTES = 20 * 1024 * 1024


def _event(task: Task, actor: Actor, action: str, reason: str = "", **details: Any) -> None:
    TaskEvent.record(task, actor=actor, action=action, reason=reason, details=details)


# -- importing --------------------------------------------------------------------------------
def unit_records() -> list[match.UnitRecord]:
    return [
        match.UnitRecord(
            id=u.pk,
            name=u.name,
            short_name=u.short_name,
            aliases=tuple(u.aliases),
            kind=u.kind,
            parent_id=u.parent_id,
        )
        for u in Unit.objects.filter(is_active=True).order_by("path")
    ]


@transaction.atomic
def import_read(*, actor: Actor, issuer: Unit, name: str, content: bytes) -> Import:
    """Read a plan file into a draft the office previews before saving. It writes no event:
    nothing in the ledger changes, and the draft is the importing person's own until it is saved
    (the save is the recorded step) or dropped."""
    require(actor, Action.PLAN_MANAGE, issuer)
    if len(content) > MAX_PLAN_BYTES:
        raise ValidationError({"file": "文件过大：上限为 20 MB"})
    try:
        plan = parse.parse_file(content, name)
    except parse.ParseError as error:
        raise ValidationError({"file": str(error)}) from error
    return Import.objects.create(
        issuer=issuer,
        name=name[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        parsed=parse.plan_to_json(plan),
        created_by=user_of(actor),
    )


def written_names(parsed: dict) -> list[str]:
    """Every unit name the plan mentions, in order of first appearance."""
    seen: dict[str, None] = {}
    for task in parsed["tasks"]:
        for name in [*task["lead_units"], *task["responsible_units"]]:
            seen[name] = None
    return list(seen)


def import_matches(draft: Import) -> list[match.Match]:
    return match.match_units(written_names(draft.parsed), unit_records(), home=draft.issuer_id)


# The office's choice for a written name in the preview: the automatic match as the preview
# shows it, a group (resolved for the issuer, as the matcher resolves it), or one unit's id.
AUTO = "auto"
GROUPS = {"group:town": "town", "group:department": "department", "group:village": "village"}


def import_mapping(draft: Import, choices: dict[str, str]) -> dict[str, list[int]]:
    """The unit ids each written name stands for. The matcher is the one truth: what the preview
    showed is what is saved, and a group picked by hand means the issuer's own units."""
    matches = {m.written: m for m in import_matches(draft)}
    records = unit_records()
    mapping = {}
    for name, choice in choices.items():
        if choice == AUTO:
            mapping[name] = list(matches[name].unit_ids)
        elif choice in GROUPS:
            ids = match.group_units(GROUPS[choice], records, home=draft.issuer_id)
            mapping[name] = list(ids)
        else:
            mapping[name] = [int(choice)] if choice.isdigit() else []
    return mapping


@transaction.atomic
def import_save(
    *, actor: Actor, draft: Import, mapping: dict[str, list[int]], remember: bool = True
) -> Plan:
    """Save the previewed plan. `mapping` gives the unit ids for each written name (the
    office's corrections of the automatic matches); a plan imported again (same issuer, year and
    title) is updated task by task, never duplicated. The plan's log gets one event with the
    tasks created, changed and no longer in the file; each task's log says what befell it."""
    require(actor, Action.PLAN_MANAGE, draft.issuer)
    parsed = draft.parsed
    unmapped = [name for name in written_names(parsed) if not mapping.get(name)]
    if unmapped:
        raise ValidationError({"mapping": f"以下单位尚未对应到机构：{'、'.join(unmapped)}"})
    units = Unit.objects.in_bulk({i for ids in mapping.values() for i in ids})
    year = parsed.get("year") or timezone.localdate().year
    plan, created = Plan.objects.update_or_create(
        issuer=draft.issuer,
        year=year,
        title=parsed["title"][:200],
        defaults={"source_name": draft.name, "source_sha256": draft.sha256},
    )
    sections = _save_sections(plan, parsed["sections"])
    touched = []
    outcomes: Counter[TaskAction | None] = Counter()
    for order, data in enumerate(parsed["tasks"]):
        task, outcome = _save_task(plan, sections, order, data, actor)
        outcomes[outcome] += 1
        lead = [units[i] for name in data["lead_units"] for i in mapping[name]]
        resp = [units[i] for name in data["responsible_units"] for i in mapping[name]]
        task.lead_units.set(lead or ([] if resp else [draft.issuer]))
        task.responsible_units.set(resp)
        touched.append(task.pk)
    missing = plan.tasks.exclude(pk__in=touched)
    for gone in missing.filter(state=TaskState.OPEN):
        _event(
            gone, actor, TaskAction.NOT_IN_IMPORT, "重新导入的文件中没有该任务", source=draft.name
        )
    PlanEvent.record(
        plan,
        actor=actor,
        action=PlanAction.IMPORTED if created else PlanAction.REIMPORTED,
        details={
            "source": draft.name,
            "created": outcomes[TaskAction.IMPORTED],
            "changed": outcomes[TaskAction.REIMPORTED],
            "missing": missing.count(),
        },
    )
    if remember:
        _remember_names(actor, mapping, units)
    draft.delete()
    return plan


def _save_sections(plan: Plan, data: list[dict]) -> dict[str, Section]:
    sections = {}
    for order, item in enumerate(data):
        section, _ = Section.objects.update_or_create(
            plan=plan,
            number=item["number"],
            defaults={"title": item["title"][:300], "order": order},
        )
        sections[section.number] = section
    return sections


def _save_task(
    plan: Plan, sections: dict[str, Section], order: int, data: dict, actor: Actor
) -> tuple[Task, TaskAction | None]:
    """The task as the file has it, and what its log recorded (nothing when it is unchanged)."""
    deadline = data.get("deadline") or {}
    values = {
        "section": sections.get(data.get("section", "")),
        "text": data["text"],
        "requirement": data.get("requirement", ""),
        "deadline_text": deadline.get("text", "")[:100],
        "due_on": date.fromisoformat(deadline["due"]) if deadline.get("due") else None,
        "every": deadline.get("every") or "",
        "order": order,
    }
    task, created = Task.objects.get_or_create(plan=plan, number=data["number"], defaults=values)
    if created:
        _event(task, actor, TaskAction.IMPORTED, source=plan.source_name)
        return task, TaskAction.IMPORTED
    changed = {k: v for k, v in values.items() if getattr(task, k) != v}
    if not changed:
        return task, None
    for name, value in changed.items():
        setattr(task, name, value)
    task.save()
    _event(task, actor, TaskAction.REIMPORTED, "重新导入时内容有变化", fields=sorted(changed))
    return task, TaskAction.REIMPORTED


def _remember_names(actor: Actor, mapping: dict[str, list[int]], units: dict[int, Unit]) -> None:
    """A name the office mapped to one unit becomes that unit's alias, so the next plan that
    writes it the same way matches by itself."""
    for name, ids in mapping.items():
        if len(ids) == 1:
            unit_alias_add(actor=actor, unit=units[ids[0]], alias=name)


# -- tracking ---------------------------------------------------------------------------------
def task_units(task: Task) -> list[Unit]:
    return [*task.lead_units.all(), *task.responsible_units.all()]


@transaction.atomic
def progress_report_submit(
    *,
    actor: Actor,
    task: Task,
    unit: Unit,
    text: str,
    evidence: list[Document] = (),
    files: list[UploadedFile] = (),
) -> ProgressReport:
    """A unit's progress on a task: what was done, with documents published on the portal as
    evidence and attachments."""
    require(actor, Action.PLAN_REPORT, unit)
    if unit not in task_units(task):
        raise PermissionDenied("该单位不是这项任务的牵头或责任单位")
    if task.state == TaskState.DONE:
        raise ValidationError({"text": "任务已销号，不再报送进展"})
    if not text.strip():
        raise ValidationError({"text": "请填写进展情况"})
    unpublished = [d for d in evidence if not d.is_published]
    if unpublished:
        raise ValidationError({"evidence": "佐证须为已在门户公开的信息"})
    report = ProgressReport.objects.create(
        task=task, unit=unit, author=user_of(actor), text=text.strip()
    )
    report.evidence.set(evidence)
    for upload in files:
        record = ProgressReportFile(report=report, original_name=(upload.name or "附件")[-255:])
        store_upload(record, upload)
        record.save()
    _event(task, actor, "reported", unit=unit.name, report=report.pk)
    return report


@transaction.atomic
def progress_report_review(
    *, actor: Actor, report: ProgressReport, accept: bool, comment: str = ""
) -> ProgressReport:
    """The office accepts a report or returns it with a reason; the task's log says which."""
    require(actor, Action.PLAN_MANAGE, report.task.plan.issuer)
    review = ProgressReportTransition.ACCEPT if accept else ProgressReportTransition.RETURN
    state = PROGRESS_REPORT_TRANSITIONS.next(report.state, review)
    if not accept and not comment.strip():
        raise ValidationError({"comment": "退回须说明理由"})
    report.state, report.review_comment = state, comment.strip()
    report.save(update_fields=["state", "review_comment"])
    _event(
        report.task,
        actor,
        TaskAction.ACCEPTED if accept else TaskAction.RETURNED,
        comment.strip(),
        unit=report.unit.name,
        report=report.pk,
    )
    return report


@transaction.atomic
def task_close(*, actor: Actor, task: Task, on: date, reason: str = "") -> Task:
    """销号: the office declares the task done, on the day it was completed."""
    require(actor, Action.PLAN_MANAGE, task.plan.issuer)
    state = TASK_TRANSITIONS.next(task.state, TaskTransition.CLOSE)
    if on > timezone.localdate():
        raise ValidationError({"on": "销号日期不能晚于今天"})
    task.state, task.closed_on = state, on
    task.save(update_fields=["state", "closed_on"])
    _event(task, actor, TaskAction.CLOSED, reason, on=on.isoformat())
    return task


@transaction.atomic
def task_reopen(*, actor: Actor, task: Task, reason: str) -> Task:
    """The office takes a 销号 back when the work turns out unfinished, and says why."""
    require(actor, Action.PLAN_MANAGE, task.plan.issuer)
    state = TASK_TRANSITIONS.next(task.state, TaskTransition.REOPEN)
    if not reason.strip():
        raise ValidationError({"reason": "重新打开须说明理由"})
    task.state, task.closed_on = state, None
    task.save(update_fields=["state", "closed_on"])
    _event(task, actor, TaskAction.REOPENED, reason.strip())
    return task


@transaction.atomic
def plan_publish(*, actor: Actor, plan: Plan, published: bool) -> Plan:
    """Show the plan's progress on the portal (重点工作落实情况), or stop showing it; asking for
    what already holds changes nothing and writes nothing."""
    require(actor, Action.PLAN_MANAGE, plan.issuer)
    if plan.published == published:
        return plan
    plan.published = published
    plan.save(update_fields=["published", "updated_at"])
    action = PlanAction.PUBLISHED if published else PlanAction.UNPUBLISHED
    PlanEvent.record(plan, actor=actor, action=action)
    return plan


# -- assessment -------------------------------------------------------------------------------
@transaction.atomic
def indicator_add(*, actor: Actor, plan: Plan, name: str, weight: int, source: str) -> Indicator:
    require(actor, Action.PLAN_MANAGE, plan.issuer)
    indicator = Indicator(
        plan=plan,
        name=name.strip(),
        weight=weight,
        source=source,
        order=plan.indicators.count(),
    )
    indicator.full_clean()
    indicator.save()
    PlanEvent.record(
        plan,
        actor=actor,
        action=PlanAction.INDICATOR_ADDED,
        details={"indicator": indicator.name, "weight": weight, "scoring": source},
    )
    return indicator


@transaction.atomic
def manual_score_set(
    *, actor: Actor, indicator: Indicator, unit: Unit, score, reason: str
) -> ManualScore:
    """A score entered by hand where the platform has no data for it, always with a reason; the
    plan's log keeps the score it replaced."""
    require(actor, Action.PLAN_MANAGE, indicator.plan.issuer)
    if not reason.strip():
        raise ValidationError({"reason": "人工评分须说明理由"})
    if not 0 <= score <= indicator.weight:
        raise ValidationError({"score": f"得分应在 0 到 {indicator.weight} 之间"})
    earlier = ManualScore.objects.filter(indicator=indicator, unit=unit).first()
    entry, _ = ManualScore.objects.update_or_create(
        indicator=indicator,
        unit=unit,
        defaults={"score": score, "reason": reason.strip(), "entered_by": user_of(actor)},
    )
    PlanEvent.record(
        indicator.plan,
        actor=actor,
        action=PlanAction.SCORE_SET,
        reason=entry.reason,
        details={
            "indicator": indicator.name,
            "unit": unit.name,
            "score": {
                "from": _score_text(earlier.score) if earlier else None,
                "to": _score_text(score),
            },
        },
    )
    return entry


def _score_text(score) -> str:
    # As the score is stored and shown: one decimal place, so 30 and 30.0 read the same.
    return f"{Decimal(score):.1f}"


def may_report(user: User, task: Task) -> list[Unit]:
    """The task's units the user may report for."""
    return [u for u in task_units(task) if can(user, Action.PLAN_REPORT, u)]
