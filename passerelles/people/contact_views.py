"""« Ma personne relais »: the agent names, changes or removes the colleague who may record their interest."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.access.actor import get_actor
from passerelles.people.contacts import ContactForm, agents_who_chose, contact_choose, contact_remove
from passerelles.people.models import ChosenContact


def my_contact(request):
    actor = get_actor(request.user)
    if actor.agent is None:
        return render(request, "people/no_profile.html")
    agent = actor.agent
    current = ChosenContact.objects.filter(agent=agent).select_related("contact", "contact__unit").first()
    form = ContactForm(request.POST or None, user=request.user, agent=agent)
    if request.method == "POST" and form.is_valid():
        contact_choose(agent=agent, contact=form.cleaned_data["contact"])
        messages.success(
            request,
            _("%(name)s est votre personne relais : elle peut dire pour vous « ça m'intéresse ».")
            % {"name": form.cleaned_data["contact"].full_name},
        )
        return redirect("my_contact")
    return render(
        request,
        "people/my_contact.html",
        {"current": current, "form": form, "chosen_by": agents_who_chose(agent).count()},
    )


@require_POST
def my_contact_remove(request):
    actor = get_actor(request.user)
    if actor.agent is not None and contact_remove(agent=actor.agent):
        messages.success(request, _("Vous n'avez plus de personne relais."))
    return redirect("my_contact")
