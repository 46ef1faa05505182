"""A deliberately leaky urlconf, used only to prove that the isolation check catches a leak."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from passerelles.people.models import Agent


@login_not_required
def leaky_directory(request):
    # The mistake the check must catch: all agents, not Agent.objects.for_actor(request.user).
    return HttpResponse(", ".join(agent.full_name for agent in Agent.objects.all()))


@login_not_required
def scoped_directory(request):
    return HttpResponse(", ".join(agent.full_name for agent in Agent.objects.for_actor(request.user)))


urlpatterns = [
    path("annuaire-qui-fuit/", leaky_directory, name="leaky_directory"),
    path("annuaire-correct/", scoped_directory, name="scoped_directory"),
]
