from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from passerelles import boundary
from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.care.support import page_link as support_page_link
from passerelles.documents.services import is_crisis
from passerelles.documents.views import acceptance_rows
from passerelles.engagements import services
from passerelles.engagements.capacity import SHOWN_FROM as CAP_SHOWN_FROM
from passerelles.engagements.capacity import cap_room
from passerelles.engagements.forms import (
    AssemblyForm,
    EngagementDatesForm,
    ExtensionForm,
    ManagerDatesForm,
    MeetingForm,
)
from passerelles.engagements.lifecycle import EndReason, State, TransitionRefused, available_actions
from passerelles.engagements.models import Agreement, Decision, Engagement, Meeting, Party
from passerelles.engagements.queries import engagement_for
from passerelles.foundation.calendar_fr import non_working_reason
from passerelles.frameworks.assembly import assembly_required
from passerelles.frameworks.durations import extension_notice
from passerelles.frameworks.models import EngagementFramework
from passerelles.missions.models import Mission
from passerelles.people.models import Agent
from passerelles.reimbursements.queries import summary_for as reimbursement_summary
from passerelles.renewals import rules as renewal_rules

# Actions taken with a plain button on the engagement page; meetings and agreements have their own forms.
OFFERED_ACTIONS = {"withdraw", "decline", "accept_proposal", "end_early"}


def _engagement(request, engagement_id) -> Engagement:
    return engagement_for(request.user, engagement_id)


def _report_errors(request, form) -> None:
    """These forms live inside the engagement page: their errors come back as messages on it."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _attempt(request, engagement, use_case, success: str, **arguments):
    """Run one engagement use case for the person: its refusal is their error message, else ``success``; then
    back to the engagement."""
    try:
        use_case(engagement=engagement, by=request.user, **arguments)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, success)
    return _back(request, engagement)


def _back(request, engagement):
    if Engagement.objects.for_actor(request.user).filter(pk=engagement.pk).exists():
        return redirect("engagement_detail", engagement_id=engagement.pk)
    return redirect("dashboard")


def my_engagements(request):
    """The agent's own engagements, open and past."""
    actor = get_actor(request.user)
    engagements = (
        Engagement.objects.for_actor(request.user)
        .filter(agent=actor.agent)
        .select_related("mission", "mission__organisation")
        if actor.agent
        else Engagement.objects.none()
    )
    return render(request, "engagements/my_engagements.html", {"engagements": engagements})


def engagement_detail(request, engagement_id):
    return _detail_page(request, _engagement(request, engagement_id))


