"""The pages of pooled agents: the list, an arrangement's page (members, sites, consent, rota, replacements),
the shared week schedule (printable), and the small forms that change them.

Thin: every page reaches a pool through ``pool_for`` (the actor's scope: outsiders get a 404), asks
``rules`` who may act (403 otherwise) and calls ``services`` (whose French refusals are shown on the form,
nothing written).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.organisations.models import Organisation
from passerelles.pooling import rota, rules, services
from passerelles.pooling.forms import (
    AssignmentForm,
    DecisionForm,
    PoolForm,
    ReplacementForm,
    SiteForm,
    week_start,
)
from passerelles.pooling.models import Pool, ReplacementStatus

PER_PAGE = 25


def pool_for(user, pool_id) -> Pool:
    """The pool ``user`` may see, or a 404 (as if it did not exist)."""
    return get_object_or_404(
        Pool.objects.for_actor(user).select_related("agent", "agent__user", "organisation", "network"),
        pk=pool_id,
    )


def _form_page(request, pool, form, *, title, intro="", submit):
    return render(
        request,
        "pooling/form.html",
        {"pool": pool, "form": form, "title": title, "intro": intro, "submit": submit},
    )


def pool_list(request):
    pools = (
        Pool.objects.for_actor(request.user).select_related("agent", "organisation").order_by("name", "pk")
    )
    page = Paginator(pools, PER_PAGE).get_page(request.GET.get("page"))
    creatable = Organisation.objects.filter(pk__in=get_actor(request.user).org_ids(Role.HR)).order_by("name")
    return render(
        request, "pooling/pool_list.html", {"page": page, "querystring": "", "creatable": creatable}
    )


def pool_create(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not rules.can_create_in(request.user, organisation):
        raise PermissionDenied
    candidates = services.member_candidates(organisation)
    form = PoolForm(request.POST or None, organisation=organisation, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            pool = services.pool_create(
                by=request.user,
                organisation=organisation,
                name=form.cleaned_data["name"],
                agent=form.agent,
                network=form.cleaned_data["network"],
                weekly_cap_minutes=form.cap_minutes,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                shares=form.shares,
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Mutualisation créée : l'agent est invité·e à donner son accord."))
            return redirect("pooling:pool_detail", pool_id=pool.pk)
    return render(request, "pooling/pool_create.html", {"organisation": organisation, "form": form})


def pool_detail(request, pool_id):
    pool = pool_for(request.user, pool_id)
    can_manage = rules.can_manage(request.user, pool)
    waiting_first = Case(When(status=ReplacementStatus.PENDING, then=0), default=1)
    replacements = pool.replacements.select_related("site__site").order_by(waiting_first, "-date", "-pk")
    page = Paginator(replacements, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "pooling/pool_detail.html",
        {
            "pool": pool,
            "members": pool.members.select_related("organisation"),
            "sites": pool.sites.select_related("site", "manager"),
            "assignments": pool.assignments.select_related("site__site"),
            "page": page,
            "querystring": "",
            "can_manage": can_manage,
            "is_agent": rules.is_the_agent(request.user, pool),
            "can_request": rules.can_request_replacement(request.user, pool),
            "can_decide": rules.can_decide_replacement(request.user, pool),
            "pending": ReplacementStatus.PENDING,
        },
    )


def pool_schedule(request, pool_id):
    """The shared week of the rota (read by the sites' managers, the agent, HR and the coordinators)."""
    pool = pool_for(request.user, pool_id)
    monday = week_start(request.GET.get("semaine"), timezone.localdate())
    slots = [a.as_slot() for a in pool.assignments.select_related("site__site")]
    days = rota.week_grid(slots, monday)
    total = rota.week_minutes(slots, monday)
    return render(
        request,
        "pooling/schedule.html",
        {
            "pool": pool,
            "days": [(day, rota.weekday_label(day.weekday()), day_slots) for day, day_slots in days],
            "monday": monday,
            "previous": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7),
            "total": rota.hours_label(total),
        },
    )


