"""The cohort programme pages (issue 18). Thin: objects come through cohorts/queries.py (scoped: an outsider
gets a 404), rights from cohorts/rules.py (403), every write from cohorts/services.py, POST-only with CSRF.

- coordinators run a programme (goal, criteria, sponsors, journey, communication checklist) and see its
  participants, attendance and opportunities;
- a member's HR proposes its own agents, sees only its own nominees, records their attendance, offers posts of
  its own organisation to participants of the others, and fills its column of the sheet;
- the agent answers from « Mon parcours de cohorte »: takes part or not, accepts or declines an opportunity,
  never with a reason.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.cohorts import queries, rules, services
from passerelles.cohorts.forms import (
    AttendanceForm,
    NominationForm,
    OpportunityForm,
    ProgrammeForm,
    SheetSideForm,
    SponsorForm,
    StepForm,
)
from passerelles.cohorts.models import (
    Attendance,
    AttendanceStatus,
    CohortProgramme,
    MoveSheetSide,
    Nomination,
    NominationState,
    Opportunity,
    SheetSide,
)
from passerelles.organisations.models import Network

PER_PAGE = 50
SHEET_LABELS = {
    "employer": gettext_lazy("Employeur"),
    "position": gettext_lazy("Poste"),
    "grade": gettext_lazy("Grade et cadre d'emplois"),
    "grade_equivalence": gettext_lazy("Équivalence de grade"),
    "gross_monthly_pay": gettext_lazy("Traitement brut mensuel"),
    "ri_monthly": gettext_lazy("Régime indemnitaire mensuel (IFSE)"),
    "ri_yearly_bonus": gettext_lazy("Complément indemnitaire annuel (CIA)"),
    "total": gettext_lazy("Total mensuel (CIA lissé sur 12 mois)"),
    "notes": gettext_lazy("Autres éléments"),
}


def _refused(request, error) -> None:
    messages.error(request, str(error))


def cohort_list(request):
    """The programmes of the actor's networks, and where a coordinator opens a new one."""
    actor = get_actor(request.user)
    programmes = queries.with_counts(
        CohortProgramme.objects.for_actor(request.user).select_related("network")
    ).order_by("-goal_end_on", "name")
    page = Paginator(programmes, PER_PAGE).get_page(request.GET.get("page"))
    networks = Network.objects.filter(
        memberships__organisation_id__in=actor.org_ids(Role.NETWORK_COORDINATOR)
    ).distinct()
    return render(
        request,
        "cohorts/cohort_list.html",
        {"page": page, "networks": networks, "is_agent": actor.agent is not None, "querystring": ""},
    )


def cohort_create(request, network_slug):
    network = get_object_or_404(
        Network.objects.for_actor(request.user).prefetch_related("memberships"), slug=network_slug
    )
    if not rules.can_create_in(request.user, network):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = services.programme_create(network=network, by=request.user, form=form)
        messages.success(request, _("Programme « %(name)s » créé.") % {"name": programme.name})
        return redirect("cohort_detail", cohort_id=programme.pk)
    return render(
        request, "cohorts/programme_form.html", {"form": form, "network": network, "programme": None}
    )


def cohort_edit(request, cohort_id):
    programme = queries.programme_for(request.user, cohort_id)
    if not rules.can_run(request.user, programme):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        services.programme_update(programme=programme, by=request.user, form=form)
        messages.success(request, _("Programme enregistré."))
        return redirect("cohort_detail", cohort_id=programme.pk)
    return render(
        request,
        "cohorts/programme_form.html",
        {"form": form, "network": programme.network, "programme": programme},
    )


def cohort_detail(request, cohort_id):
    programme = queries.programme_for(request.user, cohort_id)
    user = request.user
    can_run = rules.can_run(user, programme)
    nominations = (
        Nomination.objects.for_actor(user)
        .filter(programme=programme)
        .select_related("agent", "organisation")
        .order_by("organisation__name", "agent__last_name", "agent__first_name", "id")
    )
    opportunities = (
        Opportunity.objects.for_actor(user)
        .filter(programme=programme)
        .select_related("nomination__agent", "nomination__organisation", "offering_organisation")
        .order_by("-offered_on", "-id")
    )
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "programme": programme,
            "progress": queries.progress_of(programme),
            "can_run": can_run,
            "can_tick": rules.can_tick(user, programme),
            "can_nominate": rules.can_nominate(user, programme),
            "can_record": rules.can_record_attendance(user, programme),
            "can_offer": rules.can_offer(user, programme),
            "sponsors": programme.sponsors.select_related("user", "organisation"),
            "sponsor_form": SponsorForm(programme=programme) if can_run else None,
            "checklist": programme.checklist.select_related("done_by"),
            "steps": queries.steps_with_attendance(programme) if can_run else programme.steps.all(),
            "today": timezone.localdate(),
            "nominations": Paginator(nominations, PER_PAGE).get_page(request.GET.get("page")),
            "opportunities": Paginator(opportunities, PER_PAGE).get_page(request.GET.get("opportunites")),
            "querystring": "",
        },
    )


