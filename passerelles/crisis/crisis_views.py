"""A crisis under way: its page, the volunteers' answers (runners), the answer by link (no login), the broadcast
call and the needs. Each crisis is fetched through its scope (404 outside), then crisis/rules.py decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from passerelles import boundary
from passerelles.access.actor import get_actor
from passerelles.crisis import activation, needs, plan_rules, rules
from passerelles.crisis.forms import AnswerForm, BroadcastForm, NeedForm
from passerelles.crisis.models import Assignment, Availability, Crisis, Need
from passerelles.crisis.vocabulary import Answer, UnitRole

ANSWER_FILTERS = {
    "demandee": Answer.ASKED,
    "disponible": Answer.AVAILABLE,
    "indisponible": Answer.UNAVAILABLE,
}


def crisis_for(request, crisis_id) -> Crisis:
    """The one fetch helper: a crisis the user sees, or 404."""
    return get_object_or_404(
        Crisis.objects.for_actor(request.user).select_related("organisation", "network", "scenario"),
        pk=crisis_id,
    )


def _own_availability(request, crisis):
    agent = get_actor(request.user).agent
    if agent is None:
        return None
    return Availability.objects.filter(crisis=crisis, volunteer__agent=agent).first()


def _answer_form(availability, data=None):
    initial = {
        "answer": availability.answer if availability.answer != Answer.ASKED else None,
        "dates": availability.dates,
        "note": availability.note,
    }
    return AnswerForm(data, days=activation.crisis_days(availability.crisis), initial=initial)


@require_safe
def detail(request, crisis_id):
    crisis = crisis_for(request, crisis_id)
    units = crisis.units.select_related("unit", "unit__organisation").order_by("role", "unit__name")
    open_needs = crisis.needs.filter(cancelled_at__isnull=True)
    mine = _own_availability(request, crisis)
    return render(
        request,
        "crisis/detail.html",
        {
            "crisis": crisis,
            "essential": [u for u in units if u.role == UnitRole.ESSENTIAL],
            "closed": [u for u in units if u.role == UnitRole.CLOSED],
            "counts": activation.availability_counts(crisis),
            "need_count": open_needs.count(),
            "people_needed": sum(open_needs.values_list("head_count", flat=True)),
            "can_run": rules.can_run(request.user, crisis),
            "can_post_needs": rules.can_post_needs(request.user, crisis),
            "mine": mine,
            "answer_form": _answer_form(mine) if mine is not None and crisis.is_active else None,
            "can_read_reports": plan_rules.can_read_reports(request.user, crisis),
            "can_close": rules.can_close(request.user, crisis),
            "my_shifts": _has_shifts(request, crisis),
        },
    )


def _has_shifts(request, crisis) -> bool:
    """Whether the person was planned in this crisis (their shifts, and after it their debrief, are theirs)."""
    agent = get_actor(request.user).agent
    return (
        agent is not None and Assignment.objects.filter(plan__crisis=crisis, volunteer__agent=agent).exists()
    )


@require_http_methods(["GET", "HEAD", "POST"])
def availabilities(request, crisis_id):
    """The runners' list of answers (filter ``?reponse=``); POST ``relancer`` asks again those who have not
    answered."""
    crisis = crisis_for(request, crisis_id)
    if not rules.can_run(request.user, crisis):
        raise PermissionDenied
    if request.method == "POST":
        try:
            n = activation.availability_relaunch(crisis=crisis, by=request.user)
            messages.success(
                request, _("Relance envoyée à %(n)s personne(s) qui n'ont pas répondu.") % {"n": n}
            )
        except activation.ActivationRefused as refused:
            messages.error(request, str(refused))
        return redirect("crisis:availabilities", crisis_id=crisis.pk)
    chosen = str(request.GET.get("reponse", ""))[:20]
    rows = crisis.availabilities.select_related("volunteer__agent", "volunteer__agent__unit").order_by(
        "volunteer__agent__last_name", "volunteer__agent__first_name", "pk"
    )
    if chosen in ANSWER_FILTERS:
        rows = rows.filter(answer=ANSWER_FILTERS[chosen])
    elif chosen:
        messages.error(request, _("Réponse inconnue : ce filtre est ignoré."))
        chosen = ""
    return render(
        request,
        "crisis/availabilities.html",
        {
            "crisis": crisis,
            "rows": rows[:1000],
            "total": rows.count(),
            "counts": activation.availability_counts(crisis),
            "chosen": chosen,
            "filters": [("", _("Toutes"))] + [(k, Answer(v).label) for k, v in ANSWER_FILTERS.items()],
        },
    )


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token):
    """The answer by the link of the message: the token is the proof, no login; the page shows only the crisis's
    name and dates."""
    availability = Availability.objects.select_related("crisis").filter(token=str(token)[:64]).first()
    if availability is None:
        raise Http404
    crisis = availability.crisis
    form = _answer_form(availability, request.POST if request.method == "POST" and crisis.is_active else None)
    if request.method == "POST" and crisis.is_active and form.is_valid():
        try:
            activation.availability_answer(
                token=availability.token,
                answer=form.cleaned_data["answer"],
                dates=form.cleaned_data["dates"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Merci, votre réponse est enregistrée. Vous pouvez la changer ici."))
            return redirect("crisis:answer", token=availability.token)
        except activation.ActivationRefused as refused:
            form.add_error(None, str(refused))
    return render(
        request, "crisis/answer.html", {"crisis": crisis, "availability": availability, "form": form}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def broadcast(request, crisis_id):
    """A call to every agent not yet in the registry; the counts first, then « Envoyer » (once an hour)."""
    crisis = crisis_for(request, crisis_id)
    if not rules.can_run(request.user, crisis):
        raise PermissionDenied
    form = BroadcastForm(request.POST if request.method == "POST" else None)
    confirm = False
    if request.method == "POST" and form.is_valid():
        if request.POST.get("etape") == "envoyer":
            try:
                sent = activation.broadcast_send(
                    crisis=crisis, by=request.user, message=form.cleaned_data["message"]
                )
                messages.success(
                    request,
                    _("Appel envoyé : %(n)s personne(s) prévenue(s), %(u)s sans moyen de contact.")
                    % {"n": sent.reached, "u": sent.unreachable},
                )
                return redirect("crisis:broadcast", crisis_id=crisis.pk)
            except activation.ActivationRefused as refused:
                form.add_error(None, str(refused))
        else:
            confirm = True
    return render(
        request,
        "crisis/broadcast.html",
        {
            "crisis": crisis,
            "form": form,
            "confirm": confirm,
            "counts": activation.broadcast_preview(crisis),
            "wait": activation.broadcast_wait(crisis),
            "sent": crisis.broadcasts.select_related("sent_by").order_by("-sent_at")[:20],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def need_list(request, crisis_id):
    crisis = crisis_for(request, crisis_id)
    may_post = rules.can_post_needs(request.user, crisis)
    form = None
    if may_post:
        form = NeedForm(
            request.POST if request.method == "POST" else None,
            units=needs.units_for(request.user, crisis),
            sites=needs.sites_for(crisis),
            days=activation.crisis_days(crisis),
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                need = needs.need_post(
                    crisis=crisis,
                    by=request.user,
                    title=data["title"],
                    unit=data["unit"],
                    site=data["site"],
                    place=data["place"],
                    date=_day(data["date"]),
                    start_time=data["start_time"],
                    end_time=data["end_time"],
                    skills=data["skills"],
                    habilitations=data["habilitations"],
                    head_count=data["head_count"],
                    priority=data["priority"],
                )
                messages.success(request, _("Besoin « %(title)s » publié.") % {"title": need.title})
                return redirect("crisis:needs", crisis_id=crisis.pk)
            except needs.NeedRefused as refused:
                form.add_error(None, str(refused))
    rows = crisis.needs.select_related("unit", "site").order_by("cancelled_at", "date", "start_time", "pk")
    return render(
        request,
        "crisis/needs.html",
        {
            "crisis": crisis,
            "form": form,
            "rows": [
                (need, needs.can_cancel(request.user, need), needs.asked_label(need)) for need in rows[:500]
            ],
        },
    )


def _day(value):
    return boundary.date(value)


@require_http_methods(["GET", "HEAD", "POST"])
def need_cancel(request, crisis_id, need_id):
    crisis = crisis_for(request, crisis_id)
    need = get_object_or_404(Need.objects.for_actor(request.user).filter(crisis=crisis), pk=need_id)
    need.crisis = crisis
    if not needs.can_cancel(request.user, need):
        raise PermissionDenied
    if request.method == "POST":
        try:
            needs.need_cancel(need=need, by=request.user)
            messages.success(request, _("Besoin annulé."))
        except needs.NeedRefused as refused:
            messages.error(request, str(refused))
        return redirect("crisis:needs", crisis_id=crisis.pk)
    return render(request, "crisis/need_cancel.html", {"crisis": crisis, "need": need})
