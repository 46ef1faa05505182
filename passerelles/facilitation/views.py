"""Pages of the facilitators' pool (thin: the rules are in services.py, policies.py and rules.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.facilitation import policies, queries, rules, services
from passerelles.facilitation.forms import CallForm, JoinForm
from passerelles.facilitation.models import CallState, FacilitationCall, Facilitator


def _call(request, facilitation_call_id) -> FacilitationCall:
    """The one fetch helper for a call: outside one's scope it does not exist (404)."""
    return get_object_or_404(
        FacilitationCall.objects.for_actor(request.user).select_related(
            "facilitator__agent", "facilitator__agent__organisation", "organiser"
        ),
        pk=facilitation_call_id,
    )


def my_pool(request):
    """The agent's page: join, change, leave; the calls to answer and those given."""
    if not policies.can_volunteer(request.user):
        raise PermissionDenied
    facilitator = queries.own_facilitator(request.user)
    active = facilitator is not None and facilitator.is_active
    initial = (
        {
            "topics": ", ".join(facilitator.topics),
            "hours_per_month": facilitator.hours_per_month,
            "share_with_network": facilitator.share_with_network,
        }
        if facilitator
        else {"hours_per_month": 4}
    )
    form = JoinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.facilitator_join(
                by=request.user,
                topics=form.cleaned_data["topics"],
                hours_per_month=form.cleaned_data["hours_per_month"],
                share_with_network=form.cleaned_data["share_with_network"],
            )
        except services.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("C'est enregistré : vous êtes dans le vivier d'animateurs.")
                if not active
                else _("Vos choix sont enregistrés."),
            )
            return redirect("facilitation:my_pool")
    calls = list(queries.my_calls(request.user))
    held = [c for c in calls if c.state == CallState.HELD]
    return render(
        request,
        "facilitation/my_pool.html",
        {
            "form": form,
            "facilitator": facilitator,
            "active": active,
            "calls": calls,
            "held_duration": rules.format_minutes(sum(c.duration_minutes for c in held)),
            "held_count": len(held),
        },
    )


def leave(request):
    """Leaving the pool: a confirmation page first, then nobody sees the volunteer any more."""
    if not policies.can_volunteer(request.user):
        raise PermissionDenied
    facilitator = queries.own_facilitator(request.user)
    if facilitator is None or not facilitator.is_active:
        return redirect("facilitation:my_pool")
    if request.method == "POST":
        services.facilitator_leave(by=request.user)
        messages.success(
            request, _("Vous avez quitté le vivier d'animateurs : plus personne ne vous y voit.")
        )
        return redirect("facilitation:my_pool")
    return render(request, "facilitation/leave.html", {"facilitator": facilitator})


def pool(request):
    """HR (and the network's coordinators) read the volunteers of their scope and send a call."""
    if not policies.can_see_pool(request.user):
        raise PermissionDenied
    topic = " ".join(request.GET.get("sujet", "").split())[:40]
    return render(
        request,
        "facilitation/pool.html",
        {
            "facilitators": queries.pool(request.user, topic),
            "topic": topic,
            "sent": queries.sent_calls(request.user)[:50],
        },
    )


def call_new(request, facilitator_id):
    facilitator = get_object_or_404(
        Facilitator.objects.for_actor(request.user).active().select_related("agent"), pk=facilitator_id
    )
    if not policies.can_send_call(request.user, facilitator):
        raise PermissionDenied
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_send(
                by=request.user,
                facilitator=facilitator,
                subject=form.cleaned_data["subject"],
                starts_at=form.starts_at(),
                minutes=form.cleaned_data["minutes"],
                place=form.cleaned_data["place"],
                visio_url=form.cleaned_data["visio_url"],
                note=form.cleaned_data["note"],
            )
        except services.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("L'appel est envoyé : la personne est libre d'accepter ou non."))
            return redirect("facilitation:call_detail", facilitation_call_id=call.pk)
    return render(request, "facilitation/call_form.html", {"form": form, "facilitator": facilitator})


def call_detail(request, facilitation_call_id):
    call = _call(request, facilitation_call_id)
    now = timezone.now()
    return render(
        request,
        "facilitation/call_detail.html",
        {
            "call": call,
            "is_volunteer": policies.is_volunteer(request.user, call),
            "can_answer": call.state == CallState.PROPOSED and policies.is_volunteer(request.user, call),
            "can_confirm": call.state == CallState.ACCEPTED
            and policies.can_confirm(request.user, call)
            and rules.can_confirm(call.slot, now),
        },
    )


def _post_answer(request, call, use_case, success, **arguments):
    try:
        use_case(by=request.user, call=call, **arguments)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, success)
    return redirect("facilitation:call_detail", facilitation_call_id=call.pk)


@require_POST
def call_answer(request, facilitation_call_id):
    call = _call(request, facilitation_call_id)
    decision = request.POST.get("decision", "")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Choisissez « J'accepte » ou « Je suis indisponible »."))
        return redirect("facilitation:call_detail", facilitation_call_id=call.pk)
    accept = decision == "accept"
    success = _("Merci : c'est noté, l'invitation arrive dans votre agenda.") if accept else _("C'est noté.")
    return _post_answer(request, call, services.call_answer, success, accept=accept)


@require_POST
def call_confirm(request, facilitation_call_id):
    call = _call(request, facilitation_call_id)
    decision = request.POST.get("decision", "")
    if decision not in ("held", "not_held"):
        raise Http404
    return _post_answer(
        request, call, services.call_confirm, _("Le bilan est enregistré."), held=decision == "held"
    )
