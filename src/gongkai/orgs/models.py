from django.contrib.auth.models import AbstractUser
from django.db import models

from gongkai.core.models import EventBase

from .rules import THROTTLES, Scope


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    TOWN = "town", "镇（街道）"
    VILLAGE = "village", "村（社区）"
    ENTERPRISE = "enterprise", "公共企事业单位"


class Unit(models.Model):
    """A node of the organisation tree: 区政府 → 部门 / 镇街 → 村居, plus 公共企事业单位."""

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # 统一社会信用代码 or a local code; the issuer part of every 索引号 this unit allocates.
    code = models.CharField("机构代码", max_length=30, unique=True)
    aliases = models.JSONField("别名", default=list, blank=True)
    letter_prefix = models.CharField(
        "文书字号前缀", max_length=20, blank=True, help_text="例如：明教依公开；空时用简称"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    # Materialised path of ids ("/1/4/17/") so a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "机构"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def letter_prefix_or_default(self) -> str:
        return self.letter_prefix or self.short_name or self.name[:4]


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    ADMIN = "admin", "平台管理员"
    OFFICE = "office", "政务公开办"
    EDITOR = "editor", "信息员"
    REVIEWER = "reviewer", "审核人"
    LEADER = "leader", "分管领导"


class Membership(models.Model):
    """A role a user holds in a unit; it covers the unit and everything below it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "岗位"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


SCOPE_LABELS = {Scope.ACCOUNT: "账号", Scope.ADDRESS: "地址"}


class LoginThrottle(models.Model):
    """Wrong passwords in a row for one account name, or from one address, and until when the
    next try must wait (gongkai.orgs.rules). Kept in the database so that every process and
    every node counts the same failures."""

    scope = models.CharField("类别", max_length=10, choices=list(SCOPE_LABELS.items()))
    # The account name as typed (whether or not such an account exists), or the address.
    key = models.CharField("账号或地址", max_length=150)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    last_failed_at = models.DateTimeField("最近失败时间", null=True, blank=True, db_index=True)
    blocked_until = models.DateTimeField("限制至", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录限制"
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="login_throttle_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.key}"

    @property
    def locked(self) -> bool:
        """The failures reached the lock, not one of the short waits before it."""
        return THROTTLES[Scope(self.scope)].locks(self.failures)


class LoginThrottleAction(models.TextChoices):
    LOCKED = "locked", "锁定"
    UNLOCKED = "unlocked", "解锁"


class LoginThrottleEvent(EventBase):
    """A lock the failures set, or the office's unlock: the short waits before a lock are
    counted, not logged, like the public forms' rate limits."""

    Action = LoginThrottleAction
    SUBJECT = "throttle"

    throttle = models.ForeignKey(LoginThrottle, on_delete=models.PROTECT, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "登录锁定记录"
