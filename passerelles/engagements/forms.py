import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date et heure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=15, max_value=240, initial=45)
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    visio_url = forms.URLField(label=_("Ou lien de visioconférence"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("visio_url") and not self.errors:
            raise forms.ValidationError(_("Indiquez un lieu ou un lien de visioconférence."))
        return data


class ManagerDatesForm(forms.Form):
    start_date = forms.DateField(
        label=_("Début"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        label=_("Fin"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            raise forms.ValidationError(_("La date de fin doit suivre la date de début."))
        return data


class ExtensionForm(forms.Form):
    end_date = forms.DateField(
        label=_("Nouvelle date de fin"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
