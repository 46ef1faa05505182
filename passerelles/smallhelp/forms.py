"""The forms of small help: they read and validate input in French; the rules live in rules and services."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from passerelles.organisations.models import OrgUnit
from passerelles.smallhelp.models import ReturnProgramme, SmallHelpSettings
from passerelles.smallhelp.rules import MAX_FORM_ROWS, ImmersionReason, Length, Period

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_CAP = 20  # half-days a month: beyond two weeks, it is a mission


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class LightPathSettingsForm(forms.ModelForm):
    """The organisation's cap, on its settings page (its administrators). Left empty, the value stays as it is
    (the default until someone sets it), as the other optional parts of that page."""

    class Meta:
        model = SmallHelpSettings
        fields = ["light_path_half_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["light_path_half_days"]
        field.required = False
        field.validators.append(MaxValueValidator(MAX_CAP))
        field.widget.attrs["max"] = MAX_CAP

    def clean_light_path_half_days(self):
        value = self.cleaned_data.get("light_path_half_days")
        return self.instance.light_path_half_days if value is None else value


class HalfDaysMixin:
    """``rows`` pairs of fields « date » + « moment »; the rows left empty are ignored."""

    def add_rows(self, rows: int):
        self.row_names = []
        for index in range(1, rows + 1):
            day, period = f"date_{index}", f"moment_{index}"
            self.fields[day] = forms.DateField(
                label=_("Demi-journée %(n)s : date") % {"n": index}, required=False, widget=DATE_WIDGET
            )
            self.fields[period] = forms.ChoiceField(
                label=_("Demi-journée %(n)s : moment") % {"n": index},
                required=False,
                choices=[("", "—"), *Period.choices],
            )
            self.row_names.append((day, period))

    def half_days(self) -> list[tuple]:
        return [
            (self.cleaned_data[day], self.cleaned_data[period])
            for day, period in self.row_names
            if self.cleaned_data.get(day) and self.cleaned_data.get(period)
        ]

    def rows(self):
        return [(self[day], self[period]) for day, period in self.row_names]

    def clean(self):
        cleaned = super().clean()
        for day, period in self.row_names:
            if bool(cleaned.get(day)) != bool(cleaned.get(period)):
                self.add_error(period if cleaned.get(day) else day, _("Indiquez la date et le moment."))
        if not self.errors and not self.half_days():
            raise forms.ValidationError(_("Choisissez au moins une demi-journée."))
        return cleaned


class HelpAskForm(HalfDaysMixin, forms.Form):
    host_unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Service à aider"))
    purpose = forms.CharField(
        label=_("Objet du coup de main"),
        max_length=200,
        help_text=_(
            "Une ligne, reprise dans la lettre de mission : « renfort pour l'inventaire », par exemple."
        ),
    )

    def __init__(self, *args, units, cap: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = units
        self.add_rows(min(cap, MAX_FORM_ROWS))
        self.order_fields(["host_unit", "purpose"])


class HelpProposeForm(HalfDaysMixin, forms.Form):
    host_unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Votre service"))
    identifier = forms.CharField(
        label=_("Adresse e-mail professionnelle de l'agent"),
        max_length=254,
        help_text=_(
            "L'adresse exacte d'une personne que vous connaissez déjà : aucune liste n'est proposée. Elle choisit "
            "d'accepter ou non ; son encadrant·e n'est sollicité·e qu'après son accord."
        ),
    )
    purpose = forms.CharField(label=_("Objet du coup de main"), max_length=200)

    def __init__(self, *args, units, cap: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = units
        self.add_rows(min(cap, MAX_FORM_ROWS))
        self.order_fields(["host_unit", "identifier", "purpose"])


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Raison (facultative)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImmersionForm(forms.Form):
    host_unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Service à découvrir"))
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    length = forms.ChoiceField(
        label=_("Durée"), choices=Length.choices, widget=forms.RadioSelect, initial=Length.DAY
    )
    reason = forms.ChoiceField(label=_("Pourquoi"), choices=ImmersionReason.choices)
    details = forms.CharField(label=_("En quelques mots (facultatif)"), max_length=300, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = units


PROGRAMME_STOPS = 4


class ProgrammeForm(forms.Form):
    identifier = forms.CharField(
        label=_("Adresse e-mail professionnelle de l'agent"),
        max_length=254,
        help_text=_("L'agent de votre organisation qui revient ; il ou elle accepte le parcours avant tout."),
    )
    reason = forms.ChoiceField(label=_("Retour"), choices=ReturnProgramme._meta.get_field("reason").choices)
    note = forms.CharField(
        label=_("Mot pour l'agent (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.stop_names = []
        for index in range(1, PROGRAMME_STOPS + 1):
            names = (f"service_{index}", f"date_{index}", f"duree_{index}")
            self.fields[names[0]] = UnitChoiceField(
                queryset=units, required=False, label=_("Immersion %(n)s : service") % {"n": index}
            )
            self.fields[names[1]] = forms.DateField(
                required=False, widget=DATE_WIDGET, label=_("Immersion %(n)s : date") % {"n": index}
            )
            self.fields[names[2]] = forms.ChoiceField(
                required=False,
                choices=Length.choices,
                initial=Length.DAY,
                label=_("Immersion %(n)s : durée") % {"n": index},
            )
            self.stop_names.append(names)

    def stops(self) -> list[tuple]:
        return [
            (self.cleaned_data[unit], self.cleaned_data[day], self.cleaned_data.get(length) or Length.DAY)
            for unit, day, length in self.stop_names
            if self.cleaned_data.get(unit) and self.cleaned_data.get(day)
        ]

    def stop_rows(self):
        return [tuple(self[name] for name in names) for names in self.stop_names]

    def clean(self):
        cleaned = super().clean()
        for unit, day, _length in self.stop_names:
            if bool(cleaned.get(unit)) != bool(cleaned.get(day)):
                self.add_error(day if cleaned.get(unit) else unit, _("Indiquez le service et la date."))
        if not self.errors and not self.stops():
            raise forms.ValidationError(_("Ajoutez au moins une immersion au parcours."))
        return cleaned
