from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse

from gongkai.core.models import EventBase, StoredFile
from gongkai.orgs.models import Role, Unit

from . import taxonomy
from .querysets import DocumentQuerySet
from .rules import DISCLOSURE_GROUNDS, STATUS_LABELS, Status


class DocumentKind(models.TextChoices):
    DOCUMENT = "document", "政府信息"
    INTERPRETATION = "interpretation", "政策解读"


class DisclosureMode(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class CatalogueItem(models.Model):
    """An entry of the 主动公开目录; seeded from Art. 20 and extended by the office."""

    code = models.CharField("编码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    basis = models.CharField("公开依据", max_length=300, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "主动公开目录"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Document(models.Model):
    kind = models.CharField(
        "类别", max_length=20, choices=DocumentKind.choices, default=DocumentKind.DOCUMENT
    )
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文")
    issuer = models.ForeignKey(
        Unit, verbose_name="发布机构", on_delete=models.PROTECT, related_name="documents"
    )
    index_no = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True)
    doc_no = models.CharField("发文字号", max_length=60, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_at = models.DateTimeField("发布日期", null=True, blank=True)
    topic = models.CharField("主题分类", max_length=2, choices=taxonomy.TOPICS)
    genre = models.CharField("体裁", max_length=20, choices=taxonomy.GENRES)
    validity = models.CharField("有效性", max_length=10, choices=taxonomy.VALIDITY, default="valid")
    catalogue_item = models.ForeignKey(
        CatalogueItem,
        verbose_name="目录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    disclosure_mode = models.CharField(
        "公开方式",
        max_length=20,
        choices=DisclosureMode.choices,
        default=DisclosureMode.PROACTIVE,
    )
    keywords = models.CharField("关键词", max_length=200, blank=True)
    interprets = models.ForeignKey(
        "self",
        verbose_name="解读的文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    status = models.CharField(
        "状态", max_length=20, choices=list(STATUS_LABELS.items()), default=Status.DRAFT
    )
    # 公开属性认定 and the Art. 26 clock.
    disclosure_ground = models.CharField(
        "不公开理由",
        max_length=30,
        blank=True,
        choices=[(k, f"{label}（{basis}）") for k, (label, basis) in DISCLOSURE_GROUNDS.items()],
    )
    negative_item = models.ForeignKey(
        "NegativeListItem",
        verbose_name="负面清单事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    formed_on = models.DateField("信息形成或变更日期", null=True, blank=True)
    publish_due = models.DateField("法定公开期限", null=True, blank=True, db_index=True)
    # The review chain.
    publish_at = models.DateTimeField("定时发布", null=True, blank=True)
    review_stage = models.PositiveSmallIntegerField(default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    interpretation_exempt_reason = models.CharField("免于解读的理由", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "文件"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="doc_status_published"),
            models.Index(fields=["issuer", "status", "-published_at"], name="doc_issuer_published"),
            # 表二 of the annual report counts a unit's documents of a genre.
            models.Index(fields=["issuer", "genre"], name="doc_issuer_genre"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:document", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]


class DocumentAction(models.TextChoices):
    CREATED = "created", "起草"
    UPDATED = "updated", "修改"
    MASKED = "masked", "遮盖个人信息和密级标志"
    PUBLISHED = "published", "发布"
    WITHDRAWN = "withdrawn", "撤下"
    IMPORTED = "imported", "批量导入"
    ATTACHMENT_ADDED = "attachment_added", "上传附件"
    ATTACHMENT_REMOVED = "attachment_removed", "删除附件"
    SUBMITTED = "submitted", "提交审核"
    APPROVED = "approved", "审核通过"
    RETURNED = "returned", "退回"
    PUBLISH_BLOCKED = "publish_blocked", "暂不能发布"
    FINDING_OVERRIDDEN = "finding_overridden", "放行检查发现"
    INTERPRETATION_EXEMPTED = "interpretation_exempted", "免于解读"


DETAIL_LABELS = {
    "title": "标题",
    "index_no": "索引号",
    "stage": "环节",
    "kind": "类型",
    "text": "内容",
    "name": "文件名",
}


class DocumentEvent(EventBase):
    Action = DocumentAction
    SUBJECT = "document"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "文件日志"

    @property
    def details_text(self) -> str:
        """The details as a reader wants them: 环节：复审；保密审查：已逐项确认."""
        parts = []
        for key, value in self.details.items():
            if key == "changes":
                # jsonb keeps no key order: fields by name, the text (long) last.
                changes = sorted(value.items(), key=lambda item: (item[0] == "text", item[0]))
                parts += [_change_text(n, c) for n, c in changes]
            elif key == "checklist":
                parts.append("保密审查：" + ("已逐项确认" if all(value.values()) else "未全部确认"))
            elif key != "title" or self.action != "created":
                parts.append(f"{DETAIL_LABELS.get(key, key)}：{value}")
        return "；".join(parts)


def _change_text(name: str, change: dict) -> str:
    if name != "text":
        return f"{_field_label(name)}：{change['from']} → {change['to']}"
    fields = "、".join(_field_label(n) for n in change["fields"])
    kept = f"（原文见第{change['version']}版）" if change["version"] else "（未保留原文）"
    return f"{fields}已修改{kept}"


def _field_label(name: str) -> str:
    try:
        return str(Document._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


class Attachment(StoredFile):
    UPLOAD_DIR = "attachments"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    original_name = models.CharField("文件名", max_length=255)
    text = models.TextField("提取的文字", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("portal:attachment", args=[self.uuid])


class ReviewStage(models.Model):
    """One step of the review chain (default 初审 by the unit, 复审 by the openness office, 终审 by
    a leader); the office may change the chain in the admin."""

    order = models.PositiveSmallIntegerField("顺序", unique=True)
    name = models.CharField("名称", max_length=20)
    role = models.CharField("审核岗位", max_length=20, choices=Role.choices)
    secrecy_check = models.BooleanField("在此步进行保密审查", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "审核流程"
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}（{self.get_role_display()}）"


class NegativeListItem(models.Model):
    """负面清单: a matter the unit does not disclose, with its basis."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="negative_items", verbose_name="单位"
    )
    matter = models.CharField("事项", max_length=200)
    basis = models.CharField("依据", max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # An item is retired, never deleted: documents withheld on its ground keep pointing at it.
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retired_reason = models.CharField("停用理由", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "负面清单"
        ordering = ["unit", "matter"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.matter}"


class NegativeListAction(models.TextChoices):
    ADDED = "added", "加入负面清单"
    RETIRED = "retired", "停用"


class NegativeListEvent(EventBase):
    Action = NegativeListAction
    SUBJECT = "item"

    item = models.ForeignKey(NegativeListItem, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "负面清单日志"


class FindingOverride(models.Model):
    """A reviewer's decision that a scanner finding may be published as it is, and why."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="overrides")
    kind = models.CharField(max_length=20)
    text = models.CharField(max_length=200)
    reason = models.CharField("理由", max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "kind", "text"], name="override_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.text}"


class DocumentVersion(models.Model):
    """The title and text as they were before an edit; earlier versions stay comparable."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField()
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"
