from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from passerelles.frameworks.boussole import framework, recommend
from passerelles.frameworks.forms import SituationForm


@login_not_required
def simulator(request):
    """The public boussole: anyone describes a situation and reads which frameworks fit, and why not the others."""
    result = None
    if request.GET:
        form = SituationForm(request.GET)
        if form.is_valid():
            result = recommend(form.situation)
            for entry in result["excluded"]:
                entry["label"] = str(framework(entry["code"])["label"])
    else:
        form = SituationForm()
    return render(request, "frameworks/simulator.html", {"form": form, "result": result})
