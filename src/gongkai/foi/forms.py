"""Forms of the public disclosure-on-request pages; the JSON API validates with them too, so a
web applicant and an API client get the same rules and the same messages."""

import re
import uuid
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.actors import PUBLIC
from gongkai.core.ingest import IngestError, detect
from gongkai.core.periods import period
from gongkai.core.refusals import Refusal
from gongkai.core.text import id_number, phone_number, postcode
from gongkai.core.web import REFUSED, VisibleText, show_refusal

from .models import ApplicantType, DeliveryForm, DeliveryWay, FileKind, IdType, InfoRequest
from .rules import DeadlineQuestion, format_registration_no
from .selectors import receivers
from .services import APPLICANT_FIELDS, Submitted, case_file_add, case_submit

PROOF_KINDS = {"pdf", "png", "jpeg", "gif", "webp"}
PROOF_ONLY = "身份证明仅接受 PDF 文件或 PNG、JPEG、GIF、WebP 图片"

ORGANISATIONS = [(t.value, t.label) for t in ApplicantType if t is not ApplicantType.NATURAL]
APPLICANT_TYPE_CHOICES = [
    ("", "请选择申请人类型"),
    (ApplicantType.NATURAL.value, ApplicantType.NATURAL.label),
    ("法人或其他组织", ORGANISATIONS),
]


class Described:
    """Ties each input to its help text and, after validation, to its error message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe()

    def full_clean(self):
        super().full_clean()
        self.describe()

    def describe(self) -> None:
        for name, field in self.fields.items():
            # not self[name]: that would cache the bound field before __init__ is done
            auto_id = self.auto_id % self.add_prefix(name)
            ids = [f"{auto_id}-help"] if field.help_text else []
            if name in (self._errors or {}):
                ids.append(f"{auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class ApplicantChecks(VisibleText):
    """How the public form, the office's intake form and the API read an applicant's numbers
    (core.text): full-width digits as ASCII, other scripts' digits refused."""

    @staticmethod
    def _read(rule: Callable[[str], str], text: str) -> str:
        try:
            return rule(text)
        except Refusal as error:
            raise ValidationError(str(error)) from None

    def clean_phone(self) -> str:
        return self._read(phone_number, self.cleaned_data["phone"])

    def clean_postcode(self) -> str:
        return self._read(postcode, self.cleaned_data["postcode"])

    def clean(self):
        data = super().clean()
        if data.get("id_number"):
            try:
                data["id_number"] = id_number(data["id_number"], data.get("id_type"))
            except Refusal as error:
                self.add_error("id_number", str(error))
        return data


