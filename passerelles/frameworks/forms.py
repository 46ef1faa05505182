import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.frameworks.boussole import Parameters, SituationError, parse_situation
from passerelles.frameworks.models import FrameworkSettings
from passerelles.missions.models import Purpose

HOST_CHOICES = [
    ("meme_collectivite", _("Mon employeur (un autre service)")),
    ("commune", _("Une commune")),
    ("epci", _("Un EPCI à fiscalité propre (communauté de communes, d'agglomération, métropole…)")),
    ("syndicat", _("Un syndicat intercommunal ou mixte (EPCI sans fiscalité propre)")),
    ("departement", _("Un département")),
    ("region", _("Une région")),
    ("etat", _("Un service de l'État")),
    ("etablissement_public", _("Un établissement public (CCAS, office, école…)")),
    ("hopital", _("Un hôpital")),
    ("gip", _("Un groupement d'intérêt public")),
    ("association", _("Une association")),
    ("fondation", _("Une fondation")),
    ("entreprise", _("Une entreprise")),
]
EMPLOYER_CHOICES = [c for c in HOST_CHOICES if c[0] not in ("meme_collectivite",)]
STATUS_CHOICES = [
    ("titulaire", _("Fonctionnaire titulaire")),
    ("stagiaire", _("Fonctionnaire stagiaire (pas encore titularisé·e)")),
    ("contractuel_cdi", _("Contractuel·le en CDI")),
    ("contractuel_cdd", _("Contractuel·le en CDD")),
    ("contractuel", _("Contractuel·le, contrat non précisé (CDI ou CDD ?)")),
    ("apprenti", _("Apprenti·e")),
    ("vacataire", _("Vacataire")),
]
YES_NO = [("non", _("Non")), ("oui", _("Oui"))]
# The situation's true/false fields, asked as « Oui / Non » questions
YES_NO_FIELDS = (
    "host_public_service_mission",
    "host_general_interest",
    "host_epci_member_link",
    "whole_service",
    "crisis",
)