def pool_consent(request, pool_id):
    pool = pool_for(request.user, pool_id)
    if not rules.is_the_agent(request.user, pool):
        raise PermissionDenied
    if request.method == "POST":
        agree = request.POST.get("decision") == "agree"
        if request.POST.get("decision") not in ("agree", "withdraw"):
            messages.error(request, _("Choisissez de donner ou de retirer votre accord."))
        else:
            services.pool_consent(pool=pool, by=request.user, agree=agree)
            messages.success(
                request,
                _("Merci : votre accord est enregistré.")
                if agree
                else _("Votre accord est retiré : aucun nouveau créneau ne sera planifié."),
            )
            return redirect("pooling:pool_detail", pool_id=pool.pk)
    return render(
        request,
        "pooling/consent.html",
        {
            "pool": pool,
            "members": pool.members.select_related("organisation"),
            "sites": pool.sites.select_related("site"),
        },
    )


def site_add(request, pool_id):
    pool = pool_for(request.user, pool_id)
    if not rules.can_manage(request.user, pool):
        raise PermissionDenied
    form = SiteForm(request.POST or None, pool=pool)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_add(
                pool=pool, by=request.user, site=form.cleaned_data["site"], manager=form.manager
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Site ajouté."))
            return redirect("pooling:pool_detail", pool_id=pool.pk)
    return _form_page(request, pool, form, title=_("Ajouter un site"), submit=_("Ajouter le site"))


def assignment_add(request, pool_id):
    pool = pool_for(request.user, pool_id)
    if not rules.can_manage(request.user, pool):
        raise PermissionDenied
    form = AssignmentForm(request.POST or None, pool=pool)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assignment_add(
                pool=pool,
                by=request.user,
                site=data["site"],
                weekday=data["weekday"],
                start=data["start"],
                end=data["end"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                every_other_week=data["every_other_week"],
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Créneau ajouté au planning."))
            return redirect("pooling:pool_detail", pool_id=pool.pk)
    intro = _(
        "Le planning ne dépasse jamais %(cap)s par semaine, le plafond accepté par l'agent, et un créneau ne chevauche jamais un autre."
    ) % {"cap": pool.cap_label}
    return _form_page(
        request,
        pool,
        form,
        title=_("Ajouter un créneau récurrent"),
        intro=intro,
        submit=_("Ajouter le créneau"),
    )


def assignment_remove(request, pool_id, slot_id):
    pool = pool_for(request.user, pool_id)
    if not rules.can_manage(request.user, pool):
        raise PermissionDenied
    assignment = get_object_or_404(pool.assignments.select_related("site__site"), pk=slot_id)
    if request.method == "POST":
        services.assignment_remove(assignment=assignment, by=request.user)
        messages.success(request, _("Créneau retiré du planning."))
        return redirect("pooling:pool_detail", pool_id=pool.pk)
    return render(request, "pooling/assignment_remove.html", {"pool": pool, "assignment": assignment})


def replacement_add(request, pool_id):
    pool = pool_for(request.user, pool_id)
    if not rules.can_request_replacement(request.user, pool):
        raise PermissionDenied
    form = ReplacementForm(request.POST or None, sites=rules.managed_sites(request.user, pool))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.replacement_request(
                pool=pool,
                by=request.user,
                site=data["site"],
                date=data["date"],
                start=data["start"],
                end=data["end"],
                reason=data["reason"],
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Demande envoyée à la coordination du réseau."))
            return redirect("pooling:pool_detail", pool_id=pool.pk)
    return _form_page(
        request, pool, form, title=_("Demander un remplacement"), submit=_("Envoyer la demande")
    )


def replacement_decide(request, pool_id, replacement_id):
    pool = pool_for(request.user, pool_id)
    if not rules.can_decide_replacement(request.user, pool):
        raise PermissionDenied
    replacement = get_object_or_404(pool.replacements.select_related("site__site"), pk=replacement_id)
    form = DecisionForm(request.POST or None)
    if replacement.status != ReplacementStatus.PENDING:
        messages.info(request, _("Cette demande a déjà reçu une réponse."))
        return redirect("pooling:pool_detail", pool_id=pool.pk)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.replacement_decide(
                replacement=replacement, by=request.user, accept=accept, note=form.cleaned_data["note"]
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("Remplacement accepté : le créneau est au planning.")
                if accept
                else _("Remplacement refusé : le site est prévenu."),
            )
            return redirect("pooling:pool_detail", pool_id=pool.pk)
    return render(request, "pooling/decide.html", {"pool": pool, "replacement": replacement, "form": form})
