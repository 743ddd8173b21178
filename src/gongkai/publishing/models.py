from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.core.models import EventBase, StoredFile
from gongkai.orgs.models import Unit

from . import taxonomy
from .querysets import DocumentQuerySet
from .rules import Status


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
        "状态", max_length=20, choices=[(s.value, s.value) for s in Status], default=Status.DRAFT
    )
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
        return {"draft": "草稿", "published": "已发布", "withdrawn": "已撤下"}[self.status]


ACTION_LABELS = {
    "created": "起草",
    "updated": "修改",
    "published": "发布",
    "withdrawn": "撤下",
    "imported": "批量导入",
    "attachment_added": "上传附件",
    "attachment_removed": "删除附件",
}


class DocumentEvent(EventBase):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "文件日志"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


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
