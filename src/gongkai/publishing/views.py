"""Staff pages for documents: thin views over the services, scoped by the permission layer."""

import difflib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.calendar.workdays import due_soon_limit
from gongkai.core.privacy import mask
from gongkai.core.web import REFUSED, attempt, page_of, show_refusal
from gongkai.orgs.permissions import (
    Action,
    can,
    memberships,
    require,
    staff_required,
    units_for,
)

from . import review, selectors, services
from .findings import findings_for
from .forms import (
    AttachmentForm,
    DocumentForm,
    ExemptForm,
    NegativeItemForm,
    OverrideForm,
    ReviewForm,
    WithdrawForm,
)
from .models import Attachment, Document, NegativeListItem
from .rules import POLICY_GENRES, SECRECY_CHECKLIST, Status
from .selectors import document_list_staff


def _document(request: HttpRequest, pk: int, action: Action | None = None) -> Document:
    """The document if the user may see it (else 404) and may do `action` to it (else 403)."""
    visible = Document.objects.visible_to(request.user).select_related("issuer", "interprets")
    document = get_object_or_404(visible, pk=pk)
    if action is not None:
        require(request.user, action, document.issuer)
    return document


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status")
    page = page_of(document_list_staff(user=request.user, status=status), request.GET)
    return render(
        request,
        "publishing/staff_home.html",
        {
            "page": page,
            "status": status,
            "memberships": memberships(request.user),
            "today": timezone.localdate(),
            "due_soon": due_soon_limit(timezone.localdate()),
        },
    )


@staff_required
def review_board(request: HttpRequest) -> HttpResponse:
    if not units_for(request.user, Action.DOCUMENT_OVERSEE).exists():
        raise PermissionDenied("审核看板供政务公开办使用")
    board = selectors.review_board(user=request.user, today=timezone.localdate())
    return render(request, "publishing/review_board.html", {"board": board})


@staff_required
def negative_list(request: HttpRequest) -> HttpResponse:
    """负面清单 of the user's units: what they do not disclose, and on what basis."""
    editable = units_for(request.user, Action.NEGATIVE_LIST_EDIT)
    form = NegativeItemForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not editable.exists():
            raise PermissionDenied("负面清单由本单位审核人和政务公开办维护")
        if form.is_valid():
            try:
                services.negative_item_add(actor=request.user, **form.cleaned_data)
            except REFUSED as error:
                show_refusal(error, form=form)
            else:
                messages.success(request, "已加入负面清单")
                return redirect("staff:negative_list")
    items = NegativeListItem.objects.filter(
        unit__in=units_for(request.user, Action.DOCUMENT_VIEW)
    ).select_related("unit", "retired_by")
    return render(
        request,
        "publishing/negative_list.html",
        {"items": items, "form": form if editable.exists() else None, "editable": set(editable)},
    )


@staff_required
@require_POST
def negative_item_retire(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(NegativeListItem.objects.select_related("unit"), pk=pk)
    attempt(
        request,
        lambda: services.negative_item_retire(
            actor=request.user, item=item, reason=request.POST.get("reason", "")
        ),
        done=f"已停用：{item.matter}",
    )
    return redirect("staff:negative_list")


@staff_required
def document_create(request: HttpRequest) -> HttpResponse:
    if not units_for(request.user, Action.DOCUMENT_EDIT).exists():
        raise PermissionDenied("您的岗位没有起草文件的权限")
    form = DocumentForm(request.POST or None, user=request.user)
    return _save_form(
        request,
        form,
        None,
        "草稿已保存",
        lambda: services.document_create(actor=request.user, **form.changes()),
    )


@staff_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, Action.DOCUMENT_EDIT)
    form = DocumentForm(
        request.POST or None, instance=Document.objects.get(pk=pk), user=request.user
    )
    return _save_form(
        request,
        form,
        document,
        "修改已保存",
        lambda: services.document_update(
            actor=request.user,
            document=document,
            reason=request.POST.get("reason", ""),
            **form.changes(),
        ),
    )


def _save_form(request, form, document, done: str, save) -> HttpResponse:
    """Run the service on a valid POST; its validation errors go back onto the form."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except REFUSED as error:
            show_refusal(error, form=form)
        else:
            messages.success(request, done)
            return redirect("staff:document", pk=saved.pk)
    return render(request, "publishing/document_form.html", {"form": form, "document": document})


def _review_form(stage, data=None) -> ReviewForm:
    form = ReviewForm(data)
    if stage is not None and stage.secrecy_check:
        for key, label in SECRECY_CHECKLIST.items():
            form.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)
    return form


@staff_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    user = request.user
    stage = selectors.current_stage(document)
    editable = document.status in services.EDITABLE_STATES
    may_edit = can(user, Action.DOCUMENT_EDIT, document.issuer)
    may_review = stage is not None and selectors.review_refusal(user, document, stage) is None
    found = findings_for(document)
    return render(
        request,
        "publishing/staff_document.html",
        {
            "document": document,
            "attachments": document.attachments.all(),
            "events": document.events.select_related("actor"),
            "interpretations": document.interpretations.select_related("issuer"),
            "attachment_form": AttachmentForm(),
            "withdraw_form": WithdrawForm(),
            "stage": stage,
            "chain": selectors.chain(),
            "findings": [(f, mask(f.finding)) for f in found],
            "unresolved": sum(not f.overridden for f in found),
            "blockers": services.publication_blockers(document),
            "review_form": _review_form(stage) if may_review else None,
            "override_allowed": review.may_settle_findings(user, document),
            "exempt_form": ExemptForm()
            if document.genre in POLICY_GENRES
            and can(user, Action.INTERPRETATION_EXEMPT, document.issuer)
            and not document.interpretation_exempt_reason
            else None,
            "may_edit": may_edit and (editable or document.status == Status.PUBLISHED),
            "may_change_files": may_edit and editable,
            "may_submit": may_edit and editable,
            "may_take_back": document.status == Status.APPROVED
            and can(user, Action.DOCUMENT_TAKE_BACK, document.issuer),
            "may_withdraw": can(user, Action.DOCUMENT_WITHDRAW, document.issuer)
            and document.status == Status.PUBLISHED,
            "versions": document.versions.order_by("-number"),
        },
    )


def _done(request: HttpRequest, pk: int, run, success: str) -> HttpResponse:
    """Run a service; its refusal comes back as a message on the document's page."""
    attempt(request, run, done=success)
    return redirect("staff:document", pk=pk)


