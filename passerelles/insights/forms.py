"""The dashboards' filters, read from the query string: a period and a programme.

A bad value never breaks the page: the form says what is wrong in French and the dashboard falls back on its
defaults (the last twelve months, every programme), so a link edited by hand still shows something true.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.missions.models import Programme

EARLIEST = datetime.date(2000, 1, 1)


PERIODS = [
    ("12m", _("12 derniers mois")),
    ("annee", _("Année en cours")),
    ("annee-precedente", _("Année précédente")),
    ("tout", _("Depuis le début")),
    ("dates", _("Dates choisies")),
]
DEFAULT_PERIOD = "12m"


def period_bounds(
    period: str, today: datetime.date, start=None, end=None
) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last day counted (inclusive; None: no bound) for a preset or chosen dates."""
    if period == "annee":
        return datetime.date(today.year, 1, 1), today
    if period == "annee-precedente":
        return datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)
    if period == "tout":
        return None, None
    if period == "dates":
        return start, end
    return today - datetime.timedelta(days=364), today  # « 12 derniers mois », today included


class DashboardFilterForm(forms.Form):
    periode = forms.ChoiceField(label=_("Période"), choices=PERIODS, required=False)
    du = forms.DateField(
        label=_("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Avec « Dates choisies » : le premier jour compté."),
    )
    au = forms.DateField(
        label=_("Au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Avec « Dates choisies » : le dernier jour compté."),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Tous les programmes"),
        error_messages={
            "invalid_choice": _("Ce programme n'existe pas ou n'est pas dans ce tableau de bord.")
        },
    )

    def __init__(self, data, *, organisation_ids, today: datetime.date | None = None):
        super().__init__(data)
        self.today = today or timezone.localdate()
        # Only the programmes of the organisations counted: another organisation's id is « not found ».
        self.fields["programme"].queryset = Programme.objects.filter(
            organisation_id__in=organisation_ids
        ).order_by("name")
        for name in ("du", "au"):
            self.fields[name].error_messages["invalid"] = _(
                "Saisissez une date valide, par exemple 2026-01-31."
            )

    def clean(self):
        data = super().clean()
        period = data.get("periode") or DEFAULT_PERIOD
        start, end = data.get("du"), data.get("au")
        latest = self.today + datetime.timedelta(days=365)
        for name, value in (("du", start), ("au", end)):
            if value is not None and not (EARLIEST <= value <= latest):
                self.add_error(
                    name,
                    _("Choisissez une date entre le 1er janvier 2000 et le %(latest)s.")
                    % {"latest": latest.strftime("%d/%m/%Y")},
                )
        if period == "dates":
            if start is None and end is None and not self.errors:
                self.add_error("du", _("Avec « Dates choisies », indiquez au moins une date."))
            if start and end and end < start:
                self.add_error("au", _("La date de fin doit être après la date de début."))
        data["periode"] = period
        return data

    def bounds(self) -> tuple[datetime.date | None, datetime.date | None, object | None]:
        """(start, end, programme) to count: the defaults when the form is not valid."""
        if not self.is_valid():
            return (*period_bounds(DEFAULT_PERIOD, self.today), None)
        data = self.cleaned_data
        start, end = period_bounds(data["periode"], self.today, data.get("du"), data.get("au"))
        return start, end, data.get("programme")

    def query_string(self) -> str:
        """The valid filters again, for the export links (the same figures as the page)."""
        from urllib.parse import urlencode

        if not self.is_valid():
            return ""
        data = self.cleaned_data
        params = {"periode": data["periode"]}
        if data["periode"] == "dates":
            if data.get("du"):
                params["du"] = data["du"].isoformat()
            if data.get("au"):
                params["au"] = data["au"].isoformat()
        if data.get("programme"):
            params["programme"] = data["programme"].pk
        return urlencode(params)
