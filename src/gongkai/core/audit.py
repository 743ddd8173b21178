"""The audit of configuration changes: who changed which setting, when, from what to what.

Configuration is what the platform admin keeps (the organisation tree and users' roles, the
holiday table, statutory periods, the review chain, letter templates); it changes rarely and a
wrong value moves every deadline, so each change keeps both values.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from .actors import Actor, actor_fields
from .models import ConfigAction, ConfigChange

Snapshot = dict[str, Any]
# Never copied into the audit: a password hash is a secret, a login time is not configuration.
UNRECORDED = frozenset({"password", "last_login"})


def plain(value: Any) -> Any:
    """A value as JSON keeps it: related rows by key, dates as ISO text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def snapshot(instance: models.Model, **extra: Any) -> Snapshot:
    """The row's own fields (not the automatic timestamps), plus what else it owns in `extra`
    (a year's days, a user's roles)."""
    values = {
        field.attname: plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname not in UNRECORDED
        and not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
    }
    return {**values, **{k: plain(v) for k, v in extra.items()}}


def config_changed(
    *,
    actor: Actor,
    instance: models.Model,
    before: Snapshot | None,
    after: Snapshot | None,
    reason: str = "",
) -> ConfigChange | None:
    """Record one change (before None: created; after None: deleted); nothing when nothing
    changed."""
    if before == after:
        return None
    if before is None:
        action = ConfigAction.CREATED
    elif after is None:
        action = ConfigAction.DELETED
    else:
        action = ConfigAction.CHANGED
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    meta = instance._meta
    change = ConfigChange(
        **actor_fields(actor),
        action=action,
        reason=reason,
        area=str(meta.verbose_name),
        target_type=meta.label_lower,
        target_id=str(instance.pk),
        target=str(instance)[:200],
        before=before,
        after=after,
    )
    change.save()
    return change