class ApplicationForm(Described, ApplicantChecks, forms.ModelForm):
    """An application (第二十九条). The hidden key makes a repeated submit of the same form
    register one application only."""

    key = forms.UUIDField(
        label="提交标识",
        widget=forms.HiddenInput,
        error_messages={"invalid": "提交标识无效，请刷新页面后重新填写"},
    )
    applicant_type = forms.ChoiceField(label="申请人类型", choices=APPLICANT_TYPE_CHOICES)
    identity_proof = forms.FileField(
        label="身份证明（选填）",
        required=False,
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,application/pdf,image/*"}
        ),
        help_text="身份证件或营业执照的扫描件、照片，PDF 或图片均可。",
    )

    class Meta:
        model = InfoRequest
        fields = ("receiver", *APPLICANT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "delivery_form": forms.RadioSelect,
            "delivery_way": forms.RadioSelect,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }
        help_texts = {
            "receiver": "向掌握所需信息的行政机关提出申请（条例第二十七条）。",
            "name": "自然人填写姓名；法人或其他组织填写单位全称。",
            "id_type": "法人或其他组织请选择统一社会信用代码。",
            "contact_person": "法人或其他组织必填。",
            "phone": "可填写手机号码或固定电话。",
            "email": "选择以电子邮件获取信息时必填。",
            "address": "选择邮寄时必填。",
            "subject": "写明所需信息的名称，如“2025年度某某项目立项批复”。",
            "doc_no": "知道文件编号的请填写，如“某政发〔2025〕1号”。",
            "description": "写明便于查找的特征，如制作机关、大致时间、涉及的事项或地点。",
            "purpose": "不要求说明用途；填写有助于机关理解您的需要。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        receiver = self.fields["receiver"]
        receiver.queryset = receivers()
        receiver.label, receiver.empty_label = "受理机关", "请选择受理机关"
        self.fields["id_type"].choices = [("", "请选择证件类型"), *IdType.choices]
        self.fields["delivery_form"].choices = DeliveryForm.choices
        self.fields["delivery_way"].choices = DeliveryWay.choices
        self.fields["purpose"].label = "用途"
        self.fields["description"].required = False
        if not self.is_bound:
            self.fields["key"].initial = uuid.uuid4()
        for name, field in self.fields.items():
            if name == "key":
                continue
            verb = "选择" if isinstance(field, forms.ChoiceField) else "填写"
            field.error_messages["required"] = f"请{verb}{field.label}"
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = f"请从列表中选择{field.label}"
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"{field.label}最多 {field.max_length} 个字（已填 %(show_value)d 个）"
                )
        receiver.error_messages["invalid_choice"] = "所选机关不受理政府信息公开申请，请重新选择"
        self.fields["email"].error_messages["invalid"] = "请填写有效的电子邮箱地址"

    # -- single fields --
    def clean_identity_proof(self):
        upload = self.cleaned_data.get("identity_proof")
        if not upload:
            return None
        try:
            kind = detect(upload).kind
        except IngestError:
            kind = None
        finally:
            upload.seek(0)
        if kind not in PROOF_KINDS:
            raise ValidationError(PROOF_ONLY)
        return upload

    # -- across fields --
    def clean(self):
        data = super().clean()
        applicant_type, id_type = data.get("applicant_type"), data.get("id_type")
        if applicant_type == ApplicantType.NATURAL and id_type == IdType.CREDIT_CODE:
            self.add_error("id_type", "自然人请选择本人的身份证件类型")
        organisation = applicant_type and applicant_type != ApplicantType.NATURAL
        if organisation and not data.get("contact_person", "").strip():
            self.add_error("contact_person", "法人或其他组织请填写联系人")
        way, form = data.get("delivery_way"), data.get("delivery_form")
        if way == DeliveryWay.POST and not data.get("address", "").strip():
            self.add_error("address", "选择邮寄的，请填写通信地址")
        if way == DeliveryWay.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件的，请填写电子邮箱")
        if form == DeliveryForm.PAPER and way in (DeliveryWay.EMAIL, DeliveryWay.ONLINE):
            self.add_error("delivery_way", "纸质材料请选择邮寄或当面领取")
        return data

    def applicant_data(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in APPLICANT_FIELDS}

    def submit(self) -> Submitted | None:
        """Register the application and file the proof in one transaction, so a refused proof
        leaves nothing behind. None when the services refused something (see the errors)."""
        try:
            with transaction.atomic():
                submitted = case_submit(
                    receiver=self.cleaned_data["receiver"],
                    key=self.cleaned_data["key"],
                    data=self.applicant_data(),
                )
                proof = self.cleaned_data.get("identity_proof")
                if proof and submitted.created:
                    case_file_add(
                        actor=PUBLIC,
                        case=submitted.case,
                        upload=proof,
                        kind=FileKind.IDENTITY,
                        title="身份证明",
                    )
        except REFUSED as error:
            show_refusal(error, form=self, fields={"file": "identity_proof"})
            self.describe()
            return None
        return submitted


def normalise_registration_no(text: str) -> str:
    """Accept the number as people type it: 依申〔2026〕00012号, 依申[2026]12号, 2026-12 …"""
    text = text.strip()
    match = re.fullmatch(r"(?:依申)?\D{0,2}(\d{4})\D{1,3}(\d{1,5})\s*号?", text)
    if match:
        return format_registration_no(int(match[1]), int(match[2]))
    return text


def normalise_code(text: str) -> str:
    """Spaces and dashes dropped; a zero read for the letter O (codes have no 0 or 1)."""
    return re.sub(r"[\s-]+", "", text).upper().replace("0", "O")


class StatusForm(Described, forms.Form):
    registration_no = forms.CharField(
        label="登记号",
        max_length=40,
        help_text="提交申请后显示的登记号，如“依申〔2026〕00012号”，也可以只填“2026-12”。",
        error_messages={"required": "请填写登记号"},
    )
    code = forms.CharField(
        label="查询码",
        max_length=30,
        help_text="提交申请时显示的10位查询码，不区分大小写。",
        error_messages={"required": "请填写查询码"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_registration_no(self) -> str:
        return normalise_registration_no(self.cleaned_data["registration_no"])

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data["code"])


class CorrectionForm(VisibleText, forms.Form):
    text = forms.CharField(
        label="补正后的申请内容",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="按补正告知书的要求，写明所需信息的名称、文号或其他特征性描述。",
        error_messages={"required": "请填写补正后的申请内容"},
    )
    upload = forms.FileField(
        label="补正材料（选填）", required=False, help_text="PDF、DOCX、XLSX 或图片"
    )


# -- the deadline calculator --------------------------------------------------------------------
CONSULTATIONS = 3
DATE_ERRORS = {"invalid": "请输入正确的日期，格式为 年-月-日，如 2026-06-01"}


def _date_field(label: str, *, required: bool = False) -> forms.DateField:
    messages = {**DATE_ERRORS, "required": f"请填写{label}"}
    return forms.DateField(
        label=label,
        required=required,
        error_messages=messages,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class DeadlineForm(Described, forms.Form):
    received = _date_field("收到申请之日", required=True)
    clarification_received = _date_field("收到补正申请之日（选填）")
    extended = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extended"].label = f"已延长答复期限（延长{period('foi.extension_max')}）"
        self.fields["received"].help_text = "当面提交为提交之日；邮寄为签收之日；网上为确认之日。"
        self.fields[
            "clarification_received"
        ].help_text = "告知补正后，答复期限自收到补正申请之日起重新计算（条例第三十条）。"
        for i in range(1, CONSULTATIONS + 1):
            self.fields[f"consultation_{i}_start"] = _date_field(f"第{i}次征求意见：发出日期")
            self.fields[f"consultation_{i}_end"] = _date_field(f"第{i}次征求意见：收到意见日期")
        # keep the checkbox last
        self.fields["extended"] = self.fields.pop("extended")
        self.describe()

    def consultation_rows(self):
        return [
            (i, self[f"consultation_{i}_start"], self[f"consultation_{i}_end"])
            for i in range(1, CONSULTATIONS + 1)
        ]

    def clean(self):
        data = super().clean()
        for i in range(1, CONSULTATIONS + 1):
            if data.get(f"consultation_{i}_end") and not data.get(f"consultation_{i}_start"):
                self.add_error(f"consultation_{i}_start", "请填写发出征求意见的日期")
        if self.errors:
            return data
        for name, message in self.question().problems().items():
            self.add_error(name, message)
        return data

    def question(self) -> DeadlineQuestion:
        data = self.cleaned_data
        consultations = tuple(
            (data[f"consultation_{i}_start"], data.get(f"consultation_{i}_end"))
            for i in range(1, CONSULTATIONS + 1)
            if data.get(f"consultation_{i}_start")
        )
        return DeadlineQuestion(
            received=data["received"],
            clarification_received=data.get("clarification_received"),
            third_party_consultations=consultations,
            extended=bool(data.get("extended")),
        )
