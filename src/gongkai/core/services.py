from django.db import IntegrityError, transaction

from .models import Sequence


def sequence_next(key: str) -> int:
    """The next number of a gap-free sequence; call it inside the transaction that uses it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequence_next must run inside the transaction that uses the number")
    locked = Sequence.objects.select_for_update()
    try:
        counter = locked.get(key=key)
    except Sequence.DoesNotExist:
        try:
            with transaction.atomic():
                counter = Sequence.objects.create(key=key)
        except IntegrityError:  # another process created it first
            counter = locked.get(key=key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def sequences_advance(numbers: dict[str, int]) -> None:
    """Move sequences past numbers assigned in bulk (an import), never backwards."""
    for key, last in numbers.items():
        counter, _ = Sequence.objects.select_for_update().get_or_create(key=key)
        if last > counter.last:
            counter.last = last
            counter.save(update_fields=["last"])
