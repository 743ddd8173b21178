from django import forms

from gongkai.core.periods import period
from gongkai.orgs.models import User
from gongkai.orgs.permissions import Action, units_for

from .models import Document, DocumentKind, NegativeListItem
from .rules import POLICY_GENRES, Status
from .services import EDITABLE_FIELDS


class DocumentForm(forms.ModelForm):
    interprets_index_no = forms.CharField(
        label="被解读文件的索引号",
        required=False,
        max_length=60,
        help_text="仅政策解读填写：已发布文件的索引号，例如 11441700007280420Y/2026-00012",
    )
    interprets_draft = forms.ModelChoiceField(
        label="或：同步起草中的政策文件",
        queryset=Document.objects.none(),
        required=False,
        help_text="政策文件与解读同步起草、同步审签、同步发布时选择",
    )

    class Meta:
        model = Document
        # The policy a reading interprets is entered by its 索引号 or chosen among drafts below.
        fields = [f for f in EDITABLE_FIELDS if f != "interprets"]
        widgets = {
            "written_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "formed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "publish_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "body": forms.Textarea(attrs={"rows": 18}),
        }
        help_texts = {
            "publish_at": "空时审核通过即发布",
            "disclosure_ground": "依申请公开、不予公开须选择法定理由或负面清单事项",
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        proactive = period("publishing.proactive")
        self.fields["formed_on"].help_text = f"自该日起{proactive}内公开（条例第二十六条）"
        issuers = units_for(user, Action.DOCUMENT_EDIT)
        self.fields["issuer"].queryset = issuers
        if not self.instance.pk and len(issuers) == 1:
            self.fields["issuer"].initial = issuers[0]
        self.fields["negative_item"].queryset = NegativeListItem.objects.filter(
            unit__in=issuers, retired_at__isnull=True
        ).select_related("unit")
        self.fields["interprets_draft"].queryset = (
            Document.objects.visible_to(user)
            .filter(kind=DocumentKind.DOCUMENT, genre__in=POLICY_GENRES)
            .exclude(status=Status.PUBLISHED)
        )
        target = self.instance.interprets
        if target is not None and target.is_published:
            self.fields["interprets_index_no"].initial = target.index_no
        elif target is not None:
            self.fields["interprets_draft"].initial = target

    def clean(self):
        data = super().clean()
        number = (data.get("interprets_index_no") or "").strip()
        data["interprets"] = None
        if data.get("kind") == DocumentKind.INTERPRETATION:
            if data.get("interprets_draft") is not None:
                data["interprets"] = data["interprets_draft"]
            elif not number:
                self.add_error(
                    "interprets_index_no",
                    "政策解读须填写被解读文件的索引号或选择同步起草的政策文件",
                )
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


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核意见",
        choices=[("approve", "通过"), ("return", "退回修改")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class OverrideForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label="放行理由", max_length=300)


class ExemptForm(forms.Form):
    reason = forms.CharField(label="免于解读的理由", max_length=300)


class NegativeItemForm(forms.ModelForm):
    class Meta:
        model = NegativeListItem
        fields = ["unit", "matter", "basis"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, Action.NEGATIVE_LIST_EDIT)
