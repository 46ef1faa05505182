import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.foundation.calendar_fr import non_working_reason

NON_WORKING_DAY = "non_working_day"


class MeetingForm(forms.Form):
    """A rencontre slot. On a Saturday, a Sunday or a public holiday the form stops once with a warning and a
    « Confirmer quand même » box: the invitation leaves at once for everyone's calendar, so a slip of the date
    picker is better caught before than rescheduled after. A confirmed slot is saved as it is."""

    starts_at = forms.DateTimeField(
        label=_("Date et heure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=15, max_value=240, initial=45)
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    visio_url = forms.URLField(label=_("Ou lien de visioconférence"), required=False, assume_scheme="https")
    confirm_non_working = forms.BooleanField(label=_("Confirmer quand même"), required=False)

    SLOT_FIELDS = ("starts_at", "minutes", "place", "visio_url")
    day_warning = ""  # set by clean(): why the chosen day is not a working day

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("visio_url") and not self.errors:
            raise forms.ValidationError(_("Indiquez un lieu ou un lien de visioconférence."))
        starts_at = data.get("starts_at")
        # A slot in the past is the service's to refuse (or to record, for a regularisation): no warning then.
        if starts_at and starts_at >= timezone.now():
            self.day_warning = non_working_reason(timezone.localtime(starts_at).date())
            if self.day_warning and not data.get("confirm_non_working") and not self.errors:
                raise forms.ValidationError(
                    _("%(why)s Vérifiez la date, ou cochez « Confirmer quand même » pour garder ce jour.")
                    % {"why": self.day_warning},
                    code=NON_WORKING_DAY,
                )
        return data

    @property
    def needs_confirmation(self) -> bool:
        """Only the non-working day stops the form: the slot is otherwise valid."""
        return set(self.errors) == {NON_FIELD_ERRORS} and self.has_error(NON_FIELD_ERRORS, NON_WORKING_DAY)

    def slot(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.SLOT_FIELDS}


class EngagementDatesForm(forms.Form):
    """HR's dates of an engagement before it is ready, and the regularisation of a start already made."""

    start_date = forms.DateField(
        label=_("Début"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        label=_("Fin"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    regularisation = forms.BooleanField(
        label=_("Régularisation : la mission a déjà commencé, avant les accords"), required=False
    )
    regularisation_reason = forms.CharField(
        label=_(
            "Raison de la régularisation (obligatoire avec la régularisation ; elle figure dans les documents)"
        ),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            raise forms.ValidationError(_("La date de fin doit suivre la date de début."))
        if data.get("regularisation") and not (data.get("regularisation_reason") or "").strip():
            self.add_error(
                "regularisation_reason",
                _(
                    "Indiquez pourquoi la mission a commencé avant les accords : cette raison figure dans les documents."
                ),
            )
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


class AssemblyForm(forms.Form):
    """« Assemblée délibérante informée le <date> », with a short reference (the session) if HR has one."""

    informed_on = forms.DateField(
        label=_("Assemblée délibérante informée le"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date à laquelle l'assemblée délibérante a été informée."),
            "invalid": _("Indiquez une date valable (jour, mois, année)."),
        },
    )
    reference = forms.CharField(
        label=_("Référence (facultatif : séance, délibération)"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("La référence tient en 200 caractères au plus.")},
    )