@require_POST
def sponsor_add(request, cohort_id):
    programme = queries.programme_for(request.user, cohort_id)
    if not rules.can_run(request.user, programme):
        raise PermissionDenied
    form = SponsorForm(request.POST, programme=programme)
    if not form.is_valid():
        messages.error(request, _("Choisissez un·e signataire (DGS) d'un membre du réseau."))
    else:
        try:
            services.sponsor_add(
                programme=programme, by=request.user, membership=form.cleaned_data["membership"]
            )
            messages.success(request, _("Sponsor ajouté·e."))
        except services.CohortRefused as error:
            _refused(request, error)
    return redirect("cohort_detail", cohort_id=programme.pk)


@require_POST
def checklist_tick(request, cohort_id, item_id):
    programme = queries.programme_for(request.user, cohort_id)
    item = get_object_or_404(programme.checklist, pk=item_id)
    if not rules.can_tick(request.user, programme):
        raise PermissionDenied
    services.checklist_toggle(item=item, by=request.user, done=request.POST.get("done") == "1")
    return redirect(f"{programme_url(programme)}#communication")


def programme_url(programme) -> str:
    return reverse("cohort_detail", kwargs={"cohort_id": programme.pk})


def nominate(request, cohort_id):
    programme = queries.programme_for(request.user, cohort_id)
    if not rules.can_nominate(request.user, programme):
        raise PermissionDenied
    form = NominationForm(
        request.POST or None, organisation_ids=rules.nominating_organisations(request.user, programme)
    )
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nominate(
                programme=programme, agent=form.cleaned_data["agent"], by=request.user
            )
        except services.CohortRefused as error:
            form.add_error("agent", str(error))
        else:
            messages.success(
                request,
                _("%(name)s est proposé·e : sa participation attend son accord.")
                % {"name": nomination.agent.full_name},
            )
            return redirect("cohort_detail", cohort_id=programme.pk)
    return render(request, "cohorts/nominate.html", {"programme": programme, "form": form})


def nomination_detail(request, nomination_id):
    """For the agent: what taking part means, and the answer. For their HR: the state of the proposal."""
    nomination = queries.nomination_for(request.user, nomination_id)
    programme = nomination.programme
    return render(
        request,
        "cohorts/nomination.html",
        {
            "nomination": nomination,
            "programme": programme,
            "is_nominee": rules.is_nominee(request.user, nomination),
            "can_answer": rules.can_answer_nomination(request.user, nomination),
            "can_leave": rules.can_leave(request.user, nomination)
            or rules.can_withdraw_nomination(request.user, nomination),
            "steps": programme.steps.all(),
        },
    )


@require_POST
def nomination_answer(request, nomination_id):
    nomination = queries.nomination_for(request.user, nomination_id)
    answer = request.POST.get("reponse")
    if answer not in ("oui", "non"):
        messages.error(request, _("Répondez « oui » ou « non »."))
        return redirect("cohort_nomination", nomination_id=nomination.pk)
    try:
        services.nomination_answer(nomination=nomination, by=request.user, consent=answer == "oui")
    except services.CohortRefused as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Vous participez au programme.")
            if answer == "oui"
            else _("C'est noté : vous ne participez pas."),
        )
    return redirect("my_cohorts")


def nomination_leave(request, nomination_id):
    """Confirmation first: the participation (or the proposal) ends, pending offers lapse."""
    nomination = queries.nomination_for(request.user, nomination_id)
    if not (
        rules.can_leave(request.user, nomination) or rules.can_withdraw_nomination(request.user, nomination)
    ):
        raise PermissionDenied
    if request.method == "POST":
        services.nomination_leave(nomination=nomination, by=request.user)
        messages.success(request, _("La participation est arrêtée."))
        if rules.is_nominee(request.user, nomination):
            return redirect("my_cohorts")
        return redirect("cohort_detail", cohort_id=nomination.programme_id)
    return render(request, "cohorts/nomination_leave.html", {"nomination": nomination})


def step_add(request, cohort_id):
    programme = queries.programme_for(request.user, cohort_id)
    if not rules.can_run(request.user, programme):
        raise PermissionDenied
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.step_save(programme=programme, by=request.user, form=form)
        messages.success(request, _("Étape ajoutée au parcours."))
        return redirect(f"{programme_url(programme)}#parcours")
    return render(request, "cohorts/step_form.html", {"programme": programme, "form": form})


def attendance(request, cohort_id, step_id):
    programme = queries.programme_for(request.user, cohort_id)
    step = get_object_or_404(programme.steps, pk=step_id)
    if not rules.can_record_attendance(request.user, programme):
        raise PermissionDenied
    participants = [
        n
        for n in Nomination.objects.for_actor(request.user)
        .filter(programme=programme, state=NominationState.PARTICIPANT)
        .select_related("agent", "organisation")[:200]
        if rules.can_record_attendance(request.user, programme, n)
    ]
    recorded = dict(
        Attendance.objects.filter(step=step, nomination__in=participants).values_list(
            "nomination_id", "status"
        )
    )
    form = AttendanceForm(request.POST or None, nominations=participants, initial_statuses=recorded)
    started = step.held_on <= timezone.localdate()
    if request.method == "POST":
        if form.is_valid():
            try:
                count = services.attendance_record(step=step, by=request.user, statuses=form.statuses())
            except services.CohortRefused as error:
                _refused(request, error)
            else:
                messages.success(request, _("%(count)s présence(s) enregistrée(s).") % {"count": count})
                return redirect("cohort_detail", cohort_id=programme.pk)
        else:
            messages.error(request, _("Choisissez présent·e, excusé·e ou absent·e."))
    return render(
        request,
        "cohorts/attendance.html",
        {"programme": programme, "step": step, "form": form, "started": started},
    )


