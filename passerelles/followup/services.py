"""Use cases of the follow-up: scheduling and answering check-ins (an alert to HR when it goes wrong),
reminders, and logging time within the quota of the framework and the organisation."""

import datetime

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.models import Role, RoleMembership
from passerelles.engagements import services as engagement_services
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.followup import quotas
from passerelles.followup.models import CheckIn, CheckInAnswer, TimeEntry
from passerelles.foundation.calendar_fr import checkin_dates
from passerelles.frameworks.models import EngagementFramework
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

FOLLOWED_STATES = (State.READY, State.ACTIVE)


def _url(engagement) -> str:
    return reverse("engagement_followup", kwargs={"engagement_id": engagement.pk})


def schedule_checkins(engagement: Engagement) -> int:
    """The pact's points d'étape as check-ins (idempotent: an existing date is kept, answers included).

    The dates are ``calendar_fr.checkin_dates``: working days (no weekend, no public holiday), at least a week
    apart — the same dates the pact prints in {{ points_etape }}."""
    created = 0
    for day in checkin_dates(engagement.start_date, engagement.end_date):
        _checkin, made = CheckIn.objects.get_or_create(engagement=engagement, due_on=day)
        created += made
    return created


def parties_answering(user, engagement: Engagement) -> list[str]:
    """Which check-in answers this user gives: the agent's own, the host's (the mission's lead or author)."""
    from passerelles.access.policies import is_mission_host

    parties = []
    if engagement.agent.user_id == getattr(user, "pk", None):
        parties.append("agent")
    if is_mission_host(user, engagement.mission):
        parties.append("host")
    return parties


@transaction.atomic
def answer_checkin(
    *, checkin: CheckIn, party: str, by, mood: str, workload: str, relationship: str, help_needed: str = ""
) -> CheckInAnswer:
    engagement = engagement_services.lock(checkin.engagement)
    if party not in parties_answering(by, engagement):
        raise TransitionRefused(_("Ce point d'étape ne vous est pas demandé."))
    if engagement.state not in FOLLOWED_STATES:
        raise TransitionRefused(_("Les points d'étape se remplissent pendant la mission."))
    if checkin.due_on > timezone.localdate():
        raise TransitionRefused(
            _("Ce point d'étape est prévu le %(day)s : revenez à cette date.")
            % {"day": f"{checkin.due_on:%d/%m/%Y}"}
        )
    if CheckInAnswer.objects.filter(checkin=checkin, party=party).exists():
        raise TransitionRefused(_("Vous avez déjà répondu à ce point d'étape."))
    answer = CheckInAnswer(
        checkin=checkin,
        party=party,
        mood=mood,
        workload=workload,
        relationship=relationship,
        help_needed=help_needed.strip()[:2000],
        answered_by=by,
    )
    answer.full_clean(exclude=["checkin", "answered_by"])
    answer.save()
    if answer.alarming:
        who = _("l'agent") if party == "agent" else _("l'accueil")
        hr = RoleMembership.objects.users_with(
            Role.HR, [engagement.agent.organisation_id, engagement.mission.organisation_id]
        )
        for user in hr:
            with in_language_of(user):
                notify(
                    user=user,
                    subject=_("Point d'étape : %(who)s signale une difficulté — « %(title)s »")
                    % {"who": who, "title": engagement.mission.title},
                    message=_(
                        "%(name)s, mission « %(title)s ». Comment ça se passe : %(mood)s ; charge : %(workload)s ; "
                        "relation : %(relationship)s.\n%(help)s\nUn échange rapide peut suffire ; chacun garde le "
                        "droit d'arrêter."
                    )
                    % {
                        "name": engagement.agent.full_name,
                        "title": engagement.mission.title,
                        "mood": answer.get_mood_display().lower(),
                        "workload": answer.get_workload_display().lower(),
                        "relationship": answer.get_relationship_display().lower(),
                        "help": answer.help_needed,
                    },
                    url=_url(engagement),
                    action_needed=True,
                    kind=NotificationKind.FOLLOWUP,
                )
    return answer


@transaction.atomic
def mark_alert_handled(*, checkin: CheckIn, by) -> int:
    """HR says the difficulties signalled at this check-in were dealt with: they leave its « À faire »."""
    from passerelles.access.policies import can_handle_checkin_alerts

    engagement = engagement_services.lock(checkin.engagement)
    if not can_handle_checkin_alerts(by, engagement):
        raise TransitionRefused(_("Seule la RH traite les difficultés signalées aux points d'étape."))
    pending = CheckInAnswer.objects.filter(checkin=checkin, handled_at__isnull=True).filter(
        CheckInAnswer.alarming_q()
    )
    if not pending.exists():
        raise TransitionRefused(_("Aucune difficulté en attente sur ce point d'étape."))
    return pending.update(handled_at=timezone.now(), handled_by=by)