def _detail_page(request, engagement, *, meeting_form=None):
    """The engagement page; a rencontre slot on a non-working day comes back bound, with what the person typed
    and a box to confirm it."""
    kinds = policies.engagement_actor_kinds(request.user, engagement)
    # The manager answers through the agreement form; the plain buttons are for the agent and the brokers.
    button_kinds = kinds - {"manager"}
    actions = [t for t in available_actions(engagement.state, button_kinds) if t.action in OFFERED_ACTIONS]
    # Reasons, messages and the timeline are for the agent and the brokers, never for the manager.
    show_private = bool(kinds & {"agent", "broker"})
    meeting = Meeting.objects.filter(engagement=engagement).first()
    agreements = list(
        Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).select_related(
            "decided_by"
        )
    )
    required = services.required_parties(engagement) if agreements else []
    answering = engagement.state == State.AGREEMENTS or services.in_extension_round(engagement)
    my_parties = services.parties_of(request.user, engagement, required) if answering else set()
    # each party named with its organisation when both employers are parties; each person answers for theirs
    agreement_rows = [
        {"agreement": a, "label": services.party_label(engagement, a.party, required)} for a in agreements
    ]
    pending_mine = [
        row
        for row in agreement_rows
        if row["agreement"].party in my_parties and row["agreement"].decision == Decision.PENDING
    ]
    framework = EngagementFramework.objects.filter(engagement=engagement).first()
    can_schedule = "broker" in kinds and engagement.state in (State.INTEREST, State.MEETING)
    feedback_from = None
    meeting_started = bool(meeting) and services.meeting_has_started(meeting)
    if engagement.state == State.MEETING and meeting and meeting_started:  # « Je souhaite continuer » after
        if "agent" in kinds and meeting.agent_continues is None:
            feedback_from = "agent"
        elif "broker" in kinds and meeting.host_continues is None:
            feedback_from = "broker"
    can_set_dates = (
        policies.can_regularise_engagement(request.user, engagement)
        and engagement.state in services.DATES_STATES
    )
    dates_form = None
    if can_set_dates:
        dates_form = EngagementDatesForm(
            initial={
                "start_date": engagement.start_date,
                "end_date": engagement.end_date,
                "regularisation": engagement.regularisation,
                "regularisation_reason": engagement.regularisation_reason,
            }
        )
    return render(
        request,
        "engagements/engagement_detail.html",
        {
            "engagement": engagement,
            "actions": actions,
            "timeline": services.timeline_for(request.user, engagement) if show_private else None,
            "show_private": show_private,
            "meeting": meeting,
            "meeting_started": meeting_started,
            "meeting_day_warning": non_working_reason(timezone.localtime(meeting.starts_at).date())
            if meeting
            else "",
            "start_passed": engagement.state in services.DATES_STATES
            and services.start_has_passed(engagement),
            "engagement_dates_form": dates_form,
            "framework": framework,
            "assembly": _assembly_context(request.user, engagement, framework),
            "document_rows": acceptance_rows(request.user, engagement),
            # issue 18: both employers' HR and signatories, between two organisations only
            "money": reimbursement_summary(request.user, engagement),
            # issue 18: where the end is prepared (renewal or hand-over), for those who read it
            "deadline_link": engagement.state in (State.READY, State.ACTIVE)
            and renewal_rules.can_read(request.user, engagement),
            # issue 22: sponsor, psychologue and protocol, for the agent, their HR and the sponsor
            "support_link": support_page_link(request.user, engagement),
            "kinds": kinds,
            "withdraw_anchor": services.WITHDRAW_ANCHOR,
            "can_withdraw": "agent" in kinds and any(t.action == "withdraw" for t in actions),
            "can_tell": engagement.state in (State.ACTIVE, State.ENDED, State.EVALUATED)
            and ("agent" in kinds or policies.is_engagement_hr(request.user, engagement)),
            "can_evaluate": engagement.state in (State.ENDED, State.EVALUATED)
            and bool(kinds & {"agent", "broker", "manager"}),
            "can_follow": bool(kinds & {"agent", "broker"})
            and engagement.state in (State.READY, State.ACTIVE, State.ENDED, State.EVALUATED),
            "can_choose_framework": policies.is_engagement_hr(request.user, engagement)
            and engagement.state in (State.MEETING, State.AGREEMENTS),
            # HR writes the documents at the agreements; a crisis engagement is READY or ACTIVE from its
            # publication, and HR (re)writes its short documents there
            "can_write_documents": framework is not None
            and policies.is_engagement_hr(request.user, engagement)
            and (
                engagement.state in (State.MEETING, State.AGREEMENTS)
                or (is_crisis(engagement) and engagement.state in (State.READY, State.ACTIVE))
            ),
            "missing_for_ready": services.missing_for_ready(engagement)
            if engagement.state == State.AGREEMENTS
            else [],
            "meeting_form": (meeting_form or MeetingForm(initial={"minutes": 45})) if can_schedule else None,
            "feedback_from": feedback_from,
            "agreements": agreement_rows,
            "pending_mine": pending_mine,
            "party_agent": Party.AGENT,
            "dates_form": ManagerDatesForm(
                initial={"start_date": engagement.start_date, "end_date": engagement.end_date}
            ),
            "party_manager": Party.MANAGER,
            "can_extend": "broker" in kinds
            and engagement.state == State.ACTIVE
            and engagement.extension_end_date is None,
            "end_reasons": EndReason.choices,
            "test_notice": services.notice_for(services.test_programme(engagement.mission))
            if engagement.state == State.PROPOSAL
            and engagement.programme_consent_at is None
            and services.test_programme(engagement.mission)
            else "",
            "cap_room": cap_room(engagement, end_date=engagement.extension_end_date)
            if engagement.state in CAP_SHOWN_FROM
            else None,
        },
    )


