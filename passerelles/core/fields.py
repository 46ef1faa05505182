"""Form fields that validate their values before the database sees them."""

from django import forms
from django.core.exceptions import ValidationError

from passerelles.core.params import object_id


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """Django's multiple choice of objects, refusing values that are not ids before querying.

    Django guards single lookups against integers beyond the database's range, but not ``pk__in``: a
    30-digit « id » in a hostile POST overflows SQLite's integers (a server error) instead of being an
    invalid choice.
    """

    def _check_values(self, value):
        for pk in value:
            if object_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