class SituationForm(forms.Form):
    """The public simulator's questions, in plain words; « même employeur » follows from the host chosen."""

    employer_type = forms.ChoiceField(
        label=_("L'employeur de l'agent"), choices=EMPLOYER_CHOICES, initial="departement"
    )
    employer_population = forms.IntegerField(
        label=_("Population de l'employeur (habitants, si c'est une commune)"), required=False, min_value=0
    )
    agent_status = forms.ChoiceField(
        label=_("Statut de l'agent"), choices=STATUS_CHOICES, initial="titulaire"
    )
    host_type = forms.ChoiceField(
        label=_("Où la mission a-t-elle lieu ?"), choices=HOST_CHOICES, initial="meme_collectivite"
    )
    host_public_service_mission = forms.ChoiceField(
        label=_("L'accueil exerce-t-il une mission de service public qui lui est confiée ?"),
        choices=YES_NO,
        initial="non",
    )
    host_general_interest = forms.ChoiceField(
        label=_("L'accueil est-il un organisme d'intérêt général (association, fondation) ?"),
        choices=YES_NO,
        initial="non",
    )
    host_epci_member_link = forms.ChoiceField(
        label=_(
            "L'accueil est-il l'EPCI (ou le syndicat) de la commune d'origine, ou une commune membre de l'EPCI "
            "ou du syndicat d'origine ?"
        ),
        choices=YES_NO,
        initial="non",
    )
    whole_service = forms.ChoiceField(
        label=_("S'agit-il de mettre à disposition tout ou partie d'un service (et non une personne) ?"),
        choices=YES_NO,
        initial="non",
    )
    purpose = forms.ChoiceField(
        label=_("Objet de la mission"), choices=Purpose.choices, initial="appui_projet"
    )
    crisis = forms.ChoiceField(label=_("Situation de crise déclarée ?"), choices=YES_NO, initial="non")
    start_date = forms.DateField(
        label=_("Date de début"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        label=_("Date de fin (sinon : début + durée)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    duration_months = forms.DecimalField(
        label=_("Durée (mois)"), min_value=0.5, max_value=120, decimal_places=1, localize=True, initial=6
    )
    time_share_percent = forms.DecimalField(
        label=_("Quotité (% du temps de travail)"),
        min_value=1,
        max_value=100,
        decimal_places=1,
        localize=True,
        initial=20,
    )
    days_per_month = forms.DecimalField(
        label=_("Ou nombre de jours par mois"),
        required=False,
        min_value=0.5,
        max_value=31,
        decimal_places=1,
        localize=True,
    )

    # Issue 18, the public page only (an engagement reads it from the two members' deliberations): do both
    # employers apply a scheme their network shares, and with which limits (the stricter of the two)?
    network_scheme = forms.ChoiceField(
        label=_("Les deux employeurs appliquent-ils un dispositif partagé de leur réseau ?"),
        choices=YES_NO,
        initial="non",
        required=False,
    )
    network_scheme_max_percent = forms.IntegerField(
        label=_("Quotité maximale du dispositif partagé (%, la plus stricte des deux)"),
        required=False,
        min_value=1,
        max_value=100,
    )
    network_scheme_max_months = forms.IntegerField(
        label=_("Durée maximale du dispositif partagé (mois, la plus stricte des deux)"),
        required=False,
        min_value=1,
        max_value=36,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = datetime.date.today()
        self.parameters = None

    def _shared_scheme(self, data) -> Parameters | None:
        """The parameters the public page's answers give (None: the organisation's defaults)."""
        if data.get("network_scheme") != "oui":
            return None
        percent, months = data.get("network_scheme_max_percent"), data.get("network_scheme_max_months")
        if percent is None or months is None:
            raise forms.ValidationError(
                _(
                    "Indiquez la quotité et la durée maximales du dispositif partagé (les plus strictes des deux)."
                )
            )
        return Parameters(
            network_scheme_enabled=True,
            network_scheme_max_percent=float(percent),
            network_scheme_max_months=float(months),
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        situation = {
            "same_employer": data["host_type"] == "meme_collectivite",
            "host_type": data["host_type"],
            "employer_type": data["employer_type"],
            "employer_population": data["employer_population"],
            "agent_status": data["agent_status"],
            "purpose": data["purpose"],
            "start_date": data["start_date"].isoformat(),
            "end_date": data["end_date"].isoformat() if data["end_date"] else None,
            "duration_months": float(data["duration_months"]),
            "time_share_percent": float(data["time_share_percent"]),
            "days_per_month": float(data["days_per_month"]) if data["days_per_month"] is not None else None,
        }
        for name in YES_NO_FIELDS:
            situation[name] = data[name] == "oui"
        try:
            self.situation_data = situation
            self.situation = parse_situation(situation)
        except SituationError as error:
            raise forms.ValidationError(str(error)) from error
        self.parameters = self._shared_scheme(data)
        return data


class EngagementSituationForm(SituationForm):
    """The boussole inside an engagement: the same questions, and HR's reason when the situation contradicts
    what the platform knows (the service refuses the contradiction without it). The shared scheme is not
    asked: the engagement reads it from the two members' deliberations (frameworks.services.parameters_for)."""

    network_scheme = None
    network_scheme_max_percent = None
    network_scheme_max_months = None

    correction_reason = forms.CharField(
        label=_("Raison de la correction"),
        help_text=_(
            "Obligatoire si la situation contredit ce que la plateforme sait de l'engagement (type d'un "
            "employeur, statut de l'agent…) : elle est conservée avec le dispositif retenu."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def initial_from_situation(situation: dict) -> dict:
    """A boussole situation (e.g. what the platform knows of an engagement, or one HR submitted earlier) as the
    form's initial values."""
    initial = {name: value for name, value in situation.items() if name != "same_employer"}
    for name in YES_NO_FIELDS:
        initial[name] = "oui" if situation.get(name) else "non"
    if initial.get("end_date") is None:
        initial.pop("end_date", None)
    return initial


class FrameworkSettingsForm(forms.ModelForm):
    """The organisation's local schemes and limits (its administrators, on the organisation settings page)."""

    class Meta:
        model = FrameworkSettings
        fields = [
            "population",
            "matp_enabled",
            "matp_max_percent",
            "matp_max_months",
            "asa_enabled",
            "asa_days_per_month",
        ]
        localized_fields = ["asa_days_per_month"]
