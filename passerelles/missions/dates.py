"""The dates rule of a mission, without the database (tested in tests/test_dates_rules.py).

A mission is planned, not recorded after the fact: its start and end dates are today or later. Two cases keep
a past date:

- a mission under way is still edited (a typo in its description, one more place): only a date that *changes*
  must not be put in the past — an unchanged start that has passed meanwhile stays as it is;
- HR records a mission that has really started already (a crisis, a help given before anyone wrote it down):
  with the « régularisation » flag and its reason, the start may be in the past. The end never is.

The form (missions/forms.py) shows these messages next to the fields; the service (missions/services.py) asks
the same function again, so that no other way in can save a past date.
"""

import datetime

from django.utils.translation import gettext as _


def mission_date_errors(
    *,
    start: datetime.date | None,
    end: datetime.date | None,
    today: datetime.date,
    previous_start: datetime.date | None = None,
    previous_end: datetime.date | None = None,
    regularisation: bool = False,
) -> dict[str, str]:
    """Field name → French message, for each date that breaks the rule (empty when all is well).

    ``previous_*`` are the dates saved before this change (None for a new mission); ``regularisation`` is
    True only when HR marks the mission as already started."""
    errors = {}
    if start is not None and start != previous_start and start < today and not regularisation:
        errors["start_date"] = _(
            "La date de début est passée : une mission se prévoit à partir d'aujourd'hui (%(today)s). Si elle a "
            "déjà commencé, la RH peut l'enregistrer en régularisation."
        ) % {"today": f"{today:%d/%m/%Y}"}
    if end is not None and end != previous_end and end < today:
        errors["end_date"] = _(
            "La date de fin est passée : indiquez une date à partir d'aujourd'hui (%(today)s)."
        ) % {"today": f"{today:%d/%m/%Y}"}
    if regularisation and start is not None and start > today:
        errors["regularisation"] = _(
            "Une régularisation concerne une mission déjà commencée : sa date de début est aujourd'hui ou "
            "passée. Décochez la régularisation pour une mission à venir."
        )
    return errors
