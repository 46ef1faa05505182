"""The support page of a mission (issue 22, 2): its sponsor, psychologue and protocol, the form HR fills, and
the agent's check-in difficulties with what was passed on.

Readers: the agent, the HR of the agent's organisation and the sponsor (``scopes.supports``); before a support
exists, only that HR (to set it). Anyone else gets a 404 — the host and the manager read the support in the
pact. The sponsor reads only the difficulties the agent agreed to pass on, and the pact that names them (its
PDF, served here after the same check: they never read the engagement itself), which they accept here.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.access.actor import get_actor
from passerelles.boundary import object_id
from passerelles.care import policies, support
from passerelles.care.forms import SupportForm
from passerelles.care.models import Escalation, MissionSupport
from passerelles.care.rules import SUPPORT_STATES, EscalationState
from passerelles.care.services import Refused
from passerelles.engagements.models import Engagement
from passerelles.followup.models import CheckInAnswer
from passerelles.foundation.files import serve_file


def _context(request, engagement_id):
    """(engagement, support or None, the reader's standing) — 404 for anyone who may not read the page."""
    engagement = get_object_or_404(
        Engagement.objects.select_related("agent", "agent__organisation", "mission"), pk=engagement_id
    )
    found = (
        MissionSupport.objects.for_actor(request.user)
        .filter(engagement=engagement)
        .select_related("sponsor", "sponsor__unit")
        .first()
    )
    hr = policies.is_agents_hr(request.user, engagement)
    if found is None and not hr:
        raise Http404
    agent = get_actor(request.user).agent
    return (
        engagement,
        found,
        {
            "hr": hr,
            "agent": policies.is_engagement_agent(request.user, engagement),
            "sponsor": found is not None and agent is not None and found.sponsor_id == agent.pk,
        },
    )


def support_page(request, engagement_id):
    engagement, found, who = _context(request, engagement_id)
    can_set = who["hr"] and engagement.state in SUPPORT_STATES
    form = None
    if can_set:
        form = SupportForm(
            request.POST or None,
            user=request.user,
            engagement=engagement,
            current=found,
            initial={
                "sponsor": found.sponsor_id,
                "psychologist": found.psychologist,
                "psychologist_phone": found.psychologist_phone,
                "psychologist_email": found.psychologist_email,
                "protocol": found.protocol,
            }
            if found
            else None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                saved = support.set_support(by=request.user, engagement=engagement, **form.cleaned_data)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, support.saved_message(saved))
                return redirect("care:support", engagement_id=engagement.pk)
    elif request.method == "POST":
        raise Http404
    difficulties = []
    if found is not None and (who["hr"] or who["agent"]):
        answers = (
            CheckInAnswer.objects.filter(checkin__engagement=engagement, party="agent")
            .filter(CheckInAnswer.alarming_q())
            .select_related("checkin")
            .order_by("-checkin__due_on")[:50]
        )
        escalations = {e.answer_id: e for e in Escalation.objects.filter(answer__in=answers)}
        difficulties = [_row(a, escalations.get(a.pk), who) for a in answers]
    passed_on = []
    if found is not None and who["sponsor"]:
        passed_on = list(
            found.escalations.filter(state=EscalationState.AGREED).select_related("answer__checkin")[:50]
        )
    pact = support.pact_state(found) if found else None
    return render(
        request,
        "care/support.html",
        {
            "engagement": engagement,
            "support": found,
            "who": who,
            "form": form,
            "difficulties": difficulties,
            "passed_on": passed_on,
            "pact": pact,
            "can_accept_pact": bool(
                pact and who["sponsor"] and pact["names_sponsor"] and pact["acceptance"] is None
            ),
        },
    )


def support_pact(request, engagement_id):
    """The current pact's PDF, for the readers of the support page (the sponsor above all)."""
    engagement, found, who = _context(request, engagement_id)
    pact = support.current_pact(engagement) if found else None
    if pact is None:
        raise Http404
    return serve_file(
        pact.pdf, content_type="application/pdf", filename=f"pacte-v{pact.version}.pdf", as_attachment=False
    )


@require_POST
def support_pact_accept(request, engagement_id):
    engagement, found, who = _context(request, engagement_id)
    if found is None or not who["sponsor"]:
        raise Http404
    try:
        support.accept_pact(by=request.user, support=found)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("Votre acceptation du pacte est enregistrée, avec l'empreinte du document.")
        )
    return redirect("care:support", engagement_id=engagement.pk)


def _row(answer, escalation, who) -> dict:
    """One difficulty and what the reader may do with it: the agent answers HR's proposal or passes it on
    themself (again after a no); HR proposes once."""
    state = escalation.state if escalation else ""
    return {
        "answer": answer,
        "escalation": escalation,
        "state": state or "none",
        "can_answer": who["agent"] and state == EscalationState.PROPOSED,
        "can_pass_on": who["agent"] and state in ("", EscalationState.DECLINED),
        "can_propose": who["hr"] and not who["agent"] and not state,
    }


@require_POST
def escalate(request, engagement_id):
    engagement, found, who = _context(request, engagement_id)
    if not (who["hr"] or who["agent"]):
        raise Http404
    pk = object_id(request.POST.get("answer"))
    answer = (
        CheckInAnswer.objects.filter(pk=pk, checkin__engagement=engagement).select_related("checkin").first()
        if pk
        else None
    )
    if answer is None:
        messages.error(request, _("Choisissez une difficulté de la liste."))
    else:
        try:
            done = support.escalate(by=request.user, answer=answer)
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("Difficulté transmise au parrain ou à la marraine et à la ou au psychologue.")
                if done.state == EscalationState.AGREED
                else _("Proposition envoyée à l'agent : rien n'est transmis sans son accord."),
            )
    return redirect("care:support", engagement_id=engagement.pk)


@require_POST
def escalation_answer(request, engagement_id, escalation_id):
    engagement, found, who = _context(request, engagement_id)
    if not who["agent"]:
        raise Http404
    escalation = get_object_or_404(Escalation, pk=escalation_id, support__engagement=engagement)
    choice = request.POST.get("choice", "")
    if choice not in ("yes", "no"):
        messages.error(request, _("Répondez par oui ou par non."))
        return redirect("care:support", engagement_id=engagement.pk)
    try:
        support.answer_escalation(by=request.user, escalation=escalation, agree=choice == "yes")
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Votre difficulté est transmise.")
            if choice == "yes"
            else _("Rien n'est transmis : c'est noté."),
        )
    return redirect("care:support", engagement_id=engagement.pk)
