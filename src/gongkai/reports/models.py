from django.db import models

from gongkai.core.models import EventBase
from gongkai.orgs.models import Unit

from .rules import State, report_state


class AnnualReport(models.Model):
    """One unit's (or one government's, its units rolled up) report for one year: the figures
    are computed from the data each time; what is stored is what people wrote — the narrative
    sections and the figures entered by hand, each with its reason."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField("年度")
    rollup = models.BooleanField("汇总下属单位", default=False)
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other = models.TextField("六、其他需要报告的事项", blank=True)
    # {cell key: {"value": "12", "reason": "…", "by": "username", "at": ISO time}}
    manual = models.JSONField(default=dict, blank=True)
    document = models.OneToOneField(
        "publishing.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_report",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度报告"
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "rollup"], name="report_once")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"

    @property
    def state(self) -> State:
        return report_state(self.document.status if self.document_id else None)


class ReportAction(models.TextChoices):
    CREATED = "created", "创建"
    EDITED = "edited", "修改正文"
    FIGURE_ENTERED = "figure_entered", "人工填报"
    FIGURE_CLEARED = "figure_cleared", "撤销人工填报"
    SUBMITTED = "submitted", "生成公开文件并送审"


class ReportEvent(EventBase):
    Action = ReportAction
    SUBJECT = "report"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "年度报告日志"
