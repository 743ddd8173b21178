"""The working-day calendar: `add_working_days(start, n)`, `working_days_between(a, b)`.

Imported lazily so `from gongkai.calendar import add_working_days` works without loading the
models before Django's app registry is ready.
"""

_API = {
    "add_working_days",
    "working_days_between",
    "working_day_span",
    "day_info",
}


def __getattr__(name: str):
    if name in _API:
        from . import workdays

        return getattr(workdays, name)
    raise AttributeError(name)
