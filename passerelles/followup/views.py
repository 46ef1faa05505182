import calendar
import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from passerelles import boundary
from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.engagements.lifecycle import MANAGER_VISIBLE_STATES, State, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.engagements.queries import engagement_for
from passerelles.followup import quotas, services
from passerelles.followup.models import CheckIn, CheckInAnswer, TimeEntry


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckInAnswer
        fields = ["mood", "workload", "relationship", "help_needed"]
        widgets = {
            "mood": forms.RadioSelect,
            "workload": forms.RadioSelect,
            "relationship": forms.RadioSelect,
            "help_needed": forms.Textarea(attrs={"rows": 2}),
        }


class TimeEntryForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Jour"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    half_days = forms.TypedChoiceField(
        label=gettext_lazy("Durée"),
        coerce=int,
        choices=[(1, gettext_lazy("Une demi-journée")), (2, gettext_lazy("Une journée"))],
        initial=2,
    )
    note = forms.CharField(label=gettext_lazy("Note (facultative)"), max_length=200, required=False)


def _engagement(request, engagement_id) -> Engagement:
    return engagement_for(request.user, engagement_id)


def engagement_followup(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    if not policies.can_follow_engagement(request.user, engagement):
        raise PermissionDenied
    today = timezone.localdate()
    mine = services.parties_answering(request.user, engagement)
    checkins = []
    handles_alerts = policies.can_handle_checkin_alerts(request.user, engagement)
    for checkin in CheckIn.objects.filter(engagement=engagement).prefetch_related("answers__handled_by"):
        answers = {a.party: a for a in checkin.answers.all()}
        to_answer = [
            p
            for p in mine
            if p not in answers and checkin.due_on <= today and engagement.state in services.FOLLOWED_STATES
        ]
        rows = [
            {
                "answer": answer,
                # the written « besoin d'aide »: its author and HR only (never the host for the agent's)
                "help": answer.help_needed
                if policies.can_read_checkin_help(request.user, engagement, answer)
                else "",
                "alert": handles_alerts and answer.alarming,
            }
            for answer in answers.values()
        ]
        checkins.append(
            {
                "checkin": checkin,
                "answers": rows,
                "to_answer": to_answer,
                "to_handle": any(row["alert"] and not row["answer"].handled_at for row in rows),
            }
        )
    quota = services.quota_of(engagement)
    entries = list(TimeEntry.objects.filter(engagement=engagement))
    months = {}
    for entry in entries:
        months.setdefault(entry.day.replace(day=1), 0)
        months[entry.day.replace(day=1)] += entry.half_days
    return render(
        request,
        "followup/engagement_followup.html",
        {
            "engagement": engagement,
            "checkins": checkins,
            "checkin_form": CheckInForm(),
            "entries": entries,
            "months": [(month, quotas.days_text(total)) for month, total in sorted(months.items())],
            "total": quotas.days_text(sum(e.half_days for e in entries)),
            "quota": quota,
            "can_log": engagement.agent.user_id == request.user.pk
            and engagement.state in (State.ACTIVE, State.ENDED),
            "time_form": TimeEntryForm(initial={"day": min(today, engagement.end_date)}),
        },
    )


@require_POST
def checkin_answer(request, checkin_id):
    checkin = get_object_or_404(CheckIn.objects.select_related("engagement"), pk=checkin_id)
    engagement = _engagement(request, checkin.engagement_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Répondez aux trois questions (la remarque est facultative)."))
        return redirect("engagement_followup", engagement_id=engagement.pk)
    try:
        answer = services.answer_checkin(
            checkin=checkin, party=request.POST.get("party", ""), by=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            _("Merci, c'est noté. La RH est prévenue pour vous aider.")
            if answer.alarming
            else _("Merci, c'est noté."),
        )
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return redirect("engagement_followup", engagement_id=engagement.pk)


@require_POST
def checkin_handled(request, checkin_id):
    """HR marks the difficulties signalled at a check-in as dealt with."""
    checkin = get_object_or_404(CheckIn.objects.select_related("engagement"), pk=checkin_id)
    engagement = _engagement(request, checkin.engagement_id)
    try:
        services.mark_alert_handled(checkin=checkin, by=request.user)
        messages.success(request, _("C'est noté : la difficulté est traitée."))
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return redirect("engagement_followup", engagement_id=engagement.pk)


@require_POST
def time_log(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    form = TimeEntryForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("engagement_followup", engagement_id=engagement.pk)
    try:
        services.log_time(engagement=engagement, by=request.user, **form.cleaned_data)
        messages.success(request, _("Temps enregistré."))
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return redirect("engagement_followup", engagement_id=engagement.pk)


@require_POST
def time_remove(request, time_entry_id):
    entry = get_object_or_404(TimeEntry.objects.select_related("engagement__agent"), pk=time_entry_id)
    engagement = _engagement(request, entry.engagement_id)
    try:
        services.remove_time(entry=entry, by=request.user)
        messages.success(request, _("Saisie supprimée."))
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return redirect("engagement_followup", engagement_id=engagement.pk)


def team_calendar(request):
    """For the home manager: who in the team is away on a mission, and when — to organise the team's load.
    Only engagements from the agreement step on (exploring stays private), and no reasons or answers."""
    actor = get_actor(request.user)
    if actor.agent is None:
        raise PermissionDenied
    month = boundary.month(request.GET.get("mois")) or timezone.localdate().replace(day=1)
    days_in_month = calendar.monthrange(month.year, month.month)[1]
    last = month.replace(day=days_in_month)
    engagements = (
        Engagement.objects.for_actor(request.user)
        .filter(
            agent__manager=actor.agent, state__in=[s for s in MANAGER_VISIBLE_STATES if s != State.AGREEMENTS]
        )
        .filter(start_date__lte=last, end_date__gte=month)
        .select_related("agent", "mission")
        .order_by("agent__last_name", "start_date")
    )
    logged = {
        (e["engagement_id"], e["day"]): e["half_days"]
        for e in TimeEntry.objects.filter(engagement__in=engagements, day__range=(month, last)).values(
            "engagement_id", "day", "half_days"
        )
    }
    days = [month.replace(day=d) for d in range(1, days_in_month + 1)]
    rows = []
    for engagement in engagements:
        cells = []
        for day in days:
            within = engagement.start_date <= day <= engagement.end_date
            cells.append({"day": day, "within": within, "logged": logged.get((engagement.pk, day))})
        total = sum(v for (e, _d), v in logged.items() if e == engagement.pk)
        rows.append({"engagement": engagement, "cells": cells, "total": quotas.days_text(total)})
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = last + datetime.timedelta(days=1)
    return render(
        request,
        "followup/team_calendar.html",
        {
            "month": month,
            "month_label": f"{quotas.MONTHS[month.month - 1]} {month.year}",
            "days": days,
            "rows": rows,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "team_size": actor.agent.reports.count(),
            "logged_total": quotas.days_text(sum(logged.values())),
        },
    )
