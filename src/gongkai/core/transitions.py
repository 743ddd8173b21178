"""State changes through an explicit table: what each state allows, and nothing else.

A module declares its table once, as data — `(state, transition) → new state` — and its
services ask `next(state, transition)` before they change anything; a change the table does not
list is refused with a message a person can read. Guards that depend on more than the state (a
reason required, a step allowed once) stay in the service next to the call.

Plain Python: rule modules declare their tables without importing Django.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .refusals import Refusal


class TransitionError(Refusal):
    """A change the current state does not allow."""


@dataclass(frozen=True)
class Transitions:
    # Keys are str or a StrEnum of the module's own (Mapping's keys are invariant for mypy).
    table: Mapping[tuple[Any, Any], str]
    states: Mapping[Any, str]  # state → its label
    transitions: Mapping[Any, str]  # transition → what it does, as a verb phrase
    thing: str  # what changes state: 文件, 任务 …
    # Where the general sentence says too little, a refusal in the words staff know: by
    # (state, transition), or by state for everything that state refuses.
    reasons: Mapping[Any, str] = field(default_factory=dict)

    def next(self, state: str, transition: str) -> str:
        """The state after `transition`, or TransitionError saying why not."""
        try:
            return self.table[(state, transition)]
        except KeyError:
            raise TransitionError(self._why_not(state, transition)) from None

    def _why_not(self, state: str, transition: str) -> str:
        if reason := self.reasons.get((state, transition)) or self.reasons.get(state):
            return reason
        label = self.states.get(state, state)
        verb = self.transitions.get(transition, transition)
        return f"状态为“{label}”的{self.thing}不能{verb}"

    def open_to(self, state: str) -> list[str]:
        """The transitions `state` allows, in the table's order."""
        return [t for (s, t) in self.table if s == state]
