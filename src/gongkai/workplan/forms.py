from django import forms
from django.utils import timezone

from gongkai.orgs.models import Unit, UnitKind

from .models import IndicatorSource
from .rules import PROGRESS_REPORT_TRANSITIONS, ProgressReportTransition
from .services import AUTO

MAX_PASTE = 200_000
# Resolved for the issuing unit by the services (all its villages, not every village).
GROUP_CHOICES = [
    ("group:town", "全部镇（街道）"),
    ("group:department", "全部政府部门"),
    ("group:village", "全部村（社区）（印发单位下属）"),
]


class ImportForm(forms.Form):
    issuer = forms.ModelChoiceField(label="印发单位", queryset=Unit.objects.none())
    file = forms.FileField(
        label="文件", required=False, help_text="TXT、DOCX、HTML 或 XLSX；也可以在下面粘贴全文"
    )
    text = forms.CharField(
        label="粘贴全文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_PASTE,
    )

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers
        # The top unit first: the office usually imports its own government's plan.
        self.fields["issuer"].initial = issuers.order_by("path").first()

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请选择文件或粘贴全文")
        return data

    def content(self) -> tuple[str, bytes]:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.name, upload.read()
        return "粘贴的文本.txt", self.cleaned_data["text"].encode("utf-8")


def unit_choices() -> list[tuple[str, str]]:
    units = Unit.objects.filter(is_active=True).exclude(kind=UnitKind.VILLAGE).order_by("path")
    return [("", "—— 请选择 ——"), *GROUP_CHOICES, *((str(u.pk), u.name) for u in units)]


class MappingForm(forms.Form):
    """One choice per unit name written in the plan, prefilled with the automatic match."""

    def __init__(self, *args, matches: list, **kwargs):
        super().__init__(*args, **kwargs)
        choices = unit_choices()
        self.names = [m.written for m in matches]
        for i, m in enumerate(matches):
            # A match to several units (a group) is kept as the preview shows it.
            several = len(m.unit_ids) > 1 or m.method == "group"
            own = [(AUTO, f"按匹配：{m.label}（{len(m.unit_ids)} 个单位）")] if several else []
            single = str(m.unit_ids[0]) if len(m.unit_ids) == 1 and not several else ""
            self.fields[f"map-{i}"] = forms.ChoiceField(
                label=m.written,
                choices=[choices[0], *own, *choices[1:]],
                required=True,
                initial=AUTO if several else single,
                error_messages={"required": "请选择对应的机构"},
            )

    def choices(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"map-{i}"] for i, name in enumerate(self.names)}


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(label="报送单位", queryset=Unit.objects.none())
    text = forms.CharField(
        label="进展情况", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    evidence = forms.ModelMultipleChoiceField(
        label="佐证：已在门户公开的信息（可多选）",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    files = forms.FileField(
        label="附件（选填）", required=False, help_text="PDF、DOCX、XLSX 或图片"
    )

    def __init__(self, *args, units, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0]
        self.fields["evidence"].queryset = documents


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="审核", widget=forms.RadioSelect)
    comment = forms.CharField(label="意见", required=False, max_length=500)

    def __init__(self, *args, decisions=tuple(ProgressReportTransition), **kwargs):
        super().__init__(*args, **kwargs)
        labels = PROGRESS_REPORT_TRANSITIONS.transitions
        self.fields["decision"].choices = [(d, labels[d]) for d in decisions]


class CloseForm(forms.Form):
    on = forms.DateField(
        label="完成日期",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label="销号说明", required=False, max_length=300)


class ReopenForm(forms.Form):
    reason = forms.CharField(label="重新打开的理由", max_length=300)


class IndicatorForm(forms.Form):
    name = forms.CharField(label="指标", max_length=100)
    weight = forms.IntegerField(label="分值", min_value=1, max_value=100)
    source = forms.ChoiceField(label="计分方式", choices=IndicatorSource.choices)


class ManualScoreForm(forms.Form):
    indicator = forms.ModelChoiceField(label="指标", queryset=None)
    unit = forms.ModelChoiceField(label="单位", queryset=None)
    score = forms.DecimalField(label="得分", max_digits=5, decimal_places=1, min_value=0)
    reason = forms.CharField(label="理由", max_length=300)

    def __init__(self, *args, indicators, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["unit"].queryset = units
