"""Disclosure applications (依申请公开): the case, its event log, its files and letters.

The case's state, due date and outcome are derived from its events by the services and stored
for querying; overdue is computed from the due date, never stored.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.core.models import EventBase, StoredFile
from gongkai.orgs.models import Unit

from .rules import CHANNEL_LABELS, OPEN_STATES, OUTCOMES, STEP_LABELS, Step


class ApplicantType(models.TextChoices):
    """The seven applicant columns of annual-report table 三, less the total."""

    NATURAL = "natural", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


class IdType(models.TextChoices):
    ID_CARD = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_TAIWAN = "hmt", "港澳台居民证件"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"


class DeliveryWay(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"


class CaseState(models.TextChoices):
    NEW = "new", "待分办"
    HANDLING = "handling", "办理中"
    CLARIFYING = "clarifying", "待补正"
    THIRD_PARTY_CONSULTING = "third_party_consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    REPLIED = "replied", "已答复"
    DELIVERED = "delivered", "已送达"
    ENDED = "ended", "已终止"
    ARCHIVED = "archived", "已归档"


class InfoRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, today):
        """Past the due date: the same test as calendar.rules.urgency, in SQL."""
        return self.open().filter(due_on__lt=today)

    def due_soon(self, today, limit):
        return self.open().filter(due_on__gte=today, due_on__lte=limit)


class InfoRequest(models.Model):
    registration_no = models.CharField("登记号", max_length=40, unique=True)
    query_code_digest = models.CharField(max_length=64, editable=False)
    channel = models.CharField(
        "申请渠道", max_length=20, choices=[(c.value, label) for c, label in CHANNEL_LABELS.items()]
    )
    # The applicant (第二十九条第一项). Personal data: shown to staff of the handling units only.
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    name = models.CharField("姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    # What is asked for (第二十九条第二项) and in which form (第二十九条第三项).
    subject = models.CharField("所需信息的名称", max_length=300)
    doc_no = models.CharField("文号", max_length=100, blank=True)
    description = models.TextField("所需信息的特征性描述", max_length=2000, blank=True)
    purpose = models.CharField("用途（选填）", max_length=200, blank=True)
    delivery_form = models.CharField("提供形式", max_length=20, choices=DeliveryForm.choices)
    delivery_way = models.CharField("获取方式", max_length=20, choices=DeliveryWay.choices)

    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    received_on = models.DateField("收到申请之日")
    receipt_confirmed_by = models.CharField("确认收件人", max_length=50, blank=True)

    # The agency applied to (第二十七条); it answers, whoever handles the case inside it.
    receiver = models.ForeignKey(
        Unit, verbose_name="受理机关", on_delete=models.PROTECT, related_name="received_requests"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="info_requests",
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name="协办单位", blank=True, related_name="co_handled_requests"
    )

    # Derived from the events and stored for lists, filters and the annual report.
    state = models.CharField("状态", max_length=30, choices=CaseState.choices, default="new")
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    clock_note = models.CharField("期限说明", max_length=100, blank=True)
    outcome = models.CharField(
        "办理结果", max_length=40, blank=True, choices=[(o.code, o.display) for o in OUTCOMES]
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    fee_amount = models.PositiveIntegerField("信息处理费（元）", default=0)

    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InfoRequestQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="foi_state_due"),
            # Table 三 counts a year's applications per receiving unit (reports, statistics).
            models.Index(fields=["receiver", "received_on"], name="foi_receiver_received"),
            models.Index(
                fields=["receiver", "closed_on", "received_on"], name="foi_receiver_closed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_no} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


# A case's actions are the steps of the rules' transition table.
CaseAction = models.TextChoices("CaseAction", [(s.name, (s.value, STEP_LABELS[s])) for s in Step])


class CaseEvent(EventBase):
    Action = CaseAction
    SUBJECT = "case"

    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="events")
    # The legal date of the step (the day a letter was sent, an answer arrived …), which the
    # clock counts from; `at` is when it was recorded.
    on = models.DateField("日期")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "办理记录"
        ordering = ["on", "at", "id"]
        indexes = [models.Index(fields=["action", "on"], name="foi_event_action_on")]


class FileKind(models.TextChoices):
    IDENTITY = "identity", "身份证明"
    CLARIFICATION = "clarification", "补正材料"
    EVIDENCE = "evidence", "办理材料"
    INFORMATION = "information", "提供的政府信息"
    LETTER = "letter", "文书"


class CaseFile(StoredFile):
    UPLOAD_DIR = "cases"

    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("类别", max_length=20, choices=FileKind.choices)
    letter = models.CharField("文书模板", max_length=40, blank=True)  # for kind=letter
    title = models.CharField("名称", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "案卷材料"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class LetterTemplate(models.Model):
    """The editable wording of each kind of letter; {placeholders} are filled per case."""

    key = models.CharField("文书", max_length=40, unique=True)
    title = models.CharField("标题", max_length=100)
    body = models.TextField(
        "正文",
        help_text="每段一行。可用：{applicant} {received} {subject} {registration_no} {decision} "
        "{basis} {remedies} {detail} {amount} {pay_by} {due_by} {unit}",
    )

    class Meta:
        verbose_name = verbose_name_plural = "文书模板"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class RemedyKind(models.TextChoices):
    """The three column groups of annual-report table 四."""

    REVIEW = "review", "行政复议"
    LITIGATION = "litigation", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class RemedyOutcome(models.TextChoices):
    PENDING = "pending", "尚未审结"
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"


class Remedy(models.Model):
    """An administrative review or a lawsuit about the agency's openness work, usually about one
    application. The respondent is the agency whose act is challenged (原行为主体), not the
    review body that may stand as co-defendant (年度报告格式 四)."""

    respondent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="remedies", verbose_name="被申请人（被告）"
    )
    case = models.ForeignKey(
        InfoRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remedies",
        verbose_name="涉及的申请",
    )
    kind = models.CharField("类别", max_length=30, choices=RemedyKind.choices)
    reference = models.CharField("案号", max_length=80, blank=True)
    filed_on = models.DateField("收到复议申请或起诉状之日")
    outcome = models.CharField(
        "结果", max_length=20, choices=RemedyOutcome.choices, default=RemedyOutcome.PENDING
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议和行政诉讼"
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference or self.pk}"


class RemedyAction(models.TextChoices):
    RECORDED = "recorded", "登记"
    DECIDED = "decided", "登记结果"


class RemedyEvent(EventBase):
    Action = RemedyAction
    SUBJECT = "remedy"

    remedy = models.ForeignKey(Remedy, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = verbose_name_plural = "复议诉讼记录"
