"""Shared models: the append-only event log every entity keeps (who, when, what, why), the
audit of configuration changes, and the gap-free counters behind every official number.

Concrete logs (DocumentEvent, CaseEvent, TaskEvent …) subclass EventBase, name their subject
and declare their actions; the current state is derived from them and stored on the subject.
"""

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .actors import Actor, ActorKind, actor_fields
from .periods import PERIODS, Period, PeriodUnit


class EventBase(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who acted when no user did: the platform itself, or the public through the portal.
    actor_kind = models.CharField(
        "操作方", max_length=10, choices=ActorKind.choices, default=ActorKind.USER
    )
    action = models.CharField("操作", max_length=40)
    reason = models.TextField("理由", blank=True)
    details = models.JSONField("详情", default=dict, blank=True)

    # Each log declares its actions and the field that names its subject.
    Action: ClassVar[type[models.TextChoices]]
    SUBJECT: ClassVar[str]

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("events are append-only")
        if self.action not in self.Action.values:
            raise ValueError(f"{type(self).__name__} has no action {self.action!r}")
        super().save(*args, **kwargs)

    @classmethod
    def record(
        cls,
        subject: models.Model,
        *,
        actor: Actor,
        action: str,
        reason: str = "",
        details: dict[str, Any] | None = None,
        **fields: Any,
    ) -> "EventBase":
        """Append one event to `subject`'s log: the one way every service writes its event."""
        event = cls(
            **{cls.SUBJECT: subject},
            **actor_fields(actor),
            action=action,
            reason=reason,
            details=details or {},
            **fields,
        )
        event.save()
        return event

    @property
    def action_label(self) -> str:
        return self.Action(self.action).label

    @property
    def by(self) -> str:
        """Who acted, as the log shows it: the user, or 系统 / 公众."""
        if self.actor_id is not None:
            return str(self.actor)
        return ActorKind(self.actor_kind).label


class Sequence(models.Model):
    """A gap-free counter (索引号 serials, 登记号, letter numbers), one row per key.

    The row stays locked from the moment a number is taken until the transaction that uses it
    ends, so two processes never get the same number and a rolled-back use gives it back.
    """

    key = models.CharField(max_length=100, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class Notification(models.Model):
    """An in-app message to a staff user (reminders of due dates, assignments)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text


def stored_file_path(instance: "StoredFile", filename: str) -> str:
    # The stored name is ours, never the uploader's: a uuid and the extension of the detected type.
    return f"{instance.UPLOAD_DIR}/{instance.uuid.hex[:2]}/{instance.uuid.hex}{instance.extension}"


class StoredFile(models.Model):
    """A file kept by the platform (attachment, case material, letter): checked by content,
    stored under a generated name, served only through views that check permissions."""

    UPLOAD_DIR = "files"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=stored_file_path, max_length=200)
    extension = models.CharField(max_length=10)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ReminderSent(models.Model):
    """A reminder already sent, by a key naming what it was about (the case or task, the
    threshold and the period or due date), so each is sent once."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class JobRun(models.Model):
    """When a scheduled job (`gongkai remind`, `gongkai publish_scheduled`) last ran to the end,
    for the health check: cron failing quietly leaves reminders unsent and documents unpublished."""

    name = models.CharField(max_length=50, unique=True)
    finished_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.finished_at}"


def known_period(key: str) -> None:
    if key not in PERIODS:
        raise ValidationError(f"没有这一法定期限：{key}")


class PeriodChange(models.Model):
    """A statutory period the admin changed (a new regulation, a local rule): it replaces the
    row of gongkai.core.periods.PERIODS with the same key until it is deleted."""

    key = models.CharField("期限", max_length=50, unique=True, validators=[known_period])
    amount = models.PositiveIntegerField("数量")
    unit = models.CharField(
        "单位", max_length=20, choices=[(u.value, str(Period(1, u, ""))[1:]) for u in PeriodUnit]
    )
    source = models.CharField("依据", max_length=200)
    # Touched by every change: running computations key on it (gongkai.calendar.workdays).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "法定期限调整"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}：{self.period}（{self.source}）"

    @property
    def period(self) -> Period:
        return Period(self.amount, PeriodUnit(self.unit), self.source)


class ConfigAction(models.TextChoices):
    CREATED = "created", "新增"
    CHANGED = "changed", "修改"
    DELETED = "deleted", "删除"


class ConfigChange(EventBase):
    """A change to the platform's configuration (the organisation tree and users' roles, the
    holiday table, statutory periods, the review chain, letter templates …): who, when, what,
    and the values before and after. Written by `gongkai.core.audit.config_changed` only."""

    Action = ConfigAction

    area = models.CharField("配置项", max_length=50)
    target_type = models.CharField(max_length=100)
    target_id = models.CharField(max_length=64)
    target = models.CharField("对象", max_length=200)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "配置变更记录"
        indexes = [models.Index(fields=["target_type", "target_id"], name="config_target")]

    def __str__(self) -> str:
        return f"{self.area} {self.target} {self.action_label}"