def send_checkin_reminders(*, today: datetime.date) -> int:
    """Once per check-in and party: a reminder on the day it is due (or after, if it was missed)."""
    sent = 0
    due = CheckIn.objects.filter(due_on__lte=today, engagement__state__in=FOLLOWED_STATES).select_related(
        "engagement__agent__user",
        "engagement__mission__project_lead__user",
        "engagement__mission__created_by",
    )
    for checkin in due:
        answered = set(checkin.answers.values_list("party", flat=True))
        engagement = checkin.engagement
        for party, field in (("agent", "agent_reminded_at"), ("host", "host_reminded_at")):
            if party in answered or getattr(checkin, field):
                continue
            users = (
                {engagement.agent.user}
                if party == "agent"
                else engagement_services.party_users(engagement, "host")
            )
            for user in users:
                with in_language_of(user):
                    notify(
                        user=user,
                        subject=_("Point d'étape : « %(title)s »") % {"title": engagement.mission.title},
                        message=_(
                            "Comment se passe la mission ? Trois questions, une minute : votre réponse aide à ajuster."
                        ),
                        url=_url(engagement),
                        action_needed=True,
                        kind=NotificationKind.FOLLOWUP,
                    )
            CheckIn.objects.filter(pk=checkin.pk).update(**{field: timezone.now()})
            sent += 1
    return sent


def quota_of(engagement: Engagement) -> quotas.Quota:
    chosen = EngagementFramework.objects.filter(engagement=engagement).first()
    return quotas.quota_for(
        chosen.code if chosen else None, chosen.parameters if chosen else {}, engagement.percent
    )


def used_half_days(engagement: Engagement, quota: quotas.Quota, day: datetime.date, *, excluding=None) -> int:
    """Half-days logged in the quota's period — across the agent's engagements under the same framework code
    for an ASA or the réserve (their quota is the agent's), on this engagement otherwise."""
    start, end = quota.period_of(day)
    entries = TimeEntry.objects.filter(day__range=(start, end))
    chosen = EngagementFramework.objects.filter(engagement=engagement).values_list("code", flat=True).first()
    if chosen in ("asa_benevolat", "reserve_communale"):
        entries = entries.filter(engagement__agent=engagement.agent, engagement__framework__code=chosen)
    else:
        entries = entries.filter(engagement=engagement)
    if excluding is not None:
        entries = entries.exclude(pk=excluding.pk)
    return entries.aggregate(total=Sum("half_days"))["total"] or 0


@transaction.atomic
def log_time(*, engagement: Engagement, by, day: datetime.date, half_days: int, note: str = "") -> TimeEntry:
    """The agent logs a day or a half-day of the mission; beyond the quota it is refused, with why."""
    engagement = engagement_services.lock(engagement)
    if engagement.agent.user_id != getattr(by, "pk", None):
        raise TransitionRefused(_("Seul l'agent saisit son temps."))
    if engagement.state not in (State.ACTIVE, State.ENDED):
        raise TransitionRefused(_("Le temps se saisit une fois la mission commencée."))
    if half_days not in (1, 2):
        raise TransitionRefused(_("Saisissez une demi-journée ou une journée."))
    if not engagement.start_date <= day <= engagement.end_date:
        raise TransitionRefused(
            _("Ce jour est en dehors de la mission (du %(start)s au %(end)s).")
            % {"start": f"{engagement.start_date:%d/%m/%Y}", "end": f"{engagement.end_date:%d/%m/%Y}"}
        )
    if day > timezone.localdate():
        raise TransitionRefused(_("On saisit le temps passé, pas le temps prévu : ce jour est à venir."))
    existing = TimeEntry.objects.filter(engagement=engagement, day=day).first()
    quota = quota_of(engagement)
    try:
        quotas.check(
            quota,
            used_half_days=used_half_days(engagement, quota, day, excluding=existing),
            new_half_days=half_days,
            day=day,
        )
    except quotas.QuotaExceeded as error:
        raise TransitionRefused(str(error)) from error
    entry = existing or TimeEntry(engagement=engagement, day=day)
    entry.half_days, entry.note, entry.by = half_days, note.strip()[:200], by
    entry.save()
    return entry


@transaction.atomic
def remove_time(*, entry: TimeEntry, by) -> None:
    if entry.engagement.agent.user_id != getattr(by, "pk", None):
        raise TransitionRefused(_("Seul l'agent modifie son temps."))
    entry.delete()
