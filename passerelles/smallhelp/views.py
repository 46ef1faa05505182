"""The pages of small help: the hub (« Coups de main et immersions »), asking and proposing a coup de main, its
page with one-click agreement and its lettre de mission; asking an immersion, its page and its note; HR's list
and return programmes.

Thin: objects are reached through the actor's scope (outsiders get a 404), ``policies`` says who may act (403
otherwise), ``services`` refuse in French with nothing written.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.access.actor import get_actor
from passerelles.organisations.models import Organisation, OrgUnit
from passerelles.smallhelp import immersions, letters, policies, queries, rules, services
from passerelles.smallhelp.forms import (
    DeclineForm,
    HelpAskForm,
    HelpProposeForm,
    ImmersionForm,
    ProgrammeForm,
)
from passerelles.smallhelp.models import Immersion, LightHelp, ReturnProgramme
from passerelles.smallhelp.rules import HelpState, ImmersionState, ProgrammeState

PER_PAGE = 50


def _help(request, help_id) -> LightHelp:
    return get_object_or_404(queries.helps(request.user), pk=help_id)


def _immersion(request, immersion_id) -> Immersion:
    return get_object_or_404(queries.immersions(request.user), pk=immersion_id)


def _programme(request, programme_id) -> ReturnProgramme:
    return get_object_or_404(queries.programmes(request.user), pk=programme_id)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def home(request):
    """What waits for the person, their own requests, and those of the services they host or the agents they
    manage (as the scopes let them see)."""
    actor = get_actor(request.user)
    agent = actor.agent
    mine = queries.helps(request.user).filter(agent=agent) if agent else LightHelp.objects.none()
    others = queries.helps(request.user).exclude(agent=agent) if agent else queries.helps(request.user)
    my_immersions = (
        queries.immersions(request.user).filter(agent=agent) if agent else Immersion.objects.none()
    )
    other_immersions = (
        queries.immersions(request.user).exclude(agent=agent) if agent else queries.immersions(request.user)
    )
    hr_orgs = Organisation.objects.filter(pk__in=actor.org_ids("hr")).order_by("name")
    return render(
        request,
        "smallhelp/home.html",
        {
            "agent": agent,
            "awaiting": list(queries.helps_awaiting(request.user)[:50]),
            "immersions_awaiting": list(queries.immersions_awaiting(request.user)[:50]),
            "programmes_awaiting": list(queries.programmes_awaiting(request.user)[:50]),
            "mine": list(mine[:50]),
            "my_immersions": list(my_immersions.order_by("-date")[:50]),
            "others": list(others.exclude(state=HelpState.CANCELLED)[:50]),
            "other_immersions": list(
                other_immersions.exclude(state=ImmersionState.CANCELLED).order_by("-date")[:50]
            ),
            "can_propose": bool(policies.hosted_unit_ids(request.user)),
            "hr_orgs": hr_orgs,
            "cap": services.cap_for(agent.organisation) if agent else 0,
        },
    )


def help_ask(request):
    agent = get_actor(request.user).agent
    if agent is None:
        raise PermissionDenied
    cap = services.cap_for(agent.organisation)
    units = services.units_for_agent(agent)
    form = HelpAskForm(request.POST or None, units=units, cap=cap) if cap else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            help = services.help_ask(
                by=request.user,
                host_unit=form.cleaned_data["host_unit"],
                half_days=form.half_days(),
                purpose=form.cleaned_data["purpose"],
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Demande envoyée : votre encadrant·e et le service sont sollicités."))
            return redirect("smallhelp:help_detail", help_id=help.pk)
    today = timezone.localdate()
    usage = queries.month_usage(agent, today)
    return render(
        request,
        "smallhelp/help_ask.html",
        {"form": form, "cap": cap, "used": usage.get((today.year, today.month), 0)},
    )


def help_propose(request):
    units = services.units_hosted(request.user)
    if not units:
        raise PermissionDenied
    organisation = units[0].organisation
    cap = services.cap_for(organisation)
    form = HelpProposeForm(request.POST or None, units=units, cap=cap) if cap else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.help_propose(
                by=request.user,
                host_unit=form.cleaned_data["host_unit"],
                identifier=form.cleaned_data["identifier"],
                half_days=form.half_days(),
                purpose=form.cleaned_data["purpose"],
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            # the same answer whether or not the address matched someone: nothing leaks
            messages.success(
                request,
                _(
                    "Si cette adresse est celle d'un agent de l'organisation disponible ces demi-journées, la "
                    "proposition lui est envoyée. Vous la verrez ici dès qu'il ou elle aura répondu."
                ),
            )
            return redirect("smallhelp:home")
    return render(request, "smallhelp/help_propose.html", {"form": form, "cap": cap})


def help_detail(request, help_id):
    help = _help(request, help_id)
    parties = policies.help_parties(request.user, help)
    waiting = rules.parties_waiting(initiated_by=help.initiated_by, agreed=help.agreed_parties)
    my_turn = help.state == HelpState.ASKED and bool(parties & set(waiting))
    return render(
        request,
        "smallhelp/help_detail.html",
        {
            "help": help,
            "half_days": rules.half_days_text(help.half_day_pairs()),
            "waiting": [rules.Party(p).label for p in waiting] if help.state == HelpState.ASKED else [],
            "my_turn": my_turn,
            "decline_form": DeclineForm() if my_turn else None,
            "can_cancel": policies.can_cancel_help(request.user, help),
            "can_read_letter": policies.can_read_letter(request.user, help),
            "sentence": letters.lettre_sentence(help) if help.state == HelpState.AGREED else "",
            "show_reason": bool(parties) or policies.is_hr(request.user, help.organisation_id),
        },
    )


@require_POST
def help_agree(request, help_id):
    help = _help(request, help_id)
    try:
        help = services.help_agree(help=help, by=request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Accord enregistré : la lettre de mission est prête.")
            if help.state == HelpState.AGREED
            else _("Accord enregistré."),
        )
    return redirect("smallhelp:help_detail", help_id=help.pk)


@require_POST
def help_decline(request, help_id):
    help = _help(request, help_id)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.help_decline(help=help, by=request.user, reason=reason)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Vous avez décliné la demande."))
    return redirect("smallhelp:help_detail", help_id=help.pk)


def help_cancel(request, help_id):
    """A confirmation page, then the cancellation (POST)."""
    help = _help(request, help_id)
    if not policies.can_cancel_help(request.user, help):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.help_cancel(help=help, by=request.user)
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Demande annulée."))
        return redirect("smallhelp:help_detail", help_id=help.pk)
    return render(
        request,
        "smallhelp/confirm_cancel.html",
        {
            "title": _("Annuler la demande de coup de main ?"),
            "what": f"{help.agent.full_name} — {help.host_unit.name} — {rules.half_days_text(help.half_day_pairs())}",
            "back": help,
            "back_url": "smallhelp:help_detail",
        },
    )


def help_letter(request, help_id):
    help = _help(request, help_id)
    if not policies.can_read_letter(request.user, help):
        raise PermissionDenied
    return _pdf_response(letters.lettre_pdf(help), f"lettre-de-mission-coup-de-main-{help.pk}.pdf")


# --- immersions ------------------------------------------------------------------------------------------------


def immersion_ask(request):
    agent = get_actor(request.user).agent
    if agent is None:
        raise PermissionDenied
    form = ImmersionForm(request.POST or None, units=services.units_for_agent(agent))
    if request.method == "POST" and form.is_valid():
        try:
            immersion = immersions.immersion_ask(by=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Demande envoyée au service."))
            return redirect("smallhelp:immersion_detail", immersion_id=immersion.pk)
    return render(request, "smallhelp/immersion_ask.html", {"form": form})


def immersion_detail(request, immersion_id):
    immersion = _immersion(request, immersion_id)
    can_decide = policies.can_decide_immersion(request.user, immersion)
    return render(
        request,
        "smallhelp/immersion_detail.html",
        {
            "immersion": immersion,
            "can_decide": can_decide,
            "decline_form": DeclineForm() if can_decide else None,
            "can_cancel": policies.can_cancel_immersion(request.user, immersion),
            "can_read_note": policies.can_read_immersion_note(request.user, immersion),
        },
    )


@require_POST
def immersion_decide(request, immersion_id):
    immersion = _immersion(request, immersion_id)
    if request.POST.get("decision") not in ("oui", "non"):
        messages.error(request, _("Choisissez d'accueillir l'agent ou de décliner."))
        return redirect("smallhelp:immersion_detail", immersion_id=immersion.pk)
    agree = request.POST["decision"] == "oui"
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        immersions.immersion_decide(immersion=immersion, by=request.user, agree=agree, reason=reason)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Immersion acceptée : l'encadrant·e de l'agent en est informé·e.")
            if agree
            else _("Immersion déclinée."),
        )
    return redirect("smallhelp:immersion_detail", immersion_id=immersion.pk)


def immersion_cancel(request, immersion_id):
    immersion = _immersion(request, immersion_id)
    if not policies.can_cancel_immersion(request.user, immersion):
        raise PermissionDenied
    if request.method == "POST":
        try:
            immersions.immersion_cancel(immersion=immersion, by=request.user)
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Immersion annulée."))
        return redirect("smallhelp:immersion_detail", immersion_id=immersion.pk)
    return render(
        request,
        "smallhelp/confirm_cancel.html",
        {
            "title": _("Annuler l'immersion ?"),
            "what": f"{immersion.agent.full_name} — {immersion.host_unit.name} — {immersion.date:%d/%m/%Y}",
            "immersion": immersion,
        },
    )


def immersion_note(request, immersion_id):
    immersion = _immersion(request, immersion_id)
    if not policies.can_read_immersion_note(request.user, immersion):
        raise PermissionDenied
    return _pdf_response(letters.immersion_note_pdf(immersion), f"note-immersion-{immersion.pk}.pdf")


# --- HR: the organisation's list and the return programmes -----------------------------------------------------


def _hr_organisation(request, org_slug) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_list(request.user, organisation):
        raise PermissionDenied
    return organisation


def organisation_list(request, org_slug):
    """HR's list of the organisation's coups de main, immersions and return programmes, filtered by state."""
    organisation = _hr_organisation(request, org_slug)
    kind = request.GET.get("type", "")
    kind = kind if kind in ("coups-de-main", "immersions") else "coups-de-main"
    states = HelpState if kind == "coups-de-main" else ImmersionState
    state = request.GET.get("etat", "")
    state = state if state in states.values else ""
    if kind == "coups-de-main":
        found = queries.organisation_helps(request.user, organisation, state)
    else:
        found = queries.organisation_immersions(request.user, organisation, state).order_by("-date", "-pk")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    programmes = queries.programmes(request.user).filter(organisation=organisation)[:50]
    return render(
        request,
        "smallhelp/organisation_list.html",
        {
            "organisation": organisation,
            "kind": kind,
            "states": states.choices,
            "state": state,
            "page": page,
            "rows": [(row, rules.half_days_text(row.half_day_pairs())) for row in page.object_list]
            if kind == "coups-de-main"
            else [(row, "") for row in page.object_list],
            "programmes": programmes,
            "querystring": f"type={kind}&etat={state}",
        },
    )


def programme_new(request, org_slug):
    organisation = _hr_organisation(request, org_slug)
    units = OrgUnit.objects.filter(organisation=organisation)
    form = ProgrammeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        agent = services.find_agent(organisation, form.cleaned_data["identifier"])
        if agent is None:
            form.add_error("identifier", _("Aucun agent actif de l'organisation n'a cette adresse."))
        else:
            try:
                programme = immersions.programme_create(
                    by=request.user,
                    agent=agent,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    stops=form.stops(),
                )
            except services.Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    _("Parcours proposé à l'agent : les services seront sollicités après son accord."),
                )
                return redirect("smallhelp:programme_detail", return_programme_id=programme.pk)
    return render(request, "smallhelp/programme_new.html", {"organisation": organisation, "form": form})


def programme_detail(request, return_programme_id):
    programme = _programme(request, return_programme_id)
    stops = list(programme.immersions.select_related("host_unit").order_by("date", "pk"))
    agent = get_actor(request.user).agent
    return render(
        request,
        "smallhelp/programme_detail.html",
        {
            "programme": programme,
            "immersions": stops,
            "can_answer": agent is not None
            and agent.pk == programme.agent_id
            and programme.state == ProgrammeState.PROPOSED,
            "agreed": sum(1 for i in stops if i.state == ImmersionState.AGREED),
        },
    )


@require_POST
def programme_answer(request, return_programme_id):
    programme = _programme(request, return_programme_id)
    if request.POST.get("decision") not in ("oui", "non"):
        messages.error(request, _("Choisissez d'accepter ou de décliner le parcours."))
        return redirect("smallhelp:programme_detail", return_programme_id=programme.pk)
    accept = request.POST["decision"] == "oui"
    try:
        immersions.programme_answer(programme=programme, by=request.user, accept=accept)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Parcours accepté : chaque service est sollicité.")
            if accept
            else _("Parcours décliné : aucun service n'est sollicité."),
        )
    return redirect("smallhelp:programme_detail", return_programme_id=programme.pk)
