"""行政执法公示: staff register and publish decisions; the public column lists them."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.web import REFUSED, page_of, show_refusal
from gongkai.orgs.models import User
from gongkai.orgs.permissions import Action, can, staff_required, units_for

from . import services
from .forms import DecisionForm, RevokeForm, WithdrawForm
from .models import Decision
from .rules import DECISION_TRANSITIONS, KIND_LABELS, Step
from .selectors import decisions_visible_to, late, may_publish, public_decisions
from .services import PUBLIC_TEXT


@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    units = units_for(request.user, Action.ENFORCEMENT_REGISTER)
    form = DecisionForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise PermissionDenied("您的岗位不能登记执法决定")
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                decision = services.decision_register(
                    actor=request.user, unit=data.pop("unit"), **data
                )
            except REFUSED as error:
                show_refusal(error, form=form)
            else:
                messages.success(request, f"已登记，应于 {decision.publish_due} 前公示")
                return redirect("publicity_staff:detail", pk=decision.pk)
    mine = decisions_visible_to(request.user)
    page = page_of(mine, request.GET)
    # Only the rows on this page need the flag; one query whatever the page holds.
    on_page = mine.filter(pk__in=[d.pk for d in page])
    return render(
        request,
        "enforcement/staff_list.html",
        {
            "page": page,
            "late": set(late(on_page, timezone.localdate()).values_list("pk", flat=True)),
            "form": form if units.exists() else None,
        },
    )


def _findings(decision: Decision) -> list[tuple[str, str]]:
    """(field, kind) pairs the scanner would refuse, shown before anyone tries to publish."""
    labels = {name: Decision._meta.get_field(name).verbose_name for name in PUBLIC_TEXT}
    return [
        (labels[name], finding.kind.label)
        for name, found in services.findings(decision).items()
        for finding in found
    ]


def _may(user: User, decision: Decision, allowed: list[str]) -> dict[str, bool]:
    """Which steps to offer: those the decision's state allows and the user may take. A button
    the state does not allow only leads to a refusal, one the user cannot use to a 403 page."""
    may = {
        step: step in allowed and can(user, services.PERMISSIONS[step], decision.unit)
        for step in Step
    }
    may[Step.PUBLISH] = may[Step.PUBLISH] and may_publish(user, decision)
    return may


@staff_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    allowed = DECISION_TRANSITIONS.open_to(decision.state)
    return render(
        request,
        "enforcement/staff_detail.html",
        {
            "decision": decision,
            "may": _may(request.user, decision, allowed),
            "to_publish": Step.PUBLISH in allowed,
            # Only what is still to go out is masked: a public record is withdrawn instead.
            "findings": _findings(decision) if Step.MASK in allowed else [],
            "revoke_form": RevokeForm(),
            "withdraw_form": WithdrawForm(),
            "events": decision.events.select_related("actor"),
            "late": late(Decision.objects.filter(pk=pk), timezone.localdate()).exists(),
        },
    )


def _publish(user: User, decision: Decision) -> str:
    services.decision_publish(actor=user, decision=decision)
    return "已公示"


def _mask(user: User, decision: Decision) -> str:
    count = sum(len(found) for found in services.findings(decision).values())
    services.decision_mask(actor=user, decision=decision)
    return f"已遮盖 {count} 处个人信息或密级标志"


def _revoke(user: User, decision: Decision, on: date, reason: str) -> str:
    services.decision_revoked(actor=user, decision=decision, on=on, reason=reason)
    return "已登记，请在期限内撤回"


def _withdraw(user: User, decision: Decision, reason: str) -> str:
    services.decision_withdraw(actor=user, decision=decision, reason=reason)
    return "已撤回"


# action in the URL → (the form its POST must fill, if any; the step, returning the message)
STEPS = {
    Step.PUBLISH: (None, _publish),
    Step.MASK: (None, _mask),
    Step.REVOKE: (RevokeForm, _revoke),
    Step.WITHDRAW: (WithdrawForm, _withdraw),
}


@staff_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    if action not in STEPS:
        raise Http404("未知的操作")
    form_class, step = STEPS[action]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, "请填写完整")
        return redirect("publicity_staff:detail", pk=pk)
    try:
        done = step(request.user, decision, **(form.cleaned_data if form else {}))
    except REFUSED as error:
        show_refusal(error, request=request)
    else:
        messages.success(request, done)
    return redirect("publicity_staff:detail", pk=pk)


def public_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    decisions = public_decisions()
    if kind in KIND_LABELS:
        decisions = decisions.filter(kind=kind)
    return render(
        request,
        "enforcement/public_list.html",
        {
            "page": page_of(decisions, request.GET),
            "kinds": KIND_LABELS.items(),
            "kind": kind,
        },
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(public_decisions(), pk=pk)
    return render(request, "enforcement/public_detail.html", {"decision": decision})
