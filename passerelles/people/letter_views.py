"""Printing access-code letters: for one agent (HR, or the agent's manager) and for a chosen set of an
organisation's agents (HR). The PDF is made on a POST only — printing draws a new code and stops the
previous one — and is served by these views alone, which check the right first."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from passerelles import boundary
from passerelles.access import policies
from passerelles.accounts.models import AccessCode
from passerelles.organisations.models import Organisation, OrgUnit
from passerelles.people.access_letters import (
    BATCH_LIMIT,
    LetterRefused,
    prepare_letter,
    prepare_letters,
)
from passerelles.people.letter_pdf import letters_pdf
from passerelles.people.models import Agent


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # it holds a code that opens an account
    return response


@never_cache
def agent_access_letter(request, pk):
    """What a letter is, when the last one was printed and whether it was used; the button prints a new one."""
    agent = get_object_or_404(
        Agent.objects.for_actor(request.user).select_related("organisation", "user", "unit"), pk=pk
    )
    if not policies.can_print_access_letter(request.user, agent):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("imprimer") == "oui":
        try:
            letter = prepare_letter(agent, by=request.user)
        except LetterRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("agent_access_letter", pk=agent.pk)
        return _pdf_response(letters_pdf([letter]), f"lettre-acces-{slugify(agent.full_name)}.pdf")
    last = (
        AccessCode.objects.filter(user_id=agent.user_id).select_related("created_by").first()
        if agent.user_id
        else None
    )
    return render(
        request, "people/access_letters/agent.html", {"agent": agent, "last": last, "now": timezone.now()}
    )


def _batch_agents(request, organisation):
    """The organisation's active agents the filters name (unit and its sub-units; without address only)."""
    agents = (
        Agent.objects.for_actor(request.user)
        .filter(organisation=organisation, is_active=True, anonymised_at__isnull=True)
        .select_related("organisation", "user", "unit")
        .order_by("last_name", "first_name", "pk")
    )
    source = request.POST if request.method == "POST" else request.GET
    unit = None
    if unit_id := boundary.object_id(source.get("unite")):
        unit = OrgUnit.objects.filter(organisation=organisation, pk=unit_id).first()
        if unit is not None:
            agents = agents.filter(unit__in=[unit.pk, *unit.children.values_list("pk", flat=True)])
    # By default (the page just opened), the agents without an address: those who need a letter most.
    without_email = bool(source.get("sans_adresse")) if "filtre" in source else True
    if without_email:
        agents = agents.filter(email="").exclude(user__email__isnull=False)
    return agents, unit, without_email


@never_cache
def organisation_access_letters(request, org_slug):
    """HR chooses agents (by default those without an e-mail address) and prints one PDF, a letter a page."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_print_organisation_access_letters(request.user, organisation):
        raise PermissionDenied
    agents, unit, without_email = _batch_agents(request, organisation)
    if request.method == "POST" and request.POST.get("imprimer") == "oui":
        ids = {i for i in (boundary.object_id(v) for v in request.POST.getlist("agents")) if i}
        chosen = list(agents.filter(pk__in=ids)[: BATCH_LIMIT + 1])
        if not chosen:
            messages.error(request, _("Cochez au moins une personne pour imprimer ses lettres."))
            return redirect("organisation_access_letters", org_slug=organisation.slug)
        if len(chosen) > BATCH_LIMIT:
            messages.error(
                request,
                _("%(limit)d lettres au plus à la fois : choisissez une unité, puis imprimez par parties.")
                % {"limit": BATCH_LIMIT},
            )
            return redirect("organisation_access_letters", org_slug=organisation.slug)
        letters, refusals = prepare_letters(chosen, by=request.user)
        if not letters:
            for refusal in refusals:
                messages.error(request, refusal)
            return redirect("organisation_access_letters", org_slug=organisation.slug)
        return _pdf_response(letters_pdf(letters), f"lettres-acces-{organisation.slug}.pdf")
    shown = list(agents[: settings.PAGE_SIZE * 4])
    units = OrgUnit.objects.filter(organisation=organisation).order_by("name")
    return render(
        request,
        "people/access_letters/organisation.html",
        {
            "organisation": organisation,
            "agents": shown,
            "total": agents.count(),
            "units": units,
            "unit": unit,
            "without_email": without_email,
            "limit": BATCH_LIMIT,
        },
    )
