"""« Proposer la mission à une personne que vous connaissez »: the host side of a mission proposes it to an agent
by their exact address (issue 19; engagements/services/interest.py holds the rules).

The page answers the same sentence whether or not the address matched someone who may receive it, so that it
reveals nobody; the form is rate-limited per user against guessing addresses.
"""

from allauth.core.internal import ratelimit
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from passerelles.access import policies
from passerelles.engagements import services
from passerelles.engagements.lifecycle import TransitionRefused
from passerelles.missions.queries import mission_for

NEUTRAL_ANSWER = gettext_lazy(
    "Si cette adresse correspond à une personne qui peut voir la mission, elle a reçu votre proposition. "
    "Elle est libre d'accepter une rencontre ou de décliner."
)


class HostProposalForm(forms.Form):
    address = forms.CharField(
        label=gettext_lazy("Adresse e-mail professionnelle ou identifiant de la personne"),
        max_length=254,
        help_text=gettext_lazy("Écrivez l'adresse exacte : Passerelles ne cherche ni ne liste personne."),
        error_messages={"required": gettext_lazy("Écrivez l'adresse ou l'identifiant de la personne.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    message = forms.CharField(
        label=gettext_lazy("Un mot pour la personne (facultatif)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def mission_host_propose(request, mission_id):
    mission = mission_for(request.user, mission_id)
    if not policies.can_propose_as_host(request.user, mission):
        raise PermissionDenied
    form = HostProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, app="allauth.account", action="mission_proposal"):
            return render(
                request, "engagements/host_propose_throttled.html", {"mission": mission}, status=429
            )
        try:
            services.engagement_propose_as_host(
                mission=mission,
                address=form.cleaned_data["address"],
                by=request.user,
                message=form.cleaned_data["message"],
            )
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, str(NEUTRAL_ANSWER))
            return redirect("mission_detail", mission_id=mission.pk)
    return render(request, "engagements/host_propose.html", {"mission": mission, "form": form})
