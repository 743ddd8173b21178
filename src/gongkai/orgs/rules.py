"""Logins: how wrong passwords for one account, or from one address, first slow the next try
down and then lock it for a while. Plain values in, plain values out."""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class Scope(StrEnum):
    ACCOUNT = "account"
    ADDRESS = "address"


FIRST_WAIT = timedelta(seconds=30)
LOCK_FOR = timedelta(minutes=30)
# A count with no new failure for this long starts again from nothing.
FORGET_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class Throttle:
    free: int  # wrong passwords in a row that cost nothing: typing mistakes
    lock_at: int  # the failure that locks; each one after it locks again

    def wait_after(self, failures: int) -> timedelta:
        """How long the next try must wait after `failures` wrong passwords in a row: nothing
        for the first `free`, then doubling from FIRST_WAIT, and LOCK_FOR from `lock_at` on."""
        if failures <= self.free:
            return timedelta(0)
        if self.locks(failures):
            return LOCK_FOR
        return min(FIRST_WAIT * (1 << (failures - self.free - 1)), LOCK_FOR)

    def locks(self, failures: int) -> bool:
        return failures >= self.lock_at


THROTTLES = {
    Scope.ACCOUNT: Throttle(free=4, lock_at=10),
    # Many staff reach the platform from one government network address, so an address has
    # more room than an account before it slows down.
    Scope.ADDRESS: Throttle(free=20, lock_at=30),
}
