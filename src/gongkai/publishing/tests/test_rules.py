import pytest

from gongkai.core.transitions import TransitionError
from gongkai.publishing.rules import (
    Status,
    Transition,
    format_index_no,
    next_status,
    parse_index_no,
)


@pytest.mark.parametrize(
    ("code", "year", "serial", "expected"),
    [
        ("11441700007280420Y", 2021, 50, "11441700007280420Y/2021-00050"),  # DESIGN.md example
        ("MH001", 2026, 1, "MH001/2026-00001"),
        ("MH001", 2026, 99999, "MH001/2026-99999"),
    ],
)
def test_format_index_no(code, year, serial, expected):
    assert format_index_no(code, year, serial) == expected
    assert parse_index_no(expected) == (code, year, serial)


@pytest.mark.parametrize("serial", [0, 100000, -1])
def test_serial_out_of_range(serial):
    with pytest.raises(ValueError):
        format_index_no("MH001", 2026, serial)


@pytest.mark.parametrize("value", ["", "MH001-2026-00001", "MH001/26-00001", "MH001/2026-1"])
def test_parse_rejects_malformed(value):
    with pytest.raises(ValueError):
        parse_index_no(value)


@pytest.mark.parametrize(
    ("current", "transition", "expected"),
    [
        (Status.DRAFT, Transition.SUBMIT, Status.IN_REVIEW),
        (Status.IN_REVIEW, Transition.APPROVE, Status.IN_REVIEW),
        (Status.IN_REVIEW, Transition.APPROVE_LAST, Status.APPROVED),
        (Status.IN_REVIEW, Transition.RETURN, Status.DRAFT),
        (Status.APPROVED, Transition.RETURN, Status.DRAFT),
        (Status.APPROVED, Transition.PUBLISH, Status.PUBLISHED),
        (Status.DRAFT, Transition.IMPORT, Status.PUBLISHED),
        (Status.PUBLISHED, Transition.WITHDRAW, Status.WITHDRAWN),
        (Status.WITHDRAWN, Transition.SUBMIT, Status.IN_REVIEW),
        # Nothing reaches the portal without the chain: no shortcut from a draft or a
        # withdrawn document, and an import is only for documents never published here.
        (Status.DRAFT, Transition.PUBLISH, None),
        (Status.WITHDRAWN, Transition.PUBLISH, None),
        (Status.IN_REVIEW, Transition.PUBLISH, None),
        (Status.WITHDRAWN, Transition.IMPORT, None),
        (Status.DRAFT, Transition.APPROVE, None),
        (Status.DRAFT, Transition.WITHDRAW, None),
        (Status.PUBLISHED, Transition.PUBLISH, None),
        (Status.PUBLISHED, Transition.RETURN, None),
        (Status.WITHDRAWN, Transition.WITHDRAW, None),
    ],
)
def test_transitions(current, transition, expected):
    if expected is None:
        with pytest.raises(TransitionError):
            next_status(current, transition)
    else:
        assert next_status(current, transition) == expected
