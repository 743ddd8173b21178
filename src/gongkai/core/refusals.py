"""Refusals: what a person asked for and the rules or the state of things do not allow.

Every module's refusals derive from `Refusal` (a deadline rule, a state transition, a file that
cannot be read, a holiday schedule that does not parse …), so the web layer shows any of them the
same way, next to the field it concerns or above the form. str() is the message for the person.
Django's ValidationError, which model validation raises, is shown by the same helper.

Plain Python: rule modules raise these without importing Django.
"""


class Refusal(ValueError):
    """The base of every refusal; `field` names the input it concerns (None: the request)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self)
