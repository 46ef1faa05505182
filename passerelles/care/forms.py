import datetime

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.care.rules import CONTACT_MAX, ENTRY_MAX, GOAL_MAX, PROTOCOL_MAX, EntryKind, Situation
from passerelles.people import person_search

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# how far a note or meeting may be dated: a meeting is planned ahead, a note written about what happened
PAST_DAYS = 5 * 366
FUTURE_DAYS = 2 * 366


class PlanOpenForm(forms.Form):
    identifier = forms.CharField(
        label=_("Agent : adresse e-mail professionnelle ou matricule"),
        max_length=254,
        help_text=_("Un agent actif de votre organisation. Aucune liste de personnes n'est proposée ici."),
    )
    situation = forms.ChoiceField(
        label=_("Situation"),
        choices=[("", "—")] + list(Situation.choices),
        help_text=_("Connue de l'agent et de la RH seulement ; jamais écrite sur une mission."),
    )
    goal = forms.CharField(
        label=_("Objectif"),
        max_length=GOAL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : trouver un nouveau métier dans la collectivité d'ici un an."),
    )


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=EntryKind.choices, initial=EntryKind.NOTE)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    text = forms.CharField(label=_("Texte"), max_length=ENTRY_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if (
            not today - datetime.timedelta(days=PAST_DAYS)
            <= date
            <= today + datetime.timedelta(days=FUTURE_DAYS)
        ):
            raise forms.ValidationError(_("Choisissez une date entre il y a cinq ans et dans deux ans."))
        return date

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Écrivez quelques mots."))
        return text


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Bilan (facultatif)"),
        required=False,
        max_length=GOAL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(label=_("Je confirme la clôture du plan"), required=True)


DEFAULT_PROTOCOL = _(
    "Un premier échange avec le parrain ou la marraine la première semaine, puis à chaque point d'étape. En cas "
    "de difficulté, l'agent appelle la ou le psychologue du travail directement, ou demande à la RH de lui "
    "transmettre ce qu'il ou elle a dit à un point d'étape. Le retour dans l'équipe d'origine reste possible à "
    "tout moment."
)


class SupportForm(forms.Form):
    """The sponsor is found by name (PersonSearchField: never a list of staff), among the agent's
    organisation's active agents with an account — never the agent themself."""

    psychologist = forms.CharField(label=_("Psychologue du travail (nom)"), max_length=CONTACT_MAX)
    psychologist_phone = forms.CharField(
        label=_("Téléphone ou numéro vert"),
        max_length=40,
        validators=[
            RegexValidator(
                r"^[0-9 +().-]{4,40}$", _("Un numéro de téléphone : chiffres, espaces, +, points.")
            )
        ],
    )
    psychologist_email = forms.EmailField(
        label=_("E-mail de la ou du psychologue"),
        required=False,
        help_text=_("Facultatif : une difficulté transmise avec l'accord de l'agent y est envoyée."),
    )
    protocol = forms.CharField(
        label=_("Protocole d'appui"),
        max_length=PROTOCOL_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=DEFAULT_PROTOCOL,
        help_text=_("Écrit dans le pacte : qui appeler, quand se voir, comment revenir."),
    )

    def __init__(self, *args, user, engagement, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = engagement.agent.organisation
        candidates = person_search.project_lead_candidates(user, organisation).exclude(pk=engagement.agent_id)
        self.fields = {
            "sponsor": person_search.PersonSearchField(
                label=_("Parrain ou marraine"),
                candidates=candidates,
                also_allowed=[current.sponsor_id] if current else (),
                search_url=person_search.search_url(organisation),
                chosen_label=current.sponsor.full_name if current else "",
                help_text=_("Un·e collègue de l'organisation de l'agent, cherché·e par son nom."),
            ),
            **self.fields,
        }
