"""The applicant's private query code: given once, stored only as a digest."""

import base64
import hashlib
import hmac
import uuid

from django.conf import settings


def query_code_for(key: uuid.UUID) -> str:
    """The applicant's private query code, derived from the submission's idempotency key so a
    repeated submit can show the same code again; only its digest is stored."""
    mac = hmac.new(settings.SECRET_KEY.encode(), f"foi-query:{key}".encode(), hashlib.sha256)
    return base64.b32encode(mac.digest())[:10].decode()


def digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()
