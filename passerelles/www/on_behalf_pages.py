"""« Enregistrer un intérêt pour une personne »: HR, or the agent's personne relais, records « ça m'intéresse »
said in person or by phone (engagements/services/on_behalf.py holds the rules)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.engagements import services
from passerelles.engagements.lifecycle import ConsentChannel, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.missions.queries import mission_for
from passerelles.organisations.models import Organisation
from passerelles.people import person_search


class OnBehalfForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Comment la personne a-t-elle donné son accord ?"),
        choices=ConsentChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Dites comment la personne a donné son accord.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Précision (facultatif, obligatoire pour « autrement »)"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Par exemple : « au téléphone le 3 mars », « à la pause, devant l'affiche »."),
    )
    message = forms.CharField(
        label=gettext_lazy("Un mot de la personne pour l'équipe (facultatif)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = services.agents_one_may_act_for(user)
        hr = get_actor(user).org_ids(Role.HR)
        if hr:  # HR finds the person by name (never a list of staff on the page)
            field = person_search.PersonSearchField(
                label=_("Pour qui ?"),
                candidates=candidates,
                search_url=person_search.search_url(Organisation.objects.get(pk=min(hr))),
            )
        else:  # a personne relais picks among the few people who chose them
            field = forms.ModelChoiceField(
                label=_("Pour qui ?"),
                queryset=candidates.order_by("last_name", "first_name", "pk"),
                empty_label=_("Choisissez la personne"),
                error_messages={"required": _("Choisissez la personne.")},
            )
        self.fields = {"agent": field, **self.fields}


def mission_interest_for(request, mission_id):
    mission = mission_for(request.user, mission_id)
    if not policies.can_record_interest_for_someone(request.user):
        raise PermissionDenied
    if not mission.is_published:
        messages.error(request, _("Cette mission n'est pas publiée : personne ne peut s'y proposer."))
        return redirect("mission_detail", mission_id=mission.pk)
    form = OnBehalfForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_record_interest_for(
                mission=mission,
                agent=form.cleaned_data["agent"],
                by=request.user,
                channel=form.cleaned_data["channel"],
                note=form.cleaned_data["note"],
                message=form.cleaned_data["message"],
                programme_consent=request.POST.get("programme_consent") == "1",
            )
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _(
                    "Intérêt enregistré pour %(name)s : la personne est prévenue et peut le retirer en un clic."
                )
                % {"name": engagement.agent.full_name},
            )
            if Engagement.objects.for_actor(request.user).filter(pk=engagement.pk).exists():
                return redirect("engagement_detail", engagement_id=engagement.pk)
            return redirect("mission_detail", mission_id=mission.pk)
    programme = services.test_programme(mission)
    return render(
        request,
        "engagements/interest_for.html",
        {
            "mission": mission,
            "form": form,
            "test_notice": services.notice_for(programme) if programme else "",
        },
    )
