"""The pages of a forum from the schedule on: computing and sending it (organisers), the printable programme
per table, « Mon agenda » and its calendar file, declaring the event held, each side's « je souhaite
continuer », and the « Bilan ».

Thin, like ``views``: fetch through ``queries`` (404 outside the scope), ask ``policies`` (403), call
``scheduling`` (its French refusals shown, nothing written).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.encounters import agenda, personal_agenda, policies, queries, scheduling
from passerelles.encounters.forms import AnswerForm
from passerelles.encounters.rules import Status
from passerelles.encounters.services import Refused
from passerelles.engagements.services.programme_consent import notice_for, test_programme


def _organiser_encounter(request, encounter_id):
    encounter = queries.encounter_for(request.user, encounter_id)
    if not policies.is_organiser(request.user, encounter):
        raise PermissionDenied
    return encounter


def schedule_page(request, encounter_id):
    """Compute (POST) and look at the schedule's coverage before sending it."""
    encounter = _organiser_encounter(request, encounter_id)
    if request.method == "POST":
        try:
            scheduling.schedule_compute(by=request.user, encounter=encounter)
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, _("Planning calculé : relisez-le, recalculez-le si besoin, puis envoyez-le.")
            )
        return redirect("encounters:schedule", encounter_id=encounter.pk)
    computed = encounter.scheduled_at is not None
    return render(
        request,
        "encounters/schedule.html",
        {
            "encounter": encounter,
            "coverage": queries.coverage(encounter) if computed else None,
            "programme": queries.programme(encounter) if computed else [],
            "Status": Status,
        },
    )


@require_POST
def schedule_send(request, encounter_id):
    encounter = _organiser_encounter(request, encounter_id)
    try:
        scheduling.schedule_send(by=request.user, encounter=encounter)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("encounters:schedule", encounter_id=encounter.pk)
    messages.success(request, _("Planning envoyé : chaque personne reçoit son agenda."))
    return redirect("encounters:encounter_detail", encounter_id=encounter.pk)


def programme(request, encounter_id):
    """The printable programme: one page per table (round, time, host and mission, agents)."""
    encounter = _organiser_encounter(request, encounter_id)
    return render(
        request, "encounters/programme.html", {"encounter": encounter, "tables": queries.programme(encounter)}
    )


def my_agenda(request, encounter_id):
    encounter = queries.encounter_for(request.user, encounter_id)
    return render(
        request,
        "encounters/agenda.html",
        {
            "encounter": encounter,
            "conversations": queries.my_conversations(request.user, encounter),
            "sent": encounter.sent_at is not None,
            "Status": Status,
        },
    )


def my_agenda_ics(request, encounter_id):
    encounter = queries.encounter_for(request.user, encounter_id)
    if encounter.sent_at is None:
        return HttpResponse(status=404)
    response = HttpResponse(
        agenda.agenda_ics(personal_agenda.agenda_slots(request.user, encounter)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{agenda.FILENAME}"'
    return response


@require_POST
def encounter_hold(request, encounter_id):
    encounter = _organiser_encounter(request, encounter_id)
    try:
        scheduling.encounter_hold(by=request.user, encounter=encounter)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Événement tenu : chacun peut dire s'il souhaite continuer."))
    return redirect("encounters:encounter_detail", encounter_id=encounter.pk)


def conversation_answer(request, conversation_id):
    """« Je souhaite continuer » : said privately by the agent or the host, after the event."""
    conversation = queries.conversation_for(request.user, conversation_id)
    if not policies.can_answer(request.user, conversation):
        raise PermissionDenied
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = scheduling.conversation_answer(
                by=request.user,
                conversation=conversation,
                continues=form.cleaned_data["continues"],
                programme_consent=request.POST.get("programme_consent") == "1",
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            if conversation.engagement_id:
                messages.success(
                    request,
                    _("Vous souhaitez tous deux continuer : la rencontre a eu lieu, place aux accords."),
                )
            else:
                messages.success(request, _("Votre réponse est enregistrée ; elle reste privée."))
            return redirect("encounters:my_agenda", encounter_id=conversation.encounter_id)
    as_agent = policies.is_conversation_agent(request.user, conversation)
    programme = test_programme(conversation.pitch.mission) if as_agent else None
    return render(
        request,
        "encounters/answer.html",
        {
            "conversation": conversation,
            "encounter": conversation.encounter,
            "form": form,
            "as_agent": as_agent,
            # the agent's « oui » to a mission of a programme run as a test carries their consent to it
            "test_notice": notice_for(programme) if programme else "",
        },
    )


def report(request, encounter_id):
    encounter = _organiser_encounter(request, encounter_id)
    return render(
        request, "encounters/report.html", {"encounter": encounter, "report": queries.report(encounter)}
    )
