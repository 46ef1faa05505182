"""The network's pages (issue 18): the convention-cadre and the members' deliberations, its signed PDF, the
coordinator's page (curated missions, open needs, rare skills) and the shared schemes.

Thin views: each network is fetched through the actor's scope (a person of no member organisation: 404), then
checked by networks/policies.py (403); the services decide and write, POST only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelles.foundation.files import serve_file
from passerelles.missions.models import Mission
from passerelles.networks import policies, queries, services
from passerelles.networks.forms import (
    AgreementForm,
    CurationForm,
    DeliberationForm,
    SchemeForm,
    SignatoryForm,
    TakeUpForm,
)
from passerelles.networks.models import Deliberation, DeliberationStatus, SchemeTakeUp, SharedScheme
from passerelles.organisations.models import Network, Organisation

PER_PAGE = 25


def _network(request, network_slug, allowed) -> Network:
    """One fetch helper for every page: the scope first (404), then the rule (403)."""
    network = get_object_or_404(
        Network.objects.for_actor(request.user).select_related("lead_organisation"), slug=network_slug
    )
    if not allowed(request.user, network):
        raise PermissionDenied
    return network


def _members(network):
    return network.members.order_by("name")


def _deliberations(network) -> list[dict]:
    """Each member with where its deliberation stands (« à venir » until its HR records one)."""
    recorded = {d.organisation_id: d for d in Deliberation.objects.filter(network=network)}
    return [{"organisation": member, "deliberation": recorded.get(member.pk)} for member in _members(network)]


@require_http_methods(["GET", "POST"])
def agreement(request, network_slug):
    """The convention-cadre: the coordinator edits it and its signatories; each member's HR reads it and
    records its own deliberation (on its own address, below)."""
    network = _network(request, network_slug, policies.can_view_agreement)
    can_edit = policies.can_edit_agreement(request.user, network)
    record = services.agreement_of(network)
    agreement_form = AgreementForm(
        initial={
            "reference": network.agreement_reference,
            "signed_on": network.agreement_signed_on,
            "valid_from": record.valid_from,
            "valid_until": record.valid_until,
        }
    )
    signatory_form = SignatoryForm(members=_members(network))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "agreement":
            agreement_form = AgreementForm(request.POST, request.FILES)
            if agreement_form.is_valid():
                data = agreement_form.cleaned_data
                try:
                    services.agreement_save(network=network, by=request.user, **data)
                except services.NetworkRefused as refused:
                    agreement_form.add_error("document", str(refused))
                else:
                    messages.success(request, _("La convention-cadre est enregistrée."))
                    return redirect("networks:agreement", network_slug=network.slug)
        elif action == "signatory":
            signatory_form = SignatoryForm(request.POST, members=_members(network))
            if signatory_form.is_valid():
                try:
                    services.signatory_add(network=network, by=request.user, **signatory_form.cleaned_data)
                except services.NetworkRefused as refused:
                    signatory_form.add_error(None, str(refused))
                else:
                    messages.success(request, _("Signataire ajouté·e."))
                    return redirect("networks:agreement", network_slug=network.slug)
        else:
            messages.error(request, _("Action inconnue : rien n'a été enregistré."))
    own = policies.deliberating_organisations(request.user, network)
    rows = _deliberations(network)
    for row in rows:
        if row["organisation"].pk in own:
            found = row["deliberation"]
            row["form"] = DeliberationForm(
                initial={
                    "status": found.status if found else DeliberationStatus.PENDING,
                    "decided_on": found.decided_on if found else None,
                    "reference": found.reference if found else "",
                },
                prefix=f"d{row['organisation'].pk}",
            )
    return render(
        request,
        "networks/agreement.html",
        {
            "network": network,
            "record": record,
            "signatories": record.signatories.select_related("organisation") if record.pk else [],
            "deliberations": rows,
            "can_edit": can_edit,
            "agreement_form": agreement_form,
            "signatory_form": signatory_form,
            "is_coordinator": policies.is_coordinator(request.user, network),
        },
    )


@require_POST
def deliberation(request, network_slug, org_slug):
    """A member's HR records its own organisation's deliberation on the convention-cadre."""
    network = _network(request, network_slug, policies.can_view_agreement)
    organisation = get_object_or_404(network.members.all(), slug=org_slug)
    if not policies.can_record_deliberation(request.user, network, organisation):
        raise PermissionDenied
    form = DeliberationForm(request.POST, prefix=f"d{organisation.pk}")
    if form.is_valid():
        try:
            services.deliberation_record(
                network=network, organisation=organisation, by=request.user, **form.cleaned_data
            )
        except services.NetworkRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("La délibération de %(org)s est enregistrée.") % {"org": organisation.display_name},
            )
    else:
        errors = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(request, _("Rien n'a été enregistré : %(errors)s") % {"errors": " ".join(errors)})
    return redirect("networks:agreement", network_slug=network.slug)


@require_safe
def agreement_document(request, network_slug):
    """The signed convention-cadre, only to the people who may read the agreement."""
    network = _network(request, network_slug, policies.can_view_agreement)
    record = services.agreement_of(network)
    return serve_file(
        record.document,
        content_type="application/pdf",
        filename=f"convention-cadre-{network.slug}.pdf",
    )


@require_safe
def coordination(request, network_slug):
    """The coordinator's page: the network's missions (put forward, to look at, set aside), its open needs by
    member and purpose, and its rare skills counted only from profiles opened to the network."""
    network = _network(request, network_slug, policies.is_coordinator)
    featured, others, aside = queries.curated_missions(request.user, network)
    page = Paginator(others, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "networks/coordination.html",
        {
            "network": network,
            "featured": featured,
            "page": page,
            "aside": aside,
            "needs": queries.open_needs(request.user, network),
            "skills": queries.rare_skills(request.user, network),
            "rare_at_most": queries.rules.RARE_AT_MOST,
            "curation_form": CurationForm(),
        },
    )


@require_POST
def curation(request, network_slug, mission_id):
    """The coordinator puts a mission forward, sets it aside with a note, or clears the choice."""
    network = _network(request, network_slug, policies.can_curate)
    mission = get_object_or_404(
        Mission.objects.scoped("missions.network_missions", request.user, network=network), pk=mission_id
    )
    form = CurationForm(request.POST)
    if form.is_valid():
        try:
            services.curation_set(network=network, mission=mission, by=request.user, **form.cleaned_data)
        except services.NetworkRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("Le choix du réseau sur « %(title)s » est enregistré.") % {"title": mission.title}
            )
    else:
        errors = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(request, _("Rien n'a été enregistré : %(errors)s") % {"errors": " ".join(errors)})
    return redirect("networks:coordination", network_slug=network.slug)


@require_http_methods(["GET", "POST"])
def schemes(request, network_slug):
    """The schemes the network shares: the coordinator adopts one; each member's HR takes it up with its own
    limits (no wider than the network's)."""
    network = _network(request, network_slug, policies.can_view_schemes)
    can_adopt = policies.can_adopt_scheme(request.user, network)
    form = SchemeForm()
    if request.method == "POST":
        if not can_adopt:
            raise PermissionDenied
        form = SchemeForm(request.POST)
        if form.is_valid():
            try:
                services.scheme_adopt(network=network, by=request.user, **form.cleaned_data)
            except services.NetworkRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Le dispositif partagé est enregistré."))
                return redirect("networks:schemes", network_slug=network.slug)
    own = policies.deliberating_organisations(request.user, network)
    members = list(_members(network))
    # a member whose assembly refused the convention-cadre cannot apply a scheme under it (services.scheme_take_up)
    refused = queries.refused_member_ids(network)
    rows = []
    for scheme in SharedScheme.objects.filter(network=network):
        taken = {t.organisation_id: t for t in SchemeTakeUp.objects.filter(scheme=scheme)}
        members_rows = []
        for member in members:
            take_up = taken.get(member.pk)
            row = {"organisation": member, "take_up": take_up, "refused": member.pk in refused}
            if member.pk in own and member.pk not in refused:
                row["form"] = TakeUpForm(
                    scheme=scheme,
                    prefix=f"s{scheme.pk}-{member.pk}",
                    initial={
                        "max_percent": take_up.max_percent if take_up else scheme.max_percent,
                        "max_months": take_up.max_months if take_up else scheme.max_months,
                        "decided_on": take_up.decided_on if take_up else None,
                        "reference": take_up.reference if take_up else "",
                    },
                )
            members_rows.append(row)
        rows.append({"scheme": scheme, "members": members_rows})
    return render(
        request,
        "networks/schemes.html",
        {
            "network": network,
            "schemes": rows,
            "form": form,
            "can_adopt": can_adopt,
            "is_coordinator": policies.is_coordinator(request.user, network),
        },
    )


@require_POST
def take_up(request, scheme_id, org_slug):
    """A member's HR records that its assembly took the network's scheme up, with its own limits."""
    scheme = get_object_or_404(
        SharedScheme.objects.for_actor(request.user).select_related("network"), pk=scheme_id
    )
    organisation = get_object_or_404(
        Organisation.objects.for_actor(request.user).filter(networks=scheme.network), slug=org_slug
    )
    if not policies.can_take_up_scheme(request.user, scheme, organisation):
        raise PermissionDenied
    form = TakeUpForm(request.POST, scheme=scheme, prefix=f"s{scheme.pk}-{organisation.pk}")
    if form.is_valid():
        try:
            services.scheme_take_up(
                scheme=scheme, organisation=organisation, by=request.user, **form.cleaned_data
            )
        except services.NetworkRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("%(org)s applique désormais « %(scheme)s ».")
                % {"org": organisation.display_name, "scheme": scheme.name},
            )
    else:
        errors = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(request, _("Rien n'a été enregistré : %(errors)s") % {"errors": " ".join(errors)})
    return redirect("networks:schemes", network_slug=scheme.network.slug)
