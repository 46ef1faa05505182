from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from passerelles.access.actor import get_actor
from passerelles.core.dashboard import sections_for
from passerelles.core.todo import todo_for


@login_not_required
def home(request):
    """The public front page: what Passerelles is, and the way in."""
    return render(request, "core/home.html")


def dashboard(request):
    """Every role lands here; one section per role held."""
    actor = get_actor(request.user)
    return render(
        request, "core/dashboard.html", {"sections": sections_for(actor), "todo": todo_for(request.user)}
    )
