"""Where an indexer stands in the change log (plain Python).

Change ids come from a sequence, but transactions commit out of order: id 11 can be visible
before id 10, and a rolled-back transaction leaves a hole forever. The cursor applies every
visible change once, and moves its checkpoint (everything at or below it is settled) only over
ids it has applied or holes older than `gap_timeout` seconds.
"""

from collections.abc import Iterable


class ChangeCursor:
    def __init__(self, checkpoint: int = 0, gap_timeout: float = 60.0) -> None:
        self.checkpoint = checkpoint
        self.gap_timeout = gap_timeout
        self._applied: set[int] = set()
        self._holes: dict[int, float] = {}

    def pending(self, visible: Iterable[int]) -> list[int]:
        """Of the ids visible past the checkpoint, those not applied yet."""
        return sorted(i for i in visible if i > self.checkpoint and i not in self._applied)

    @property
    def newest(self) -> int:
        """The newest id applied (or settled): every visible change past it is still to apply,
        while one between the checkpoint and it is only a hole not yet given up."""
        return max(self._applied, default=self.checkpoint)

    def applied(self, ids: Iterable[int], now: float) -> int:
        """Record applied ids and move the checkpoint as far as it may go; returns it."""
        self._applied.update(i for i in ids if i > self.checkpoint)
        top = max(self._applied, default=self.checkpoint)
        while self.checkpoint < top:
            nxt = self.checkpoint + 1
            if nxt in self._applied:
                self._applied.discard(nxt)
            elif now - self._holes.setdefault(nxt, now) < self.gap_timeout:
                break
            self._holes.pop(nxt, None)
            self.checkpoint = nxt
        return self.checkpoint
