"""The work-plan ledger (工作台账): a year's plan broken into tasks with their units, the units'
progress reports, and the assessment of units (考核)."""

from typing import Any

from django.conf import settings
from django.db import models

from gongkai.core.models import EventBase, StoredFile
from gongkai.orgs.models import Unit
from gongkai.publishing.models import Document

from .rules import PROGRESS_REPORT_STATE_LABELS, TASK_STATE_LABELS, ProgressReportState, TaskState


class Plan(models.Model):
    title = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    issuer = models.ForeignKey(
        Unit, verbose_name="印发单位", on_delete=models.PROTECT, related_name="work_plans"
    )
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    published = models.BooleanField("在门户公开落实情况", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作要点"
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "title"], name="plan_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class PlanAction(models.TextChoices):
    IMPORTED = "imported", "导入"
    REIMPORTED = "reimported", "重新导入"
    PUBLISHED = "published", "在门户公开落实情况"
    UNPUBLISHED = "unpublished", "停止在门户公开"
    INDICATOR_ADDED = "indicator_added", "新增考核指标"
    SCORE_SET = "score_set", "人工评分"


# How the plan's log reads its details, in this order (jsonb keeps no key order).
PLAN_DETAILS = {
    "source": "来源文件：{}",
    "created": "新增任务 {} 项",
    "changed": "内容有变化的任务 {} 项",
    "missing": "文件中已没有的任务 {} 项",
    "indicator": "指标：{}",
    "weight": "分值：{}",
    "scoring": "计分方式：{}",
    "unit": "单位：{}",
    "score": "得分：{}",
}


class PlanEvent(EventBase):
    """The plan's own log: what was done to the plan as a whole. Each task keeps its own."""

    Action = PlanAction
    SUBJECT = "plan"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "工作要点日志"

    @property
    def details_text(self) -> str:
        """The details as a reader wants them: 来源文件：要点.txt；新增任务 3 项 …"""
        return "；".join(
            PLAN_DETAILS[key].format(_detail_value(key, self.details[key]))
            for key in PLAN_DETAILS
            if key in self.details
        )


def _detail_value(key: str, value: Any) -> Any:
    if key == "scoring":
        return IndicatorSource(value).label
    if key == "score":
        return f"{value['from'] or '（无）'} → {value['to']}"
    return value


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField("序号", max_length=40)
    title = models.CharField("标题", max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="section_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def depth(self) -> int:
        return self.number.count(".")


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    number = models.CharField("序号", max_length=60)
    text = models.TextField("工作任务")
    requirement = models.TextField("工作要求", blank=True)
    deadline_text = models.CharField("完成时限", max_length=100, blank=True)
    due_on = models.DateField("完成期限", null=True, blank=True)
    every = models.CharField("报送周期", max_length=20, blank=True)
    lead_units = models.ManyToManyField(Unit, verbose_name="牵头单位", related_name="led_tasks")
    responsible_units = models.ManyToManyField(
        Unit, verbose_name="责任单位", related_name="responsible_tasks", blank=True
    )
    state = models.CharField(
        "状态", max_length=10, choices=list(TASK_STATE_LABELS.items()), default=TaskState.OPEN
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "工作任务"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="task_unique_number")
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="task_state_due")]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:30]}"


class TaskAction(models.TextChoices):
    IMPORTED = "imported", "导入"
    REIMPORTED = "reimported", "重新导入"
    NOT_IN_IMPORT = "not_in_import", "重新导入的文件中没有该任务"
    REPORTED = "reported", "报送进展"
    ACCEPTED = "accepted", "采纳进展"
    RETURNED = "returned", "退回进展"
    CLOSED = "closed", "销号"
    REOPENED = "reopened", "重新打开"


class TaskEvent(EventBase):
    Action = TaskAction
    SUBJECT = "task"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "任务日志"


class ProgressReport(models.Model):
    """A unit's progress report on a task, with evidence; the office accepts or returns it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("进展情况")
    evidence = models.ManyToManyField(Document, verbose_name="佐证（已公开的信息）", blank=True)
    state = models.CharField(
        max_length=10,
        choices=list(PROGRESS_REPORT_STATE_LABELS.items()),
        default=ProgressReportState.SUBMITTED,
    )
    review_comment = models.CharField("审核意见", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "进展报送"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.task}"


class ProgressReportFile(StoredFile):
    UPLOAD_DIR = "workplan"

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="files")
    original_name = models.CharField(max_length=255)

    def __str__(self) -> str:
        return self.original_name


class Import(models.Model):
    """A plan file read but not yet saved: the preview the office checks before saving."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    parsed = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class IndicatorSource(models.TextChoices):
    TASKS_ON_TIME = "tasks_on_time", "工作任务按时完成率"
    FOI_ON_TIME = "foi_on_time", "依申请公开按时答复率"
    INTERPRETED = "interpreted", "政策文件解读率"
    MANUAL = "manual", "人工评分"


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("指标", max_length=100)
    weight = models.PositiveSmallIntegerField("分值")
    source = models.CharField("计分方式", max_length=20, choices=IndicatorSource.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "考核指标"
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ManualScore(models.Model):
    """A score entered by hand where the platform has no data, with the reason."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="manual_scores")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)
    reason = models.CharField("理由", max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit"], name="manual_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.unit}: {self.score}"
