"""Writes to the organisation tree and users' roles: configuration, each change audited with
its values before and after (gongkai.core.audit)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import config_changed, snapshot

from .models import Membership, Role, Unit, UnitKind, User
from .permissions import Action, require, require_configure


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
