"""The one permission layer: which units an actor may act on, for which action.

A membership grants its role on its unit and every unit below it; each decision is one action
of the grants table. Views and services ask `units_for(actor, action)` or
`require(actor, action, unit)`; nothing else decides access. An actor is a user or one of the
explicit markers of gongkai.core.actors: SYSTEM may take the few actions granted to it below,
PUBLIC none (the public reaches only the portal's own entry points).
"""

from collections.abc import Callable
from enum import StrEnum
from functools import reduce, wraps
from operator import or_

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from gongkai.core.actors import SYSTEM, Automatic

from .models import Membership, Role, Unit, User


class Action(StrEnum):
    DOCUMENT_VIEW = "document.view"
    DOCUMENT_EDIT = "document.edit"
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
    DOCUMENT_IMPORT = "document.import"
    DOCUMENT_TAKE_BACK = "document.take_back"
    INTERPRETATION_EXEMPT = "interpretation.exempt"
    ENFORCEMENT_VIEW = "enforcement.view"
    ENFORCEMENT_REGISTER = "enforcement.register"
    ENFORCEMENT_PUBLISH = "enforcement.publish"
    REMEDY_VIEW = "remedy.view"
    REMEDY_RECORD = "remedy.record"
    UNIT_ALIAS = "unit.alias"
    LOGIN_UNLOCK = "login.unlock"
    CONFIGURE = "configure"


GRANTS: dict[Action, frozenset[Role]] = {
    Action.DOCUMENT_VIEW: frozenset(Role),
    Action.DOCUMENT_EDIT: frozenset({Role.EDITOR, Role.OFFICE, Role.ADMIN}),
    Action.DOCUMENT_WITHDRAW: frozenset({Role.OFFICE, Role.ADMIN}),
    # Documents published before they came here are recorded by the office, not by an editor.
    Action.DOCUMENT_IMPORT: frozenset({Role.OFFICE, Role.ADMIN}),
    # An approved document waiting for its time: the office may take it back to draft.
    Action.DOCUMENT_TAKE_BACK: frozenset({Role.OFFICE, Role.ADMIN}),
    # A policy published without an interpretation needs the office's recorded reason.
    Action.INTERPRETATION_EXEMPT: frozenset({Role.OFFICE, Role.ADMIN}),
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
    # 行政执法公示: the unit's staff register and mask decisions; reviewers and the office put
    # them up and take them down.
    Action.ENFORCEMENT_VIEW: frozenset(Role),
    Action.ENFORCEMENT_REGISTER: frozenset({Role.EDITOR, Role.OFFICE, Role.ADMIN}),
    Action.ENFORCEMENT_PUBLISH: frozenset({Role.REVIEWER, Role.OFFICE, Role.ADMIN}),
    # Administrative reviews and lawsuits behind annual-report table 四.
    Action.REMEDY_VIEW: frozenset({Role.EDITOR, Role.OFFICE, Role.ADMIN, Role.LEADER}),
    Action.REMEDY_RECORD: frozenset({Role.EDITOR, Role.OFFICE, Role.ADMIN}),
    # How plans write a unit's name, learned when the office maps a name by hand.
    Action.UNIT_ALIAS: frozenset({Role.OFFICE, Role.ADMIN}),
    # A login locked by wrong passwords: whoever cannot wait calls the openness office.
    Action.LOGIN_UNLOCK: frozenset({Role.OFFICE, Role.ADMIN}),
    # The platform's configuration: the organisation tree, roles, holidays, periods, chains.
    Action.CONFIGURE: frozenset({Role.ADMIN}),
}
# What the platform does on its own account: configuration loaded by the operator at the
# command line (the organisation tree of a new installation, a year's holidays).
SYSTEM_GRANTS: frozenset[Action] = frozenset({Action.CONFIGURE})


def _named(actor: User | Automatic) -> User | Automatic:
    """No decision is taken for nobody: None is not an actor."""
    if actor is None:
        raise TypeError("every action names its actor: a user, SYSTEM or PUBLIC")
    return actor


def memberships(user: User | Automatic) -> list[Membership]:
    """The user's memberships, loaded once per user object (that is, once per request)."""
    if isinstance(_named(user), Automatic) or not user.is_authenticated:
        return []
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, unit__is_active=True).select_related("unit")
        )
        user._gongkai_memberships = cached
    return cached


def _superuser(actor: User | Automatic) -> bool:
    actor = _named(actor)
    return not isinstance(actor, Automatic) and actor.is_authenticated and actor.is_superuser


def is_staff_member(user: User | Automatic) -> bool:
    return _superuser(user) or bool(memberships(user))


def roles(user: User | Automatic) -> set[Role]:
    found = {Role(m.role) for m in memberships(user)}
    if _superuser(user):
        found.add(Role.ADMIN)
    return found


def _paths(user: User | Automatic, action: Action) -> list[str] | None:
    """Subtree roots the actor may act on; None means every unit. A superuser is the platform
    admin everywhere, and only that: the admin configures, and reviews nothing."""
    if isinstance(user, Automatic):
        return None if user == SYSTEM and action in SYSTEM_GRANTS else []
    if _superuser(user) and Role.ADMIN in GRANTS[action]:
        return None
    allowed = GRANTS[action]
    return [m.unit.path for m in memberships(user) if m.role in allowed]


def unit_filter(user: User | Automatic, action: Action, field: str = "") -> Q:
    """A Q object restricting `<field>__path` to the user's subtrees for the action."""
    paths = _paths(user, action)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    prefix = f"{field}__path__startswith" if field else "path__startswith"
    return reduce(or_, (Q(**{prefix: p}) for p in paths))


def units_for(user: User | Automatic, action: Action) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_filter(user, action), is_active=True)


def can(user: User | Automatic, action: Action, unit: Unit) -> bool:
    paths = _paths(user, action)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def holds(user: User | Automatic, role: Role, unit: Unit) -> bool:
    """Whether the user holds `role` over `unit` (a review step names a role, not an action).
    A superuser holds the admin role, not the reviewers'."""
    if _superuser(user) and role == Role.ADMIN:
        return True
    return any(m.role == role and unit.path.startswith(m.unit.path) for m in memberships(user))


def require(user: User | Automatic, action: Action, unit: Unit) -> None:
    if not can(user, action, unit):
        raise PermissionDenied(f"无权对“{unit}”执行此操作")


def can_everywhere(user: User | Automatic, action: Action) -> bool:
    """Whether the actor may take `action` over the whole tree: for what belongs to the
    platform rather than to a unit, such as its logins."""
    paths = _paths(user, action)
    if paths is None:
        return True
    roots = Unit.objects.filter(parent__isnull=True, is_active=True)
    return bool(paths) and all(any(r.path.startswith(p) for p in paths) for r in roots)


def require_everywhere(user: User | Automatic, action: Action) -> None:
    if not can_everywhere(user, action):
        raise PermissionDenied("此操作由政务公开办办理")


def may_configure(actor: User | Automatic) -> bool:
    """Configuration belongs to the platform, not to a unit: its admins configure it, and the
    operator does at the command line (SYSTEM)."""
    if isinstance(actor, Automatic):
        return actor == SYSTEM and Action.CONFIGURE in SYSTEM_GRANTS
    return bool(roles(actor) & GRANTS[Action.CONFIGURE])


def require_configure(actor: User | Automatic) -> None:
    if not may_configure(actor):
        raise PermissionDenied("平台配置仅由平台管理员维护")


View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Sign-in for anyone not signed in; 403 for a signed-in user who holds no role here."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            raise PermissionDenied("此页面仅供工作人员使用")
        return view(request, *args, **kwargs)

    return wrapper
