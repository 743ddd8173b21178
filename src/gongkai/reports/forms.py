from django import forms

from gongkai.foi.models import InfoRequest, RemedyKind, RemedyOutcome
from gongkai.foi.rules import FIRST_YEAR
from gongkai.orgs.models import Unit

from .models import AnnualReport


class NewReportForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none())
    year = forms.IntegerField(label="年度", min_value=FIRST_YEAR, max_value=2100)
    rollup = forms.BooleanField(label="汇总下属单位的数据（本级政府报告）", required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["overview", "problems", "other"]
        widgets = {name: forms.Textarea(attrs={"rows": 10}) for name in fields}
        help_texts = {
            "overview": (
                "主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面综述，"
                "原则上不超过一千字"
            ),
            "other": "收取信息处理费的情况在此报告",
        }


class FigureForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    value = forms.CharField(label="数字", max_length=20)
    reason = forms.CharField(label="数据来源或理由", max_length=300)


class RemedyForm(forms.Form):
    respondent = forms.ModelChoiceField(label="被申请人（被告）", queryset=Unit.objects.none())
    kind = forms.ChoiceField(label="类别", choices=RemedyKind.choices)
    filed_on = forms.DateField(
        label="收到复议申请或起诉状之日", widget=forms.DateInput(attrs={"type": "date"})
    )
    reference = forms.CharField(label="案号", max_length=80, required=False)
    registration_no = forms.CharField(
        label="涉及申请的登记号（可不填）", max_length=40, required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = units

    def clean_registration_no(self):
        number = self.cleaned_data["registration_no"].strip()
        if not number:
            return None
        case = InfoRequest.objects.filter(registration_no=number).first()
        if case is None:
            raise forms.ValidationError("没有这个登记号的申请")
        return case


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label="结果", choices=[c for c in RemedyOutcome.choices if c[0] != RemedyOutcome.PENDING]
    )
    decided_on = forms.DateField(label="审结日期", widget=forms.DateInput(attrs={"type": "date"}))
