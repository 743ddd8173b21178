"""Forms for the steps staff take on a case; each one is handed to one service."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone

from gongkai.calendar.rules import add_working_days
from gongkai.calendar.workdays import oracle
from gongkai.core.periods import period
from gongkai.orgs.models import Unit

from .forms import ApplicantChecks
from .models import ApplicantType, DeliveryForm, DeliveryWay, FileKind, IdType, InfoRequest
from .rules import CHANNEL_LABELS, LAPSE_OUTCOMES, OUTCOMES, Channel, PauseKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return timezone.localdate()


class StepForm(forms.Form):
    on = forms.DateField(label="日期", initial=_today, widget=DATE)


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label="协办单位",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    reason = forms.CharField(label="分办说明", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).order_by("path")
        self.fields["unit"].queryset = units
        self.fields["co_units"].queryset = units


class NoteForm(forms.Form):
    text = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class FileForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别", choices=[(k, v) for k, v in FileKind.choices if k != FileKind.LETTER]
    )
    title = forms.CharField(label="名称", required=False, max_length=200)
    file = forms.FileField(label="文件", help_text="PDF、DOCX、XLSX 或图片")


class ClarificationForm(StepForm):
    items = forms.CharField(
        label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    correct_by = forms.DateField(label="补正期限", widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = period("foi.clarification")
        help_text = f"空时为告知日起{allowed}（一般不超过{allowed}，{allowed.source}）"
        self.fields["correct_by"].help_text = help_text

    def clean(self):
        data = super().clean()
        if data.get("on") and not data.get("correct_by"):
            days = period("foi.clarification").amount
            data["correct_by"] = add_working_days(data["on"], days, oracle()).end
        return data


class ThirdPartyConsultationForm(StepForm):
    kind = forms.ChoiceField(
        label="征求对象",
        choices=[
            (PauseKind.THIRD_PARTY.value, "第三方（条例第三十二条）"),
            (PauseKind.OTHER_AGENCY.value, "其他行政机关（条例第三十四条）"),
        ],
    )
    party = forms.CharField(label="名称", max_length=200)


class ThirdPartyConsultationEndForm(StepForm):
    opinion = forms.CharField(
        label="意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class ExtensionForm(StepForm):
    days = forms.IntegerField(label="延长工作日数", min_value=1)
    reason = forms.CharField(label="延期理由", max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        most = period("foi.extension_max")
        days = self.fields["days"]
        days.max_value, days.initial = most.amount, most.amount
        days.validators.append(MaxValueValidator(most.amount))
        days.widget.attrs["max"] = most.amount
        days.help_text = f"最长{most}（{most.source}），须经政府信息公开工作机构负责人批准"


class DeclineForm(StepForm):
    reason = forms.CharField(label="不同意的理由", max_length=300)


class FeeForm(StepForm):
    method = forms.ChoiceField(
        label="计收方式",
        choices=[("count", "按件计收"), ("pages", "按量计收")],
        widget=forms.RadioSelect,
        initial="count",
    )
    pages = forms.IntegerField(label="页数（按量计收时）", min_value=1, required=False)

    def clean(self):
        data = super().clean()
        if data.get("method") == "pages" and not data.get("pages"):
            self.add_error("pages", "按量计收须填写页数")
        return data


class ReplyForm(StepForm):
    outcome = forms.ChoiceField(
        label="答复类型",
        choices=[(o.code, o.display) for o in OUTCOMES if o.code not in LAPSE_OUTCOMES],
    )
    detail = forms.CharField(
        label="说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="部分公开须写明不予公开的内容及理由；其他答复可补充获取方式、负责机关等",
    )


class DeliverForm(StepForm):
    way = forms.CharField(
        label="送达方式", max_length=100, help_text="例如：电子邮件、邮寄（挂号信）、当面领取"
    )
    note = forms.CharField(label="备注", required=False, max_length=300)


class IntakeForm(ApplicantChecks, forms.Form):
    receiver = forms.ModelChoiceField(label="受理机关", queryset=Unit.objects.none())
    channel = forms.ChoiceField(
        label="申请渠道",
        choices=[(c.value, label) for c, label in CHANNEL_LABELS.items() if c != Channel.ONLINE],
    )
    handed_in = forms.DateField(label="当面提交日期", required=False, widget=DATE)
    signed_for = forms.DateField(
        label="签收日期（挂号信等需签收的邮件）", required=False, widget=DATE
    )
    confirmed = forms.DateField(label="与申请人确认收到的日期", required=False, widget=DATE)
    confirmed_by = forms.CharField(label="确认收件人", max_length=50)
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    name = forms.CharField(label="姓名或名称", max_length=100)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=40)
    contact_person = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    subject = forms.CharField(label="所需信息的名称", max_length=300)
    doc_no = forms.CharField(label="文号", max_length=100, required=False)
    description = forms.CharField(
        label="特征性描述",
        required=False,
        max_length=InfoRequest._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    delivery_form = forms.ChoiceField(label="提供形式", choices=DeliveryForm.choices)
    delivery_way = forms.ChoiceField(label="获取方式", choices=DeliveryWay.choices)

    def __init__(self, *args, receivers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = receivers
