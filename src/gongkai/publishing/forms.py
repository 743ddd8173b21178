from django import forms

from gongkai.orgs.models import User
from gongkai.orgs.permissions import Action, units_for

from .models import Document, DocumentKind
from .services import EDITABLE_FIELDS


class DocumentForm(forms.ModelForm):
    interprets_index_no = forms.CharField(
        label="被解读文件的索引号",
        required=False,
        max_length=60,
        help_text="仅政策解读填写，例如 11441700007280420Y/2026-00012",
    )

    class Meta:
        model = Document
        # The editable fields but those set elsewhere: the policy a reading interprets is
        # entered by its 索引号 below, the disclosure attribute comes with the review workflow.
        fields = [f for f in EDITABLE_FIELDS if f not in ("interprets", "disclosure_mode")]
        widgets = {
            "written_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 18}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        issuers = units_for(user, Action.DOCUMENT_EDIT)
        self.fields["issuer"].queryset = issuers
        if not self.instance.pk and len(issuers) == 1:
            self.fields["issuer"].initial = issuers[0]
        if self.instance.interprets_id:
            self.fields["interprets_index_no"].initial = self.instance.interprets.index_no

    def clean(self):
        data = super().clean()
        number = (data.get("interprets_index_no") or "").strip()
        data["interprets"] = None
        if data.get("kind") == DocumentKind.INTERPRETATION:
            if not number:
                self.add_error("interprets_index_no", "政策解读须填写被解读文件的索引号")
            else:
                target = (
                    Document.objects.published()
                    .filter(index_no=number, kind=DocumentKind.DOCUMENT)
                    .first()
                )
                if target is None:
                    self.add_error("interprets_index_no", "没有找到该索引号的已发布文件")
                data["interprets"] = target
        elif number:
            self.add_error("interprets_index_no", "只有政策解读需要填写被解读文件")
        return data

    def changes(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["interprets"] = self.cleaned_data["interprets"]
        return fields


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件",
        help_text="PDF、DOCX、XLSX 或图片（PNG、JPEG、GIF、WebP）",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp"}
        ),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤下理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
