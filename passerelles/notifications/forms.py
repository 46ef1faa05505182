"""« Mes notifications »: one group of fields per kind (e-mail: each time / daily summary / never; SMS yes or
no for the SMS kinds), and the person's choice to receive SMS at all."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from passerelles.notifications.models import ALWAYS_ON, SMS_KINDS, EmailChoice, NotificationKind
from passerelles.notifications.preferences import Choice

YES_NO = [("oui", _("oui")), ("non", _("non"))]


def has_verified_phone(user) -> bool:
    return bool(user.phone and user.phone_verified_at)


class PreferencesForm(forms.Form):
    def __init__(self, *args, user, current: dict[str, Choice], **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.current = current
        self.phone = has_verified_phone(user)
        for kind in NotificationKind:
            choices = [(value, label) for value, label in EmailChoice.choices]
            if kind in ALWAYS_ON:
                choices = [c for c in choices if c[0] != EmailChoice.NEVER]
            self.fields[f"email_{kind.value}"] = forms.ChoiceField(
                label=_("Par courriel"),
                choices=choices,
                widget=forms.RadioSelect,
                initial=current[kind.value].email,
            )
            if self.phone and kind in SMS_KINDS:
                self.fields[f"sms_{kind.value}"] = forms.BooleanField(
                    label=_("Aussi par SMS"), required=False, initial=current[kind.value].sms
                )
        self.fields["language"] = forms.ChoiceField(
            label=_("Langue des courriels et des SMS"),
            choices=settings.LANGUAGES,
            widget=forms.RadioSelect,
            initial=user.language,
        )
        if self.phone:
            self.fields["sms_on"] = forms.ChoiceField(
                label=_("Recevoir des SMS de Passerelles"),
                choices=YES_NO,
                widget=forms.RadioSelect,
                initial="oui" if user.can_receive_sms else "non",
            )

    def kinds(self):
        """What the template lays out: one entry per kind, with its fields."""
        for kind in NotificationKind:
            yield {
                "kind": kind,
                "label": kind.label,
                "always_on": kind in ALWAYS_ON,
                "email": self[f"email_{kind.value}"],
                "sms": self[f"sms_{kind.value}"] if f"sms_{kind.value}" in self.fields else None,
            }

    def choices(self) -> dict[str, Choice]:
        data = self.cleaned_data
        result = {}
        for kind in NotificationKind:
            sms_field = f"sms_{kind.value}"
            sms = data[sms_field] if sms_field in self.fields else self.current[kind.value].sms
            result[kind.value] = Choice(email=data[f"email_{kind.value}"], sms=bool(sms))
        return result
