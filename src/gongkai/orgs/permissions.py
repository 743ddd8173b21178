"""The one permission layer: which units a staff user may act on, for which action.

A membership grants its role on its unit and every unit below it. Views and selectors ask
`units_for(user, action)` or `require(user, action, unit)`; nothing else decides access.
"""

from enum import StrEnum
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import Membership, Role, Unit, User


class Action(StrEnum):
    DOCUMENT_VIEW = "document.view"
    DOCUMENT_EDIT = "document.edit"
    DOCUMENT_PUBLISH = "document.publish"
    DOCUMENT_WITHDRAW = "document.withdraw"
    DOCUMENT_OVERSEE = "document.oversee"
    NEGATIVE_LIST_EDIT = "negative_list.edit"
    CASE_VIEW = "case.view"
    CASE_HANDLE = "case.handle"
    CASE_ASSIGN = "case.assign"
    CASE_APPROVE = "case.approve"
    REPORT_VIEW = "report.view"
    REPORT_MANAGE = "report.manage"
    PLAN_VIEW = "plan.view"
    PLAN_MANAGE = "plan.manage"
    PLAN_REPORT = "plan.report"


GRANTS: dict[Action, frozenset[Role]] = {
    Action.DOCUMENT_VIEW: frozenset(Role),
    Action.DOCUMENT_EDIT: frozenset({Role.EDITOR, Role.OFFICE, Role.ADMIN}),
    Action.DOCUMENT_PUBLISH: frozenset({Role.REVIEWER, Role.OFFICE, Role.ADMIN}),
    Action.DOCUMENT_WITHDRAW: frozenset({Role.OFFICE, Role.ADMIN}),
    # The office watches the review chain, the Art. 26 deadlines and what the guard holds back.
    Action.DOCUMENT_OVERSEE: frozenset({Role.OFFICE, Role.ADMIN}),
    # A unit's 负面清单 is kept by its reviewers and the openness office.
    Action.NEGATIVE_LIST_EDIT: frozenset({Role.REVIEWER, Role.OFFICE, Role.ADMIN}),
    # Applications hold applicants' personal data: handlers and the office, not every reader.
    Action.CASE_VIEW: frozenset({Role.EDITOR, Role.OFFICE, Role.ADMIN, Role.LEADER}),
    Action.CASE_HANDLE: frozenset({Role.EDITOR, Role.OFFICE, Role.ADMIN}),
    Action.CASE_ASSIGN: frozenset({Role.OFFICE, Role.ADMIN}),
    # An extension needs the head of the openness office (条例第三十三条第二款).
    Action.CASE_APPROVE: frozenset({Role.OFFICE, Role.ADMIN}),
    # A unit prepares its own annual report; the office also rolls up the government's.
    Action.REPORT_VIEW: frozenset(
        {Role.EDITOR, Role.REVIEWER, Role.OFFICE, Role.ADMIN, Role.LEADER}
    ),
    Action.REPORT_MANAGE: frozenset({Role.EDITOR, Role.OFFICE, Role.ADMIN}),
    Action.PLAN_VIEW: frozenset(Role),
    # The openness office imports plans, reviews reports, closes tasks and scores units.
    Action.PLAN_MANAGE: frozenset({Role.OFFICE, Role.ADMIN}),
    Action.PLAN_REPORT: frozenset({Role.EDITOR, Role.OFFICE, Role.ADMIN}),
}


def memberships(user: User) -> list[Membership]:
    """The user's memberships, loaded once per user object (that is, once per request)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, unit__is_active=True).select_related("unit")
        )
        user._gongkai_memberships = cached
    return cached


def is_staff_member(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(memberships(user)))


def roles(user: User) -> set[Role]:
    found = {Role(m.role) for m in memberships(user)}
    if user.is_authenticated and user.is_superuser:
        found.add(Role.ADMIN)
    return found


def _paths(user: User, action: Action) -> list[str] | None:
    """Subtree roots the user may act on; None means every unit."""
    if user.is_authenticated and user.is_superuser:
        return None
    allowed = GRANTS[action]
    return [m.unit.path for m in memberships(user) if m.role in allowed]


def unit_filter(user: User, action: Action, field: str = "") -> Q:
    """A Q object restricting `<field>__path` to the user's subtrees for the action."""
    paths = _paths(user, action)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    prefix = f"{field}__path__startswith" if field else "path__startswith"
    return reduce(or_, (Q(**{prefix: p}) for p in paths))


def units_for(user: User, action: Action) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_filter(user, action), is_active=True)


def can(user: User, action: Action, unit: Unit) -> bool:
    paths = _paths(user, action)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def holds(user: User, role: Role, unit: Unit) -> bool:
    """Whether the user holds `role` over `unit` (a review step names a role, not an action)."""
    if user.is_authenticated and user.is_superuser:
        return True
    return any(m.role == role and unit.path.startswith(m.unit.path) for m in memberships(user))


def require(user: User, action: Action, unit: Unit) -> None:
    if not can(user, action, unit):
        raise PermissionDenied(f"无权对“{unit}”执行此操作")