def _step(service, action: Action, success: str):
    """A view that runs one review step with nothing to fill in."""

    @staff_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        document = _document(request, pk, action)
        return _done(request, pk, lambda: service(actor=request.user, document=document), success)

    return view


document_submit = _step(review.review_submit, Action.DOCUMENT_EDIT, "已提交审核")
findings_mask = _step(
    review.findings_mask, Action.DOCUMENT_EDIT, "已遮盖标题和正文中的个人信息与密级标志"
)


@staff_required
@require_POST
def document_review(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    stage = selectors.current_stage(document)
    form = _review_form(stage, request.POST)
    if not form.is_valid():
        messages.error(request, "请选择通过或退回")
        return redirect("staff:document", pk=pk)
    data = form.cleaned_data
    if data["decision"] == "return":
        return _done(
            request,
            pk,
            lambda: review.review_return(
                actor=request.user, document=document, comment=data["comment"]
            ),
            "已退回修改",
        )
    checklist = {k: data.get(f"check_{k}", False) for k in SECRECY_CHECKLIST}
    return _done(
        request,
        pk,
        lambda: review.review_approve(
            actor=request.user, document=document, comment=data["comment"], checklist=checklist
        ),
        f"“{stage.name}”已通过" if stage else "已通过",
    )


@staff_required
@require_POST
def document_take_back(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, Action.DOCUMENT_TAKE_BACK)
    return _done(
        request,
        pk,
        lambda: review.review_return(
            actor=request.user, document=document, comment=request.POST.get("comment", "")
        ),
        "已撤回到草稿",
    )


@staff_required
@require_POST
def finding_override(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "放行须说明理由")
        return redirect("staff:document", pk=pk)
    return _done(
        request,
        pk,
        lambda: review.finding_override(actor=request.user, document=document, **form.cleaned_data),
        "已放行",
    )


@staff_required
@require_POST
def interpretation_exempt(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, Action.INTERPRETATION_EXEMPT)
    form = ExemptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "须说明免于解读的理由")
        return redirect("staff:document", pk=pk)
    return _done(
        request,
        pk,
        lambda: review.interpretation_exempt(
            actor=request.user, document=document, reason=form.cleaned_data["reason"]
        ),
        "已登记免于解读",
    )


@staff_required
def document_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Earlier versions next to the current text, line by line."""
    document = _document(request, pk)
    versions = list(document.versions.order_by("-number"))
    chosen = next((v for v in versions if str(v.number) == request.GET.get("v")), None)
    chosen = chosen or (versions[0] if versions else None)
    diff = line_diff(chosen.body, document.body) if chosen else []
    return render(
        request,
        "publishing/versions.html",
        {
            "document": document,
            "versions": versions,
            "chosen": chosen,
            "diff": diff,
            "title_changed": chosen is not None and chosen.title != document.title,
        },
    )


def line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """("same" | "removed" | "added", line) for each line of the two texts."""
    marks = {" ": "same", "-": "removed", "+": "added"}
    return [
        (marks[line[0]], line[2:])
        for line in difflib.ndiff(old.splitlines(), new.splitlines())
        if line[0] in marks
    ]


@staff_required
@require_POST
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, Action.DOCUMENT_WITHDRAW)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "撤下文件须说明理由")
        return redirect("staff:document", pk=pk)
    return _done(
        request,
        pk,
        lambda: services.document_withdraw(
            actor=request.user, document=document, reason=form.cleaned_data["reason"]
        ),
        "已撤下",
    )


UPLOAD = "上传附件"


@staff_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, Action.DOCUMENT_EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        refusal = ValidationError(form.errors.get("file", ["请选择文件"]))
        show_refusal(refusal, request=request, what=UPLOAD)
        return redirect("staff:document", pk=pk)
    upload = form.cleaned_data["file"]
    attempt(
        request,
        lambda: services.attachment_add(actor=request.user, document=document, upload=upload),
        done=f"附件“{upload.name}”已上传",
        what=UPLOAD,
    )
    return redirect("staff:document", pk=pk)


@staff_required
@require_POST
def attachment_remove(request: HttpRequest, uuid) -> HttpResponse:
    attachment = get_object_or_404(
        Attachment.objects.filter(
            document__in=Document.objects.visible_to(request.user)
        ).select_related("document__issuer"),
        uuid=uuid,
    )
    pk = attachment.document_id
    require(request.user, Action.DOCUMENT_EDIT, attachment.document.issuer)
    attempt(
        request,
        lambda: services.attachment_remove(actor=request.user, attachment=attachment),
        done="附件已删除",
        what="删除附件",
    )
    return redirect("staff:document", pk=pk)
