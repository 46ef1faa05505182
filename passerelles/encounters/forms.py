"""The forms of forums and café-missions: they read and validate input in French; the rules live in ``rules``
and ``services``."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.encounters import rules
from passerelles.encounters.models import Encounter
from passerelles.foundation.images import ImageUploadField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EncounterForm(forms.ModelForm):
    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organisations invitées"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Leurs agents sont invités à s'inscrire, leurs porteurs de missions à présenter."
        ),
    )

    visio_url = forms.URLField(
        label=gettext_lazy("Lien de visioconférence"), required=False, assume_scheme="https", max_length=200
    )
    field_order = [
        "kind",
        "title",
        "date",
        "start_time",
        "place",
        "visio_url",
        "conversation_minutes",
        "pause_minutes",
        "rounds",
        "tables",
        "seats",
        "organisations",
    ]

    class Meta:
        model = Encounter
        fields = [
            "kind",
            "title",
            "date",
            "start_time",
            "place",
            "conversation_minutes",
            "pause_minutes",
            "rounds",
            "tables",
            "seats",
        ]
        widgets = {"date": DATE, "start_time": TIME}
        help_texts = {
            "seats": gettext_lazy(
                "1 pour un face-à-face (forum) ; 3 à 6 autour d'une table (café-missions)."
            ),
            "rounds": gettext_lazy(
                "Combien de conversations chaque personne peut avoir, l'une après l'autre."
            ),
            "place": gettext_lazy("Un lieu, un lien de visioconférence, ou les deux."),
        }

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = candidates
        if candidates.count() == 1:  # an organisation's own event: nothing to choose
            del self.fields["organisations"]

    def clean(self):
        cleaned = super().clean()
        fmt_fields = ("conversation_minutes", "pause_minutes", "rounds", "tables", "seats")
        if all(cleaned.get(name) is not None for name in fmt_fields):
            for refusal in rules.format_refusals(
                rules.Format(
                    minutes=cleaned["conversation_minutes"],
                    pause=cleaned["pause_minutes"],
                    rounds=cleaned["rounds"],
                    tables=cleaned["tables"],
                    seats=cleaned["seats"],
                )
            ):
                self.add_error(None, refusal)
        if not (cleaned.get("place") or cleaned.get("visio_url")):
            self.add_error("place", _("Indiquez un lieu, un lien de visioconférence, ou les deux."))
        return cleaned


class PitchForm(forms.Form):
    mission = forms.ModelChoiceField(label=gettext_lazy("Mission présentée"), queryset=None)
    text = forms.CharField(
        label=gettext_lazy("Présentation"),
        max_length=rules.PITCH_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Ce que vous diriez en une minute : 600 caractères au plus."),
    )
    photo = ImageUploadField(
        label=gettext_lazy("Photo (facultative)"),
        required=False,
        max_bytes=rules.PHOTO_MAX_BYTES,
        help_text=gettext_lazy("PNG, JPEG ou WebP, 2 Mo au plus."),
    )
    photo_alt = forms.CharField(
        label=gettext_lazy("Description de la photo"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Pour les personnes qui ne la voient pas."),
    )

    def __init__(self, *args, missions, **kwargs):
        super().__init__(*args, **kwargs)
        if missions is None:
            del self.fields["mission"]
        else:
            self.fields["mission"].queryset = missions


RANK_CHOICES = [("", gettext_lazy("— pas cette fois"))] + [
    (str(r), str(r)) for r in range(1, rules.MAX_WISHES + 1)
]


class RegistrationForm(forms.Form):
    """One rank field per pitch (« rang_<pitch id> »): 1 for the conversation one wants most."""

    def __init__(self, *args, pitches, initial_ranks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pitches = list(pitches)
        for pitch in self.pitches:
            self.fields[f"rang_{pitch.pk}"] = forms.TypedChoiceField(
                label=pitch.mission.title,
                help_text=pitch.text,
                choices=RANK_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=(initial_ranks or {}).get(pitch.pk),
            )

    def clean(self):
        cleaned = super().clean()
        for refusal in rules.wish_refusals(self.ranks()):
            self.add_error(None, refusal)
        return cleaned

    def ranks(self) -> dict[int, int]:
        return {
            pitch.pk: self.cleaned_data[f"rang_{pitch.pk}"]
            for pitch in self.pitches
            if self.cleaned_data.get(f"rang_{pitch.pk}") is not None
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Raison (dite aux personnes inscrites)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    continues = forms.TypedChoiceField(
        label=gettext_lazy("Souhaitez-vous continuer ?"),
        choices=[("oui", gettext_lazy("Oui, je souhaite continuer")), ("non", gettext_lazy("Non, merci"))],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
    )
