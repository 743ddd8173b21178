"""Writes to the organisation tree and users' roles: configuration, each change audited with
its values before and after (gongkai.core.audit). And the count of wrong passwords behind the
login throttle, with the office's unlock."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import config_changed, snapshot

from .models import (
    LoginThrottle,
    LoginThrottleAction,
    LoginThrottleEvent,
    Membership,
    Role,
    Unit,
    UnitKind,
    User,
)
from .permissions import Action, require, require_configure, require_everywhere
from .rules import FORGET_AFTER, THROTTLES, Scope


def _set_path(unit: Unit) -> None:
    prefix = unit.parent.path if unit.parent else "/"
    unit.path = f"{prefix}{unit.pk}/"


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    name: str,
    kind: UnitKind,
    code: str,
    parent: Unit | None = None,
    short_name: str = "",
    aliases: list[str] | None = None,
    sort_order: int = 0,
) -> Unit:
    require_configure(actor)
    unit = Unit(
        name=name,
        kind=kind,
        code=code,
        parent=parent,
        short_name=short_name,
        aliases=aliases or [],
        sort_order=sort_order,
        path="/pending/",
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path"])
    config_changed(actor=actor, instance=unit, before=None, after=snapshot(unit))
    return unit


@transaction.atomic
def unit_save(*, actor: Actor, unit: Unit) -> Unit:
    """Save an edited unit; when it moved in the tree, its subtree's paths follow."""
    if unit.pk is None:
        return unit_create(
            actor=actor,
            name=unit.name,
            kind=unit.kind,
            code=unit.code,
            parent=unit.parent,
            short_name=unit.short_name,
            aliases=unit.aliases,
            sort_order=unit.sort_order,
        )
    require_configure(actor)
    if unit.parent and unit.parent.path.startswith(unit.path):
        raise ValidationError({"parent": "不能把机构移到它自己的下级之下"})
    before = snapshot(Unit.objects.get(pk=unit.pk))
    old_path = unit.path
    _set_path(unit)
    unit.full_clean()
    unit.save()
    if old_path != unit.path:
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            child.path = unit.path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
    config_changed(actor=actor, instance=unit, before=before, after=snapshot(unit))
    return unit


@transaction.atomic
def unit_alias_add(*, actor: Actor, unit: Unit, alias: str) -> Unit:
    """Learn another way of writing the unit's name (from a work plan the office mapped)."""
    require(actor, Action.UNIT_ALIAS, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if alias in (unit.name, unit.short_name, *unit.aliases):
        return unit
    before = snapshot(unit)
    unit.aliases = [*unit.aliases, alias]
    unit.save(update_fields=["aliases"])
    config_changed(actor=actor, instance=unit, before=before, after=snapshot(unit))
    return unit


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    display_name: str = "",
    email: str = "",
    memberships: list[tuple[Unit, Role]] = (),
    is_superuser: bool = False,
) -> User:
    require_configure(actor)
    user = User(
        username=username,
        display_name=display_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    config_changed(actor=actor, instance=user, before=None, after=snapshot(user))
    for unit, role in memberships:
        membership_grant(actor=actor, user=user, unit=unit, role=role)
    return user


@transaction.atomic
def membership_grant(*, actor: Actor, user: User, unit: Unit, role: Role) -> Membership:
    require_configure(actor)
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        config_changed(actor=actor, instance=membership, before=None, after=snapshot(membership))
    # The Django admin is configuration: platform admins only.
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


def _login_keys(username: str, address: str) -> list[tuple[Scope, str]]:
    keys = [(Scope.ADDRESS, address)]
    if username:
        keys.insert(0, (Scope.ACCOUNT, username[: LoginThrottle._meta.get_field("key").max_length]))
    return keys


@transaction.atomic
def login_failed(*, actor: Actor, username: str, address: str, now: datetime) -> LoginThrottle:
    """Count one wrong password against the account name and the address, and set until when
    each must wait; the row that now waits longest is returned. Reaching the lock records it."""
    # Counts nobody added to for a day, and that never locked, are of no more use.
    LoginThrottle.objects.filter(
        last_failed_at__lt=now - FORGET_AFTER, events__isnull=True
    ).delete()
    counted = []
    for scope, key in _login_keys(username, address):
        throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(scope=scope, key=key)
        if throttle.last_failed_at and now - throttle.last_failed_at > FORGET_AFTER:
            throttle.failures = 0
        throttle.failures += 1
        throttle.last_failed_at = now
        rule = THROTTLES[scope]
        throttle.blocked_until = now + rule.wait_after(throttle.failures)
        throttle.save()
        if rule.locks(throttle.failures):
            LoginThrottleEvent.record(
                throttle,
                actor=actor,
                action=LoginThrottleAction.LOCKED,
                reason=f"连续 {throttle.failures} 次密码错误",
                details={
                    "failures": throttle.failures,
                    "until": throttle.blocked_until.isoformat(),
                },
            )
        counted.append(throttle)
    return max(counted, key=lambda t: t.blocked_until)


def login_succeeded(*, actor: User) -> None:
    """The right password forgets the account's failures; the address keeps its count, or
    anyone with one account could wipe what their address guessed at others."""
    LoginThrottle.objects.filter(
        scope=Scope.ACCOUNT, key=actor.get_username(), failures__gt=0
    ).update(failures=0, blocked_until=None)


@transaction.atomic
def login_unlock(*, actor: Actor, throttle: LoginThrottle) -> LoginThrottle:
    """The openness office lifts a lock (or a wait) before its time: the count starts again."""
    require_everywhere(actor, Action.LOGIN_UNLOCK)
    throttle = LoginThrottle.objects.select_for_update().get(pk=throttle.pk)
    if throttle.failures == 0 and throttle.blocked_until is None:
        return throttle
    failures = throttle.failures
    throttle.failures, throttle.blocked_until = 0, None
    throttle.save(update_fields=["failures", "blocked_until"])
    LoginThrottleEvent.record(
        throttle, actor=actor, action=LoginThrottleAction.UNLOCKED, details={"failures": failures}
    )
    return throttle