def _assembly_context(user, engagement, framework) -> dict | None:
    """The assemblée délibérante step, where the confirmed framework wants it (a MAD, a mécénat): its date if
    recorded, and the form for the origin's HR."""
    if framework is None or not assembly_required(framework.code):
        return None
    can_record = (
        policies.can_record_assembly(user, engagement) and engagement.state in services.ASSEMBLY_STATES
    )
    form = None
    if can_record:
        form = AssemblyForm(
            initial={
                "informed_on": engagement.assembly_informed_on,
                "reference": engagement.assembly_reference,
            }
        )
    return {
        "informed_on": engagement.assembly_informed_on,
        "reference": engagement.assembly_reference,
        "form": form,
    }


@require_POST
def engagement_assembly(request, engagement_id):
    """HR of the agent's organisation records when the assemblée délibérante was informed."""
    engagement = _engagement(request, engagement_id)
    form = AssemblyForm(request.POST)
    if not form.is_valid():
        _report_errors(request, form)
        return _back(request, engagement)
    return _attempt(
        request,
        engagement,
        services.engagement_record_assembly,
        _("L'information de l'assemblée délibérante est enregistrée."),
        informed_on=form.cleaned_data["informed_on"],
        reference=form.cleaned_data["reference"],
    )


@require_POST
def engagement_action(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    action = request.POST.get("action", "")
    try:
        if action not in OFFERED_ACTIONS:
            raise TransitionRefused(_("Cette étape n'est pas disponible ici."))
        services.engagement_transition(
            engagement=engagement,
            action=action,
            by=request.user,
            comment=request.POST.get("comment", ""),
            share_reason=request.POST.get("share_reason", "1") == "1",
            programme_consent=request.POST.get("programme_consent") == "1",
        )
        messages.success(request, _("C'est enregistré."))
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return _back(request, engagement)


@require_POST
def engagement_meeting(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        if form.needs_confirmation:  # a weekend or a holiday: the page again, the slot kept, a box to tick
            return _detail_page(request, engagement, meeting_form=form)
        _report_errors(request, form)
        return _back(request, engagement)
    try:
        meeting = services.engagement_schedule_meeting(engagement=engagement, by=request.user, **form.slot())
        if meeting.starts_at < timezone.now():
            messages.success(
                request,
                _(
                    "Rencontre enregistrée (régularisation) : chacun peut maintenant dire s'il souhaite continuer."
                ),
            )
        else:
            messages.success(request, _("Rencontre organisée : l'invitation est partie par courriel."))
            if form.day_warning:
                messages.warning(request, form.day_warning)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return _back(request, engagement)


@require_POST
def engagement_meeting_feedback(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    return _attempt(
        request,
        engagement,
        services.engagement_meeting_feedback,
        _("Merci, votre réponse est enregistrée."),
        continues=request.POST.get("continues") == "oui",
        notes=request.POST.get("notes", ""),
    )


@require_POST
def engagement_agreement(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    party = request.POST.get("party", "")
    decision = request.POST.get("decision", "")
    start = end = None
    if party == Party.MANAGER and decision == "agreed_other_dates":
        decision = Decision.AGREED
        form = ManagerDatesForm(request.POST)
        if not form.is_valid():
            _report_errors(request, form)
            return _back(request, engagement)
        start, end = form.cleaned_data["start_date"], form.cleaned_data["end_date"]
    return _attempt(
        request,
        engagement,
        services.engagement_decide,
        _("Votre réponse est enregistrée."),
        party=party,
        decision=decision,
        reason=request.POST.get("reason", ""),
        start_date=start,
        end_date=end,
    )


@require_http_methods(["GET", "POST"])
def propose_mission(request, pk):
    """HR proposes a mission to a specific agent (*gré à gré*), from the agent's page or the suggestions.
    GET: the page of a proposal with a rencontre slot (one form on its own page, not one per suggested
    person: a phone has room for it, and the suggestions page stays light)."""
    agent = get_object_or_404(Agent.objects.for_actor(request.user), pk=pk)
    given = request.POST if request.method == "POST" else request.GET
    mission = (
        Mission.objects.for_actor(request.user).filter(pk=boundary.object_id(given.get("mission"))).first()
    )
    back = given.get("retour", "")
    if not (
        back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    ):  # a path on this site only (redirect() would take any other word for a view name)
        back = reverse("agent_detail", kwargs={"pk": agent.pk})

    def proposable() -> bool:  # asked where the page is shown again; the service checks the proposal itself
        return mission is not None and policies.can_propose_mission(request.user, mission, agent)

    if request.method == "GET":
        if not proposable():
            raise Http404
        return _proposal_page(request, MeetingForm(), agent, mission, back)
    slot = None
    if request.POST.get("with_meeting"):  # HR offers a rencontre slot with the proposal
        form = MeetingForm(request.POST)
        if not form.is_valid():
            # a weekend or a holiday: confirm first (only who may propose it sees the question)
            if form.needs_confirmation and proposable():
                return render(
                    request,
                    "engagements/confirm_meeting_day.html",
                    {"form": form, "agent": agent, "mission": mission, "back": back,
                     "message": request.POST.get("message", "")},
                )  # fmt: skip
            if proposable():  # the slot's page again, with what was typed and what is wrong
                return _proposal_page(request, form, agent, mission, back)
            _report_errors(request, form)
            return redirect(back)
        slot = services.MeetingSlot(**form.slot())
    try:
        if mission is None:
            raise TransitionRefused(_("Choisissez une mission."))
        engagement = services.engagement_propose(
            mission=mission,
            agent=agent,
            by=request.user,
            message=request.POST.get("message", ""),
            meeting=slot,
        )
        if slot:
            messages.success(
                request,
                _(
                    "Proposition envoyée avec un créneau de rencontre : l'invitation partira dès que la "
                    "personne accepte. Elle reste libre de décliner."
                ),
            )
        else:
            messages.success(
                request, _("Proposition envoyée : la personne est libre d'accepter ou de décliner.")
            )
        return redirect("engagement_detail", engagement_id=engagement.pk)
    except TransitionRefused as refused:
        if slot and proposable():  # a slot the service refuses (in the past): its page again, with why
            form.add_error(None, str(refused))
            return _proposal_page(request, form, agent, mission, back)
        messages.error(request, str(refused))
    return redirect(back)


def _proposal_page(request, form, agent, mission, back):
    return render(
        request,
        "engagements/propose_meeting.html",
        {"form": form, "agent": agent, "mission": mission, "back": back},
    )


@require_POST
def engagement_dates(request, engagement_id):
    """HR sets the engagement's dates before it is ready, or regularises a start already made."""
    engagement = _engagement(request, engagement_id)
    if not policies.can_regularise_engagement(request.user, engagement):
        messages.error(request, _("Seule la RH change les dates d'un engagement ou régularise un démarrage."))
        return _back(request, engagement)
    form = EngagementDatesForm(request.POST)
    if not form.is_valid():
        _report_errors(request, form)
        return _back(request, engagement)
    return _attempt(
        request,
        engagement,
        services.engagement_set_dates,
        _("Dates enregistrées."),
        start_date=form.cleaned_data["start_date"],
        end_date=form.cleaned_data["end_date"],
        regularisation=form.cleaned_data["regularisation"],
        reason=form.cleaned_data["regularisation_reason"],
    )


@require_POST
def engagement_extension(request, engagement_id):
    """Ask for a prolongation: a new round of agreements on a new end date."""
    engagement = _engagement(request, engagement_id)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        _report_errors(request, form)
        return _back(request, engagement)
    done = _("Prolongation demandée : les accords sont sollicités à nouveau.")
    if notice := extension_notice(engagement, form.cleaned_data["end_date"]):
        done = f"{done} {notice}"
    return _attempt(
        request,
        engagement,
        services.engagement_request_extension,
        done,
        end_date=form.cleaned_data["end_date"],
    )
