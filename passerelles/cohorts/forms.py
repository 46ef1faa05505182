"""The forms of the cohort programmes: each validates and says what is wrong in French."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.access.models import Role, RoleMembership
from passerelles.cohorts.models import (
    AttendanceStatus,
    CohortProgramme,
    JourneyStep,
    MoveSheetSide,
    Opportunity,
)
from passerelles.missions.models import Mission, MissionStatus
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = CohortProgramme
        fields = ["name", "description", "goal_moves", "goal_end_on", "criteria"]
        widgets = {"goal_end_on": DATE}

    def clean_goal_end_on(self):
        end = self.cleaned_data["goal_end_on"]
        if self.instance.pk is None and end <= timezone.localdate():
            raise forms.ValidationError(_("L'échéance de l'objectif doit être dans le futur."))
        return end


class SponsorForm(forms.Form):
    membership = forms.ModelChoiceField(
        label=_("Signataire (DGS) d'un membre"),
        queryset=RoleMembership.objects.none(),
        error_messages={"invalid_choice": _("Choisissez un·e signataire d'un membre du réseau.")},
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        members = programme.network.memberships.values("organisation_id")
        field = self.fields["membership"]
        field.queryset = (
            RoleMembership.objects.filter(
                role=Role.SIGNATORY, organisation_id__in=members, user__is_active=True
            )
            .exclude(user_id__in=programme.sponsors.values("user_id"))
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__last_name")
        )
        field.label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.email} — {m.organisation.name}"
        )


class NominationForm(forms.Form):
    """The HR types a matricule or a professional e-mail address: never a list of the whole staff."""

    agent = forms.CharField(
        label=_("Matricule ou adresse e-mail professionnelle de l'agent"),
        max_length=254,
        help_text=_("Liste d'abord, critères ensuite : proposez les personnes qui pourraient en profiter."),
    )

    def __init__(self, *args, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_ids = organisation_ids

    def clean_agent(self):
        value = self.cleaned_data["agent"].strip()
        matches = Agent.objects.filter(organisation_id__in=self.organisation_ids, is_active=True).filter(
            Q(matricule__iexact=value) | Q(email__iexact=value)
        )
        found = list(matches[:2])
        if len(found) != 1:
            raise forms.ValidationError(
                _("Aucun agent actif de votre organisation n'a ce matricule ou cette adresse.")
                if not found
                else _("Plusieurs agents correspondent : saisissez le matricule.")
            )
        return found[0]


class StepForm(forms.ModelForm):
    class Meta:
        model = JourneyStep
        fields = ["kind", "title", "held_on", "ends_on", "place"]
        widgets = {"held_on": DATE, "ends_on": DATE}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("held_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("La fin ne peut pas précéder le début de l'étape."))
        return cleaned


class AttendanceForm(forms.Form):
    """One choice per participant the actor may record."""

    def __init__(self, *args, nominations, initial_statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = list(nominations)
        for nomination in self.nominations:
            self.fields[f"n{nomination.pk}"] = forms.ChoiceField(
                label=f"{nomination.agent.full_name} — {nomination.organisation.name}",
                choices=[("", _("Non renseigné"))] + list(AttendanceStatus.choices),
                required=False,
                initial=initial_statuses.get(nomination.pk, ""),
            )

    def statuses(self) -> dict[int, str]:
        return {
            n.pk: self.cleaned_data[f"n{n.pk}"] for n in self.nominations if self.cleaned_data.get(f"n{n.pk}")
        }


class OpportunityForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = ["nomination", "offering_organisation", "kind", "title", "description", "mission"]

    def __init__(self, *args, participants, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].label = _("Participant·e")
        self.fields["nomination"].queryset = participants.select_related("agent", "organisation")
        self.fields["nomination"].label_from_instance = lambda n: (
            f"{n.agent.full_name} — {n.agent.job_title or '—'} ({n.organisation.name})"
        )
        self.fields["offering_organisation"].queryset = Organisation.objects.filter(pk__in=organisation_ids)
        self.fields["mission"].queryset = Mission.objects.filter(
            organisation_id__in=organisation_ids, status=MissionStatus.PUBLISHED
        ).order_by("title")
        self.fields["mission"].help_text = _("Facultatif : une mission publiée de l'employeur qui propose.")
        for name in ("nomination", "offering_organisation", "mission"):
            self.fields[name].error_messages["invalid_choice"] = _("Ce choix n'est pas possible.")

    def clean(self):
        cleaned = super().clean()
        nomination, offering = cleaned.get("nomination"), cleaned.get("offering_organisation")
        mission = cleaned.get("mission")
        if nomination and offering and nomination.organisation_id == offering.pk:
            self.add_error(
                "offering_organisation",
                _("Une opportunité vient d'un autre membre que l'employeur de la personne."),
            )
        if mission and offering and mission.organisation_id != offering.pk:
            self.add_error("mission", _("Cette mission n'est pas une mission de l'employeur qui propose."))
        return cleaned


class SheetSideForm(forms.ModelForm):
    class Meta:
        model = MoveSheetSide
        fields = [
            "position",
            "grade",
            "grade_equivalence",
            "gross_monthly_pay",
            "ri_monthly",
            "ri_yearly_bonus",
            "notes",
        ]


class ConfirmForm(forms.Form):
    """Nothing to fill: the POST of a confirmation page."""


class TickForm(forms.Form):
    done = forms.BooleanField(required=False)