def opportunity_offer(request, cohort_id):
    programme = queries.programme_for(request.user, cohort_id)
    if not rules.can_offer(request.user, programme):
        raise PermissionDenied
    participants = Nomination.objects.scoped("cohorts.offerable", request.user).filter(programme=programme)
    form = OpportunityForm(
        request.POST or None,
        participants=participants,
        organisation_ids=rules.offering_organisations(request.user, programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_offer(programme=programme, by=request.user, form=form)
        except services.CohortRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Opportunité proposée : la personne répondra librement."))
            return redirect("cohort_opportunity", opportunity_id=opportunity.pk)
    return render(
        request,
        "cohorts/opportunity_form.html",
        {"programme": programme, "form": form, "empty": not participants.exists()},
    )


def opportunity_detail(request, opportunity_id):
    opportunity = queries.opportunity_for(request.user, opportunity_id)
    user = request.user
    can_read_sheet = rules.can_read_sheet(user, opportunity)
    rows = []
    if can_read_sheet:
        sides = {s.side: s for s in opportunity.sheet_sides.select_related("organisation")}
        rows = rules.compare(sides.get(SheetSide.ORIGIN), sides.get(SheetSide.HOST), SHEET_LABELS)
    return render(
        request,
        "cohorts/opportunity.html",
        {
            "opportunity": opportunity,
            "is_nominee": rules.is_nominee(user, opportunity.nomination),
            "can_answer": rules.can_answer_opportunity(user, opportunity),
            "can_read_sheet": can_read_sheet,
            "editable_sides": sorted(rules.sheet_sides_for(user, opportunity)),
            "rows": rows,
        },
    )


def opportunity_answer(request, opportunity_id, answer):
    """Accept or decline, after a confirmation page that asks for nothing else."""
    opportunity = queries.opportunity_for(request.user, opportunity_id)
    if not rules.is_nominee(request.user, opportunity.nomination):
        raise PermissionDenied
    accept = answer == "accepter"
    if request.method == "POST":
        try:
            services.opportunity_answer(opportunity=opportunity, by=request.user, accept=accept)
        except services.CohortRefused as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("Vous avez accepté : les deux services RH préparent le mouvement avec vous.")
                if accept
                else _("C'est noté. L'employeur qui proposait lira seulement « déclinée »."),
            )
        return redirect("cohort_opportunity", opportunity_id=opportunity.pk)
    if not rules.can_answer_opportunity(request.user, opportunity):
        messages.error(request, _("Vous avez déjà répondu à cette opportunité."))
        return redirect("cohort_opportunity", opportunity_id=opportunity.pk)
    return render(request, "cohorts/opportunity_answer.html", {"opportunity": opportunity, "accept": accept})


def sheet_side_edit(request, opportunity_id, side):
    opportunity = queries.opportunity_for(request.user, opportunity_id)
    if side not in rules.sheet_sides_for(request.user, opportunity):
        raise PermissionDenied
    column = MoveSheetSide.objects.filter(opportunity=opportunity, side=side).first()
    form = SheetSideForm(request.POST or None, instance=column)
    if request.method == "POST" and form.is_valid():
        services.sheet_side_save(opportunity=opportunity, side=side, by=request.user, form=form)
        messages.success(request, _("Votre colonne de la fiche comparative est enregistrée."))
        return redirect("cohort_opportunity", opportunity_id=opportunity.pk)
    return render(
        request,
        "cohorts/sheet_form.html",
        {"opportunity": opportunity, "form": form, "side_label": SheetSide(side).label},
    )


def my_cohorts(request):
    """The agent's space: proposals to answer, their journey with their own attendance, their opportunities."""
    agent = get_actor(request.user).agent
    nominations = []
    if agent is not None:
        nominations = list(
            Nomination.objects.filter(agent=agent)
            .exclude(state=NominationState.WITHDRAWN)
            .select_related("programme", "organisation")
            .order_by("-nominated_at")[:20]
        )
    attendance = dict(Attendance.objects.filter(nomination__in=nominations).values_list("step_id", "status"))
    journeys = []
    for nomination in nominations:
        steps = [
            (step, AttendanceStatus(attendance[step.pk]).label if step.pk in attendance else None)
            for step in nomination.programme.steps.all()
        ]
        offers = (
            nomination.opportunities.select_related("offering_organisation").order_by("-offered_on")
            if nomination.is_participant
            else []
        )
        journeys.append((nomination, steps, offers))
    return render(request, "cohorts/my_cohorts.html", {"journeys": journeys, "today": timezone.localdate()})
