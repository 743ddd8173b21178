from collections.abc import Iterable

from .models import SearchChange


def search_touch(*, entity: str, ids: Iterable[int]) -> None:
    """Record that these records changed; call inside the transaction that changed them."""
    SearchChange.objects.bulk_create(SearchChange(entity=entity, object_id=i) for i in ids)
