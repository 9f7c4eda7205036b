"""Database constraints that name the field they are about.

Each validation rule is declared once, as a constraint: the database enforces it, and
`full_clean()` (the services, hence the admin and the API) reports its message on its field.
Django reports a broken CheckConstraint on the whole form; these report it on `field`.
"""

from django.core.exceptions import ValidationError
from django.db import models


class _OnField:
    def __init__(self, *args, field, **kwargs):
        self.field = field
        super().__init__(*args, **kwargs)

    def validate(self, *args, **kwargs):
        try:
            super().validate(*args, **kwargs)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise ValidationError({self.field: error.error_list}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, args, {**kwargs, "field": self.field}

    def __eq__(self, other):
        return super().__eq__(other) and self.field == getattr(other, "field", None)

    __hash__ = None


class FieldCheck(_OnField, models.CheckConstraint):
    """A CheckConstraint whose message is reported on `field`."""


class FieldUnique(_OnField, models.UniqueConstraint):
    """A (conditional) UniqueConstraint whose message is reported on `field`."""
