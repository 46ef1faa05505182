"""A model's ``get_<field>_display()`` without rebuilding its choices at every call.

Django's ``Model._get_FIELD_display`` makes a dict of the field's choices (through ``make_hashable``) each time it
is called: 36 µs, 50 rows of the directory 1.8 ms, a 100,000-row export of agents 3.6 s for one column. A model
that lists people or engagements by the thousand takes ``QuickChoicesDisplay`` first among its bases: the dict
is made once per field (its labels stay lazy: each call gives the active language's).
"""

from functools import cache

from django.utils.encoding import force_str


@cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


class QuickChoicesDisplay:
    def _get_FIELD_display(self, field):  # noqa: N802 — Django's name, overridden
        value = getattr(self, field.attname)
        try:
            label = _labels(field).get(value, value)
        except TypeError:  # an unhashable value (a list, a dict): Django's own way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
