from django.db import transaction

from .models import Membership, Role, Unit, UnitKind, User


def _set_path(unit: Unit) -> None:
    prefix = unit.parent.path if unit.parent else "/"
    unit.path = f"{prefix}{unit.pk}/"


@transaction.atomic
def unit_create(
    *,
    name: str,
    kind: UnitKind,
    code: str,
    parent: Unit | None = None,
    short_name: str = "",
    aliases: list[str] | None = None,
    sort_order: int = 0,
) -> Unit:
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
    return unit


@transaction.atomic
def unit_save(*, unit: Unit) -> Unit:
    """Save an edited unit; when it moved in the tree, its subtree's paths follow."""
    if unit.pk is None:
        return unit_create(
            name=unit.name,
            kind=unit.kind,
            code=unit.code,
            parent=unit.parent,
            short_name=unit.short_name,
            aliases=unit.aliases,
            sort_order=unit.sort_order,
        )
    if unit.parent and unit.parent.path.startswith(unit.path):
        raise ValueError("不能把机构移到它自己的下级之下")
    old_path = unit.path
    _set_path(unit)
    unit.full_clean()
    unit.save()
    if old_path != unit.path:
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            child.path = unit.path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
    return unit


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    display_name: str = "",
    email: str = "",
    memberships: list[tuple[Unit, Role]] = (),
    is_superuser: bool = False,
) -> User:
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
    for unit, role in memberships:
        membership_grant(user=user, unit=unit, role=role)
    return user


def membership_grant(*, user: User, unit: Unit, role: Role) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    # The Django admin is configuration: platform admins only.
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership
