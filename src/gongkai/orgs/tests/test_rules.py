from datetime import timedelta

import pytest

from gongkai.orgs.rules import LOCK_FOR, THROTTLES, Scope

S, M = timedelta(seconds=1), timedelta(minutes=1)


@pytest.mark.parametrize(
    ("scope", "failures", "wait", "locked"),
    [
        (Scope.ACCOUNT, 0, 0 * S, False),
        (Scope.ACCOUNT, 4, 0 * S, False),  # four typing mistakes cost nothing
        (Scope.ACCOUNT, 5, 30 * S, False),
        (Scope.ACCOUNT, 6, 1 * M, False),
        (Scope.ACCOUNT, 7, 2 * M, False),
        (Scope.ACCOUNT, 8, 4 * M, False),
        (Scope.ACCOUNT, 9, 8 * M, False),
        (Scope.ACCOUNT, 10, 30 * M, True),
        (Scope.ACCOUNT, 11, 30 * M, True),  # each failure after the lock locks again
        (Scope.ADDRESS, 20, 0 * S, False),
        (Scope.ADDRESS, 21, 30 * S, False),
        (Scope.ADDRESS, 26, 16 * M, False),
        (Scope.ADDRESS, 27, 30 * M, False),  # the doubling never waits longer than a lock
        (Scope.ADDRESS, 30, 30 * M, True),
    ],
)
def test_wait_after(scope, failures, wait, locked):
    throttle = THROTTLES[scope]
    assert throttle.wait_after(failures) == wait
    assert throttle.locks(failures) == locked
    assert wait <= LOCK_FOR
