"""What every page with a form needs once."""

from django import forms
from django.core.exceptions import ValidationError


def add_errors(form: forms.Form, error: ValidationError, fallback: str | None = None) -> None:
    """Show a service's refusal on the form: at its field when the form has one, else at
    `fallback` (None: above the form)."""
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else fallback, errors)
