"""Staff pages for documents: thin views over the services, scoped by the permission layer."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.orgs.permissions import (
    Action,
    can,
    is_staff_member,
    memberships,
    require,
    units_for,
)

from . import services
from .forms import AttachmentForm, DocumentForm, WithdrawForm
from .models import Attachment, Document
from .rules import Status, TransitionError
from .selectors import document_list_staff, page_of


def staff_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            raise PermissionDenied("此页面仅供工作人员使用")
        return view(request, *args, **kwargs)

    return wrapper


def _document(request: HttpRequest, pk: int, action: Action | None = None) -> Document:
    """The document if the user may see it (else 404) and may do `action` to it (else 403)."""
    visible = Document.objects.visible_to(request.user).select_related("issuer", "interprets")
    document = get_object_or_404(visible, pk=pk)
    if action is not None:
        require(request.user, action, document.issuer)
    return document


def _form_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status")
    page = page_of(document_list_staff(user=request.user, status=status), request.GET.get("page"))
    return render(
        request,
        "publishing/staff_home.html",
        {
            "page": page,
            "status": status,
            "memberships": memberships(request.user),
        },
    )


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
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("staff:document", pk=saved.pk)
    return render(request, "publishing/document_form.html", {"form": form, "document": document})


@staff_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    user = request.user
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
            "may_edit": can(user, Action.DOCUMENT_EDIT, document.issuer),
            "may_publish": can(user, Action.DOCUMENT_PUBLISH, document.issuer)
            and document.status != Status.PUBLISHED,
            "may_withdraw": can(user, Action.DOCUMENT_WITHDRAW, document.issuer)
            and document.status == Status.PUBLISHED,
        },
    )


@staff_required
@require_POST
def document_publish(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, Action.DOCUMENT_PUBLISH)
    try:
        document = services.document_publish(actor=request.user, document=document)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已发布，索引号 {document.index_no}")
    return redirect("staff:document", pk=pk)


@staff_required
@require_POST
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, Action.DOCUMENT_WITHDRAW)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "撤下文件须说明理由")
        return redirect("staff:document", pk=pk)
    try:
        services.document_withdraw(
            actor=request.user, document=document, reason=form.cleaned_data["reason"]
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已撤下")
    return redirect("staff:document", pk=pk)


@staff_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, Action.DOCUMENT_EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                actor=request.user, document=document, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, f"附件未上传：{message}")
        else:
            messages.success(request, f"附件“{attachment.original_name}”已上传")
    else:
        for message in form.errors.get("file", ["请选择文件"]):
            messages.error(request, f"附件未上传：{message}")
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
    services.attachment_remove(actor=request.user, attachment=attachment)
    messages.success(request, "附件已删除")
    return redirect("staff:document", pk=pk)
