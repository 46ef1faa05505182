from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.boundary import ModelMultipleIdsField
from passerelles.organisations.models import WorkSite
from passerelles.people.models import Profile, TagKind

WEEKDAYS = [
    ("1", _("lundi")),
    ("2", _("mardi")),
    ("3", _("mercredi")),
    ("4", _("jeudi")),
    ("5", _("vendredi")),
]


class ProfileForm(forms.ModelForm):
    days = forms.MultipleChoiceField(
        label=_("Jours possibles"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Profile
        fields = [
            "available",
            "available_percent",
            "available_from",
            "available_until",
            "sites",
            "max_distance_km",
            "presentation",
            "wishes",
            "visibility",
        ]
        field_classes = {"sites": ModelMultipleIdsField}
        widgets = {
            "presentation": forms.Textarea(attrs={"rows": 3}),
            "wishes": forms.Textarea(attrs={"rows": 3}),
            "available_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "available_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "visibility": forms.RadioSelect,
            "sites": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, agent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = WorkSite.objects.filter(organisation=agent.organisation).exclude(
            pk=agent.site_id
        )
        self.fields["days"].initial = [d for d in (self.instance.available_days or "").split(",") if d]

    def clean(self):
        data = super().clean()
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("La fin de disponibilité doit suivre son début."))
        return data

    def save(self, commit=True):
        self.instance.available_days = ",".join(sorted(self.cleaned_data.get("days") or []))
        return super().save(commit)


class TagForm(forms.Form):
    kind = forms.ChoiceField(choices=TagKind.choices, widget=forms.HiddenInput)
    text = forms.CharField(max_length=120)
    hidden = forms.BooleanField(required=False, label=_("Je ne l'utilise pas dans mon poste actuel"))


class RetentionForm(forms.Form):
    """How long the organisation keeps each kind of personal data; empty means the default."""

    def __init__(self, *args, organisation, **kwargs):
        from passerelles.people.models import DEFAULT_RETENTION_DAYS, RetentionKind, RetentionRule

        super().__init__(*args, **kwargs)
        self.organisation = organisation
        current = dict(RetentionRule.objects.filter(organisation=organisation).values_list("kind", "days"))
        for kind, label in RetentionKind.choices:
            self.fields[f"days_{kind}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=3650,
                initial=current.get(kind),
                widget=forms.NumberInput(attrs={"placeholder": str(DEFAULT_RETENTION_DAYS[kind])}),
            )

    def save(self) -> None:
        from passerelles.people.models import RetentionKind, RetentionRule

        for kind in RetentionKind.values:
            days = self.cleaned_data.get(f"days_{kind}")
            if days:
                RetentionRule.objects.update_or_create(
                    organisation=self.organisation, kind=kind, defaults={"days": days}
                )
            else:
                RetentionRule.objects.filter(organisation=self.organisation, kind=kind).delete()


class SirhSyncForm(forms.ModelForm):
    """The organisation's SIRH synchronisation: a folder's name (never a path), and what to do with a file."""

    class Meta:
        from passerelles.people.models import SirhSync

        model = SirhSync
        fields = ["enabled", "folder", "full", "auto_apply", "use_directory"]

    def clean_folder(self):
        from passerelles.people.models import SirhSync
        from passerelles.people.sirh.drop_folder import validate_folder_name

        name = (self.cleaned_data.get("folder") or "").strip()
        validate_folder_name(name)
        taken = SirhSync.objects.filter(folder=name).exclude(organisation_id=self.instance.organisation_id)
        if name and taken.exists():
            raise forms.ValidationError(_("Ce nom de dossier est déjà pris : choisissez-en un autre."))
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") and not cleaned.get("folder") and "folder" not in self.errors:
            self.add_error("folder", _("Indiquez le dossier de dépôt pour activer la synchronisation."))
        return cleaned
