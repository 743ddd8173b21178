import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from .ingest import Ingested, IngestError, ingest
from .models import Sequence, StoredFile


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


def store_upload(record: StoredFile, upload: UploadedFile) -> Ingested:
    """Check an upload by its content and put it in `record` (saved by the caller); a refused
    file raises ValidationError on "file" with the reason."""
    try:
        result = ingest(upload, size=upload.size, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    except IngestError as error:
        raise ValidationError({"file": str(error)}) from error
    record.extension = result.detected.extension
    record.media_type = result.detected.media_type
    record.size, record.sha256 = result.size, result.sha256
    record.file.save("upload", upload, save=False)
    return result


def store_bytes(record: StoredFile, content: bytes, *, extension: str, media_type: str) -> None:
    """Put content the platform made itself (a letter) in `record` (saved by the caller)."""
    record.extension, record.media_type = extension, media_type
    record.size, record.sha256 = len(content), hashlib.sha256(content).hexdigest()
    record.file.save("generated", ContentFile(content), save=False)
