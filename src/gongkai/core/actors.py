"""Who acts: every write names its actor, and an actor is a signed-in user or one of two
explicit markers — the platform itself (scheduled jobs, commands run by the operator) or a
member of the public using the portal. There is no anonymous write: `None` is not an actor.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


class ActorKind(models.TextChoices):
    USER = "user", "工作人员"
    SYSTEM = "system", "系统"
    PUBLIC = "public", "公众"


@dataclass(frozen=True)
class Automatic:
    """An actor that is not a signed-in person."""

    kind: ActorKind

    @property
    def label(self) -> str:
        return self.kind.label

    def __str__(self) -> str:
        return self.label


# The platform's own acts: scheduled publication, reminders, data loaded from the command line.
SYSTEM = Automatic(ActorKind.SYSTEM)
# A citizen or a company through the portal: an application, a correction, a message.
PUBLIC = Automatic(ActorKind.PUBLIC)

Actor: TypeAlias = "AbstractBaseUser | Automatic"


def actor_fields(actor: "Actor") -> dict:
    """How a record stores its actor: the user, or no user and the marker's kind."""
    if isinstance(actor, Automatic):
        return {"actor": None, "actor_kind": actor.kind}
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise TypeError("every write names its actor: a signed-in user, SYSTEM or PUBLIC")
    return {"actor": actor, "actor_kind": ActorKind.USER}


def user_of(actor: "Actor") -> "AbstractBaseUser | None":
    """The user to name in a record's own "by" column (created_by …): None when no user acted."""
    return None if isinstance(actor, Automatic) else actor
