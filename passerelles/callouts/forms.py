from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.boundary import ModelMultipleIdsField
from passerelles.callouts.models import Criterion
from passerelles.callouts.targeting import Group
from passerelles.organisations.models import OrgUnit, WorkSite
from passerelles.people.models import Category


class CallForm(forms.Form):
    """The group of a call, within one organisation: the unit and site lists are that organisation's own
    (its organisation chart, which every member already sees); a forged id from elsewhere is a form error."""

    criterion = forms.ChoiceField(
        label=_("À qui envoyer l'appel ?"),
        choices=Criterion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez à qui envoyer l'appel.")},
    )
    units = ModelMultipleIdsField(
        label=_("Unités"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Cette unité n'est pas de votre organisation.")},
    )
    sites = ModelMultipleIdsField(
        label=_("Sites de travail"),
        queryset=WorkSite.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Ce site n'est pas de votre organisation.")},
    )
    categories = forms.MultipleChoiceField(
        label=_("Catégories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Cette catégorie n'existe pas.")},
    )
    message = forms.CharField(
        label=_("Un mot pour accompagner l'appel (facultatif)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["units"].queryset = OrgUnit.objects.filter(organisation=organisation).order_by("name")
        self.fields["sites"].queryset = WorkSite.objects.filter(organisation=organisation).order_by("name")

    def clean(self):
        data = super().clean()
        criterion = data.get("criterion")
        required = {
            Criterion.UNITS: ("units", _("Choisissez au moins une unité.")),
            Criterion.SITES: ("sites", _("Choisissez au moins un site.")),
            Criterion.CATEGORIES: ("categories", _("Choisissez au moins une catégorie.")),
        }
        if criterion in required:
            name, error = required[criterion]
            if not data.get(name) and name not in self.errors:
                self.add_error(name, error)
        return data

    def group(self) -> Group:
        data = self.cleaned_data
        criterion = data["criterion"]
        return Group(
            organisation=self.organisation,
            criterion=criterion,
            units=tuple(data["units"]) if criterion == Criterion.UNITS else (),
            sites=tuple(data["sites"]) if criterion == Criterion.SITES else (),
            categories=tuple(data["categories"]) if criterion == Criterion.CATEGORIES else (),
        )
