from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.core.models import EventBase
from gongkai.orgs.models import Unit

from .rules import KIND_LABELS, STATE_LABELS, State, decision_state


class Decision(models.Model):
    """An enforcement decision (行政执法决定) the unit must make public: 执法公示."""

    unit = models.ForeignKey(
        Unit, verbose_name="执法机关", on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField("类别", max_length=20, choices=list(KIND_LABELS.items()))
    decision_no = models.CharField("决定书文号", max_length=100)
    title = models.CharField("名称", max_length=200)
    party = models.CharField(
        "行政相对人", max_length=200, help_text="自然人写“张某某”等，不公开全名和证件号码"
    )
    summary = models.TextField("主要内容（违法事实、许可事项等）")
    basis = models.CharField("依据", max_length=300)
    decided_on = models.DateField("决定日期")
    publish_due = models.DateField("公示期限")
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    revoked_on = models.DateField("被变更、撤销或确认违法、无效的日期", null=True, blank=True)
    withdraw_due = models.DateField("撤回期限", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.CharField("撤回理由（公开说明）", max_length=300, blank=True)
    # No user when the platform registered it (SYSTEM); the log names who acted either way.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政执法决定"
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["kind", "decided_on"], name="decision_kind_day"),
            models.Index(fields=["unit", "decided_on"], name="decision_unit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_no} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("publicity:detail", args=[self.pk])

    @property
    def state(self) -> State:
        return decision_state(
            published_at=self.published_at,
            revoked_on=self.revoked_on,
            withdrawn_at=self.withdrawn_at,
        )

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


class DecisionAction(models.TextChoices):
    REGISTERED = "registered", "登记"
    MASKED = "masked", "遮盖个人信息"
    PUBLISHED = "published", "公示"
    REVOKED = "revoked", "登记被变更、撤销或确认违法、无效"
    WITHDRAWN = "withdrawn", "撤回"


class DecisionEvent(EventBase):
    Action = DecisionAction
    SUBJECT = "decision"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "执法公示日志"
