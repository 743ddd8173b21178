from django import forms

from .models import Decision

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["unit", "kind", "decision_no", "title", "party", "summary", "basis", "decided_on"]
        widgets = {"decided_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].initial = units.first()


class RevokeForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)
    reason = forms.CharField(label="情况说明", max_length=300)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由（将公开）", max_length=300)
