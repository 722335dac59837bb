"""Form text at the edge: one rule for every text field of every form in every app.

Django has no setting for a validator that all form fields share, so `install()` (called once from
CoreConfig.ready) gives `forms.CharField` (and its subclasses: e-mail, URL, slug fields) a `validate`
step that refuses control characters with the project's one rule (core.validators.control_character):
a textarea may hold tabs and newlines; any other text input is a single line. Password inputs are
left alone (they are compared, never shown or exported).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from steadfast.core.validators import control_character


def _validate(self, value) -> None:
    forms.Field.validate(self, value)
    if isinstance(value, str) and value and not isinstance(self.widget, forms.PasswordInput):
        problem = control_character(value, multiline=isinstance(self.widget, forms.Textarea))
        if problem:
            raise ValidationError(f"This text {problem}.", code="control_character")


def install() -> None:
    forms.CharField.validate = _validate
