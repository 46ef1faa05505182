"""Use cases of engagements. Every move goes through ``lifecycle.transition_for``, locked and logged.

Side effects of entering a state (opening an agreement round, telling people) live here too, next to the
move, so that no view or signal can forget them.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role, RoleMembership
from passerelles.engagements import stages
from passerelles.engagements.calendar import meeting_invitation
from passerelles.engagements.capacity import check_capacity
from passerelles.engagements.lifecycle import (
    AGREE_KINDS,
    EndReason,
    EventKind,
    State,
    TransitionRefused,
    transition_for,
)
from passerelles.engagements.models import Agreement, Decision, Engagement, EngagementEvent, Meeting, Party
from passerelles.missions.models import Mission, MissionStatus
from passerelles.missions.services import close_if_filled
from passerelles.notifications.services import notify
from passerelles.people.models import Agent

# What the agent is told when HR keeps the reason of a decline for itself.
NEUTRAL_DECLINE = gettext_lazy("La mission ne pourra pas se faire cette fois-ci.")
SCHEME_STATEMENT = gettext_lazy(
    "Passerelles organise l'entraide entre services et administrations : des missions courtes, à temps "
    "partiel, choisies librement par les agents, qui reviennent ensuite dans leur équipe. Ce n'est ni un "
    "contrôle ni un départ : votre accord permet d'organiser la charge de l'équipe pendant la mission."
)


def _url(engagement) -> str:
    return reverse("engagement_detail", kwargs={"engagement_id": engagement.pk})


def _summary(engagement) -> str:
    mission = engagement.mission
    summary = _(
        "Mission : %(title)s (%(org)s, %(unit)s)\nObjet : %(purpose)s\nQuotité : %(share)s\nDates : du %(start)s au %(end)s"
    ) % {
        "title": mission.title,
        "org": mission.organisation.name,
        "unit": mission.host_unit.name,
        "purpose": mission.get_purpose_display(),
        "share": f"{engagement.percent} %",
        "start": engagement.start_date.strftime("%d/%m/%Y"),
        "end": (engagement.extension_end_date or engagement.end_date).strftime("%d/%m/%Y"),
    }
    if engagement.regularisation:
        summary += "\n" + _("Régularisation : démarrage antérieur à l'accord (%(reason)s)") % {
            "reason": engagement.regularisation_reason
        }
    return summary


def _hosts(mission) -> set:
    users = {mission.created_by}
    if mission.project_lead.user_id:
        users.add(mission.project_lead.user)
    return {u for u in users if u is not None}


def _brokers(mission) -> set:
    """Who organises rencontres for a mission: its hosts and the HR of its organisation."""
    return _hosts(mission) | set(RoleMembership.objects.users_with(Role.HR, [mission.organisation_id]))


def _first_start(mission) -> datetime.date:
    """An engagement starts on the mission's start date — or today, for a mission already under way: nobody
    joins a mission in the past (HR may regularise a start already made: engagement_set_dates)."""
    return min(max(mission.start_date, timezone.localdate()), mission.end_date)


def _new_engagement(*, agent, mission, state, message, by, action) -> Engagement:
    try:
        with transaction.atomic():
            engagement = Engagement.objects.create(
                agent=agent,
                mission=mission,
                state=state,
                message=message.strip()[:2000],
                start_date=_first_start(mission),
                end_date=mission.end_date,
                percent=mission.effective_percent,
            )
            EngagementEvent.objects.create(
                engagement=engagement, by=by, action=action, to_state=state, comment=message.strip()[:2000]
            )
    except IntegrityError:  # the same click arrived twice at once: the first one won
        return Engagement.objects.open().get(agent=agent, mission=mission)
    return engagement


# A closed mission takes nobody more (issue 13): said plainly, before any other reason.
MISSION_CLOSED = gettext_lazy(
    "Cette mission est clôturée : elle n'accepte plus de candidatures. D'autres missions vous attendent "
    "peut-être dans « Missions ouvertes »."
)


def _refuse_if_closed(mission: Mission) -> None:
    """Read the mission's status under its row lock, so that a closing and a new candidate cannot cross."""
    status = Mission.objects.select_for_update().values_list("status", flat=True).get(pk=mission.pk)
    if status == MissionStatus.CLOSED:
        raise TransitionRefused(MISSION_CLOSED)


@transaction.atomic
def engagement_express_interest(*, mission: Mission, by, message: str = "") -> Engagement:
    """« Je suis intéressé·e » : the agent's own step; a second click returns the same engagement."""
    agent = get_actor(by).agent
    _refuse_if_closed(mission)
    if not policies.can_express_interest(by, mission):
        raise TransitionRefused(_("Vous ne pouvez pas vous proposer pour cette mission."))
    existing = Engagement.objects.open().filter(agent=agent, mission=mission).first()
    if existing:
        return existing
    engagement = _new_engagement(
        agent=agent, mission=mission, state=State.INTEREST, message=message, by=by, action="express_interest"
    )
    for user in _hosts(mission) | set(RoleMembership.objects.users_with(Role.HR, [mission.organisation_id])):
        notify(
            user=user,
            subject=_("%(name)s est intéressé·e par « %(title)s »")
            % {"name": agent.full_name, "title": mission.title},
            message=_("%(name)s (%(job)s) aimerait en savoir plus sur la mission. Proposez une rencontre.")
            % {"name": agent.full_name, "job": agent.job_title or agent.organisation.name},
            url=_url(engagement),
            action_needed=True,
        )
    return engagement


@dataclass(frozen=True)
class MeetingSlot:
    """A rencontre offered together with a proposal: it becomes an invitation only once the agent accepts."""

    starts_at: datetime.datetime
    minutes: int = 45
    place: str = ""
    visio_url: str = ""


def _check_slot(slot: MeetingSlot, *, allow_past: bool = False) -> None:
    """A place or a link, and a time to come — unless HR records the rencontre of a regularised engagement,
    which happened before anyone wrote it down (``allow_past``). A weekend or a public holiday is only
    warned about, by the form (calendar_fr.non_working_reason): it is never refused here."""
    if not slot.place.strip() and not slot.visio_url.strip():
        raise TransitionRefused(_("Indiquez un lieu ou un lien de visioconférence."))
    if slot.starts_at < timezone.now() and not allow_past:
        raise TransitionRefused(_("La rencontre doit avoir lieu dans le futur."))


@transaction.atomic
def engagement_propose(
    *, mission: Mission, agent: Agent, by, message: str = "", meeting: MeetingSlot | None = None
) -> Engagement:
    """*Gré à gré*: HR (or the host) invites a specific agent, who accepts or declines privately.

    With ``meeting``, HR also offers a rencontre slot: nothing reaches anyone's calendar before the agent
    accepts (free consent), and accepting then confirms the rencontre in one step.
    """
    _refuse_if_closed(mission)
    if not policies.can_propose_mission(by, mission, agent):
        raise TransitionRefused(_("Vous ne pouvez pas proposer cette mission à cette personne."))
    if meeting is not None:
        _check_slot(meeting)
    existing = Engagement.objects.open().filter(agent=agent, mission=mission).first()
    if existing:
        raise TransitionRefused(
            _("Cette personne est déjà en lien avec cette mission (étape « %(state)s »).")
            % {"state": existing.get_state_display()}
        )
    engagement = _new_engagement(
        agent=agent, mission=mission, state=State.PROPOSAL, message=message, by=by, action="propose"
    )
    offered = ""
    if meeting is not None:
        Meeting.objects.create(
            engagement=engagement,
            starts_at=meeting.starts_at,
            duration_minutes=meeting.minutes,
            place=meeting.place.strip(),
            visio_url=meeting.visio_url.strip(),
            scheduled_by=by,
        )
        offered = _(
            "Si vous acceptez, la rencontre aura lieu le %(when)s (%(where)s) ; l'invitation arrivera alors "
            "dans votre agenda.\n\n"
        ) % {
            "when": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y à %H:%M"),
            "where": meeting.place.strip() or meeting.visio_url.strip(),
        }
    notify(
        user=agent.user,
        subject=_("Une mission pourrait vous plaire : « %(title)s »") % {"title": mission.title},
        message=_(
            "%(who)s pense à vous pour cette mission. Vous êtes libre d'accepter une rencontre ou de "
            "décliner : votre réponse reste privée.\n\n%(offered)s%(summary)s"
        )
        % {"who": by, "offered": offered, "summary": _summary(engagement)},
        url=_url(engagement),
        action_needed=True,
    )
    return engagement


@dataclass(frozen=True)
class TimelineEntry:
    event: EngagementEvent
    comment: str  # what this reader may read of the step's comment ("" when it is not theirs to read)


def timeline_for(user, engagement: Engagement) -> list[TimelineEntry]:
    """The engagement's steps as ``user`` may read them (``policies.can_read_event_comment``): a withdrawal's
    reason only for the agent and HR; a reason HR kept only for HR — the agent reads the neutral sentence."""
    entries = []
    for event in engagement.events.select_related("by"):
        if policies.can_read_event_comment(user, engagement, event):
            comment = event.comment
        elif event.action == "decline":
            comment = str(NEUTRAL_DECLINE)
        else:
            comment = ""
        entries.append(TimelineEntry(event=event, comment=comment))
    return entries


def lock(engagement) -> Engagement:
    return (
        Engagement.objects.select_for_update(of=("self",))
        .select_related(
            "agent",
            "agent__organisation",
            "agent__manager",
            "mission",
            "mission__organisation",
            "mission__host_unit",
            "mission__project_lead",
            "mission__created_by",
        )
        .get(pk=engagement.pk)
    )


def note(engagement: Engagement, action: str, *, by=None, comment: str = "", at=None) -> EngagementEvent:
    """A step of the timeline that does not change the state (a reminder, an agreement given, new dates…)."""
    return EngagementEvent.objects.create(
        engagement=engagement,
        by=by,
        action=EventKind(action),  # an unknown kind is a programming error, not a new bare string
        from_state=engagement.state,
        to_state=engagement.state,
        comment=comment,
        at=at or timezone.now(),
    )


def move(engagement: Engagement, *, action: str, by, kinds: set[str], comment: str = "") -> Engagement:
    """The single writer of an engagement's state: the table says whether the move exists and whose it is;
    what every move to a given state needs (a decline's reason, an extension lapsing) is done here, once."""
    transition = transition_for(engagement.state, action, kinds)
    comment = comment.strip()
    if transition.target == State.DECLINED and not comment:
        raise TransitionRefused(_("Indiquez la raison : la personne sera prévenue avec bienveillance."))
    EngagementEvent.objects.create(
        engagement=engagement,
        by=by,
        action=EventKind(action),
        from_state=engagement.state,
        to_state=transition.target,
        comment=comment,
    )
    leaving_active = engagement.state == State.ACTIVE and transition.target != State.ACTIVE
    engagement.state = transition.target
    if transition.target == State.DECLINED:
        engagement.decline_reason = comment
    if leaving_active and engagement.extension_end_date is not None:
        _lapse_extension(engagement)
    if transition.target == State.AGREEMENTS:
        _open_agreement_round(engagement)
    return engagement


def _lapse_extension(engagement: Engagement) -> None:
    """An extension still being agreed when the mission ends (on its date, early, or by withdrawal) has no
    object any more: its pending agreements are closed « sans objet » so nobody is reminded of them."""
    engagement.extension_end_date = None
    Agreement.objects.filter(
        engagement=engagement, round=engagement.agreement_round, decision=Decision.PENDING
    ).update(decision=Decision.CANCELLED)
    note(engagement, EventKind.EXTENSION_LAPSED)


@transaction.atomic
def engagement_transition(
    *, engagement: Engagement, action: str, by, comment: str = "", share_reason: bool = True
) -> Engagement:
    """The simple moves of the engagement page: accept a proposal, withdraw, decline, end early."""
    engagement = lock(engagement)
    comment = comment.strip()[:2000]
    source = engagement.state
    move(
        engagement,
        action=action,
        by=by,
        kinds=policies.engagement_actor_kinds(by, engagement),
        comment=comment,
    )
    if action == "withdraw":
        engagement.withdraw_reason = comment
        # Declining a proposal stays private: the hosts never saw it (see scopes.engagements).
        hosts = set() if source == State.PROPOSAL else _hosts(engagement.mission)
        for user in hosts:
            notify(
                user=user,
                subject=_("%(name)s ne poursuit pas « %(title)s »")
                % {"name": engagement.agent.full_name, "title": engagement.mission.title},
                message=_("La personne s'est retirée. Merci pour l'intérêt porté à sa démarche."),
                url=_url(engagement),
            )
    elif action == "decline":
        # HR may keep the reason for itself: the page, the timeline, the export never show it to the person,
        # who is still told, kindly, with a neutral sentence.
        engagement.decline_reason_private = not share_reason
        why = _("La mission ne pourra pas se faire cette fois-ci : %(reason)s") % {"reason": comment}
        if not share_reason:
            why = str(NEUTRAL_DECLINE)
        notify(
            user=engagement.agent.user,
            subject=_("« %(title)s » : votre candidature n'est pas retenue")
            % {"title": engagement.mission.title},
            message=_("Merci d'avoir répondu présent·e. %(why)s\nD'autres missions vous attendent peut-être.")
            % {"why": why},
            url=reverse("mission_list"),
        )
    elif action == "accept_proposal":
        # The mission's hosts now see who it is: a host shown this person's anonymous suggestion has seen the
        # profile's reasons with a name, which the agent finds in « Qui a consulté mon profil ».
        for hook in stages.PROPOSAL_ACCEPTED:
            hook(engagement)
        _confirm_offered_meeting(engagement, by=by)
    elif action == "end_early":
        engagement.end_reason = comment if comment in EndReason.values else EndReason.OTHER
        engagement.end_date = min(engagement.end_date, timezone.localdate())
    engagement.save()
    return engagement


@transaction.atomic
def engagement_schedule_meeting(
    *,
    engagement: Engagement,
    by,
    starts_at: datetime.datetime,
    minutes: int = 45,
    place: str = "",
    visio_url: str = "",
) -> Meeting:
    """Schedule (or reschedule) the rencontre and send the ICS invitation to the agent and the host.

    A rencontre in the past is refused, except when HR records the one of a regularised engagement (the
    mission began before the agreements): it is then written down, and no invitation leaves."""
    engagement = lock(engagement)
    kinds = policies.engagement_actor_kinds(by, engagement)
    if "broker" not in kinds:
        raise TransitionRefused(_("Seuls la RH et l'accueil organisent la rencontre."))
    recording = engagement.regularisation and policies.can_regularise_engagement(by, engagement)
    _check_slot(
        MeetingSlot(starts_at=starts_at, minutes=minutes, place=place, visio_url=visio_url),
        allow_past=recording,
    )
    sequence = 0
    if engagement.state == State.INTEREST:
        move(engagement, action="schedule_meeting", by=by, kinds=kinds)
        engagement.save()
    elif engagement.state != State.MEETING:
        raise TransitionRefused(_("Une rencontre ne s'organise plus à cette étape."))
    meeting = Meeting.objects.filter(engagement=engagement).first()
    if meeting:
        sequence = (
            1 + EngagementEvent.objects.filter(engagement=engagement, action="reschedule_meeting").count()
        )
        note(engagement, "reschedule_meeting", by=by)
    else:
        meeting = Meeting(engagement=engagement)
    meeting.starts_at, meeting.duration_minutes = starts_at, minutes
    meeting.place, meeting.visio_url, meeting.scheduled_by = place.strip(), visio_url.strip(), by
    meeting.save()
    if meeting.starts_at < timezone.now():  # a regularisation: the rencontre happened, nothing to invite to
        note(engagement, "record_meeting", by=by, comment=f"{timezone.localtime(starts_at):%d/%m/%Y %H:%M}")
        return meeting
    _send_invitation(engagement, meeting, by=by, sequence=sequence)
    return meeting


def _send_invitation(engagement: Engagement, meeting: Meeting, *, by, sequence: int = 0) -> None:
    """The rencontre reaches the agent's and the hosts' calendars (ICS attached to the notification)."""
    starts_at, minutes = meeting.starts_at, meeting.duration_minutes
    mission = engagement.mission
    attendees = [u for u in {engagement.agent.user, *_hosts(mission)} if u is not None]
    where = meeting.place or meeting.visio_url
    ics = meeting_invitation(
        uid=f"rencontre-{engagement.pk}@passerelles",
        starts_at=starts_at,
        minutes=minutes,
        summary=_("Rencontre Passerelles : %(title)s") % {"title": mission.title},
        description=_("Une rencontre pour faire connaissance avant tout engagement. %(summary)s")
        % {"summary": _summary(engagement)},
        location=where,
        organiser_email=by.email,
        attendees=[u.email for u in attendees],
        sequence=sequence,
    )
    when = timezone.localtime(starts_at).strftime("%d/%m/%Y à %H:%M")
    for user in attendees:
        notify(
            user=user,
            subject=_("Rencontre le %(when)s : « %(title)s »") % {"when": when, "title": mission.title},
            message=_(
                "Une rencontre est prévue le %(when)s (%(where)s), pour faire connaissance avant tout "
                "engagement. L'invitation est jointe pour votre agenda.\n\n%(summary)s"
            )
            % {"when": when, "where": where, "summary": _summary(engagement)},
            url=_url(engagement),
            attachments=[("rencontre.ics", ics, "text/calendar")],
        )


def _confirm_offered_meeting(engagement: Engagement, *, by) -> None:
    """The agent accepted a proposal that came with a rencontre slot: the invitation leaves now, or, if the
    slot has passed meanwhile, the brokers are asked for another one."""
    meeting = Meeting.objects.filter(engagement=engagement).first()
    if meeting is None:
        return
    if meeting.starts_at >= timezone.now():
        _send_invitation(engagement, meeting, by=meeting.scheduled_by or by)
        return
    for user in _brokers(engagement.mission):
        notify(
            user=user,
            subject=_("« %(title)s » : proposez un autre créneau de rencontre")
            % {"title": engagement.mission.title},
            message=_(
                "%(name)s accepte de vous rencontrer, mais le créneau proposé est passé. Choisissez-en un autre "
                "sur la page de l'engagement."
            )
            % {"name": engagement.agent.full_name},
            url=_url(engagement),
            action_needed=True,
        )


@transaction.atomic
def engagement_meeting_feedback(
    *, engagement: Engagement, by, continues: bool, notes: str = ""
) -> Engagement:
    """After the rencontre, the agent and the host each say whether they want to go on; both yes → agreements.

    Only after: before the rencontre's start nobody can know (the page shows no buttons). Stopping before it
    stays possible through « Me retirer » or « Ne pas retenir »."""
    engagement = lock(engagement)
    if engagement.state != State.MEETING or not hasattr(engagement, "meeting"):
        raise TransitionRefused(_("Il n'y a pas de rencontre en attente de réponse."))
    kinds = policies.engagement_actor_kinds(by, engagement)
    meeting = engagement.meeting
    if not meeting_has_started(meeting):
        raise TransitionRefused(
            _(
                "La rencontre n'a pas encore eu lieu (prévue le %(when)s) : chacun dit après la rencontre s'il "
                "souhaite continuer."
            )
            % {"when": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y à %H:%M")}
        )
    notes = notes.strip()[:4000]
    if "agent" in kinds:
        if not continues:
            move(engagement, action="withdraw", by=by, kinds=kinds, comment=notes)
            engagement.withdraw_reason = notes
            engagement.save()
            return engagement
        meeting.agent_continues = True
    elif "broker" in kinds:
        if not continues:
            move(engagement, action="decline", by=by, kinds=kinds, comment=notes)
            engagement.save()
            notify(
                user=engagement.agent.user,
                subject=_("« %(title)s » : la mission ne se fera pas") % {"title": engagement.mission.title},
                message=_("Merci pour cette rencontre. %(reason)s") % {"reason": notes},
                url=reverse("mission_list"),
            )
            return engagement
        meeting.host_continues = True
        if notes:
            meeting.notes = notes
    else:
        raise TransitionRefused(_("Cette étape ne vous revient pas."))
    meeting.save()
    if meeting.agent_continues and meeting.host_continues:
        move(engagement, action="start_agreements", by=by, kinds={"broker"})
        engagement.save()
    return engagement


def meeting_has_started(meeting: Meeting, *, now=None) -> bool:
    """« Je souhaite continuer » opens at the rencontre's start time."""
    return meeting.starts_at <= (now or timezone.now())


def required_parties(engagement, added: list[str] | None = None) -> list[str]:
    """The platform's usual parties, plus those the confirmed framework adds (e.g. the signatory of a
    convention). The agent's own agreement is their acceptance of the engagement and of the pact.
    ``added``: the later stages' parties when the caller already has them — no query then, with the agent,
    its manager and its organisation loaded (« À faire » reads many engagements at once)."""
    parties = default_parties(engagement)
    has_manager = bool(engagement.agent.manager_id and engagement.agent.manager.user_id)
    # the frameworks stage: the parties of the confirmed framework (``added`` when the caller knows them)
    extra = [p for hook in stages.PARTIES for p in hook(engagement)] if added is None else added
    for party in extra:
        if party in Party.values and party not in parties and (party != Party.MANAGER or has_manager):
            parties.append(party)
    return parties


def default_parties(engagement) -> list[str]:
    parties = [Party.HOST, Party.HR]
    if engagement.agent.manager_id and engagement.agent.manager.user_id:
        parties.insert(0, Party.MANAGER)
    if engagement.agent.organisation.requires_signatory:
        parties.append(Party.SIGNATORY)
    return parties


def _open_agreement_round(engagement) -> None:
    """A new round of agreements; the home manager is told now, and only now, with the purpose of the scheme."""
    engagement.agreement_round += 1
    for party in required_parties(engagement):
        Agreement.objects.create(engagement=engagement, round=engagement.agreement_round, party=party)
    summary = _summary(engagement)
    if engagement.agent.manager_id and engagement.agent.manager.user_id:
        notify(
            user=engagement.agent.manager.user,
            subject=_("Votre accord est demandé : %(name)s et la mission « %(title)s »")
            % {"name": engagement.agent.full_name, "title": engagement.mission.title},
            message=_(
                "%(name)s, de votre équipe, souhaite participer à une mission. Vous pouvez donner votre "
                "accord, proposer d'autres dates ou refuser en expliquant pourquoi.\n\n%(summary)s\n\n%(scheme)s"
            )
            % {"name": engagement.agent.full_name, "summary": summary, "scheme": SCHEME_STATEMENT},
            url=_url(engagement),
            action_needed=True,
        )
    for user in _hosts(engagement.mission):
        notify(
            user=user,
            subject=_("Accords : « %(title)s »") % {"title": engagement.mission.title},
            message=_("Les accords sont demandés pour %(name)s.\n\n%(summary)s")
            % {"name": engagement.agent.full_name, "summary": summary},
            url=_url(engagement),
            action_needed=True,
        )


def parties_of(user, engagement) -> set[str]:
    """The agreement parties this user may speak for."""
    actor = get_actor(user)
    parties = set()
    if actor.agent is not None and engagement.agent.manager_id == actor.agent.pk:
        parties.add(Party.MANAGER)
    if policies.is_mission_host(user, engagement.mission):
        parties.add(Party.HOST)
    if actor.has_role(Role.HR, engagement.mission.organisation_id) or actor.has_role(
        Role.HR, engagement.agent.organisation_id
    ):
        parties.add(Party.HR)
    if actor.has_role(Role.SIGNATORY, engagement.agent.organisation_id):
        parties.add(Party.SIGNATORY)
    return parties


@transaction.atomic
def engagement_decide(
    *,
    engagement: Engagement,
    by,
    party: str,
    decision: str,
    reason: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Engagement:
    """One party's answer at the agreements step. A manager may agree on other dates (the others are asked
    again). When every party agrees, the engagement is ready — if the caps and places allow it."""
    engagement = lock(engagement)
    extension = engagement.state == State.ACTIVE and engagement.extension_end_date is not None
    if engagement.state != State.AGREEMENTS and not extension:
        raise TransitionRefused(_("Les accords ne sont plus attendus pour cet engagement."))
    if party not in parties_of(by, engagement):
        raise TransitionRefused(_("Cet accord ne vous revient pas."))
    agreement = Agreement.objects.filter(
        engagement=engagement, round=engagement.agreement_round, party=party
    ).first()
    if agreement is None:
        raise TransitionRefused(_("Cet accord n'est pas demandé pour cet engagement."))
    if agreement.decision != Decision.PENDING:
        raise TransitionRefused(_("Vous avez déjà répondu."))
    reason = reason.strip()[:2000]
    kinds = {"manager"} if party == Party.MANAGER else {"broker"}
    if decision == Decision.DECLINED:
        if not reason:
            raise TransitionRefused(_("Indiquez la raison du refus."))
        agreement.decision, agreement.reason = Decision.DECLINED, reason
        agreement.decided_by, agreement.decided_at = by, timezone.now()
        agreement.save()
        if extension:  # the mission goes on until its current end date
            note(engagement, "extension_declined", by=by, comment=reason)
            engagement.extension_end_date = None
            Agreement.objects.filter(
                engagement=engagement, round=engagement.agreement_round, decision=Decision.PENDING
            ).update(decision=Decision.CANCELLED)
            engagement.save()
            return engagement
        move(engagement, action="decline", by=by, kinds=kinds, comment=reason)
        engagement.save()
        notify(
            user=engagement.agent.user,
            subject=_("« %(title)s » : un accord n'a pas été donné") % {"title": engagement.mission.title},
            message=_(
                "La mission ne pourra pas se faire à ces conditions : %(reason)s\nLa RH peut en parler avec vous."
            )
            % {"reason": reason},
            url=_url(engagement),
        )
        return engagement
    if decision != Decision.AGREED:
        raise TransitionRefused(_("Décision inconnue."))
    if party == Party.MANAGER and (start_date or end_date) and not extension:
        start, end = start_date or engagement.start_date, end_date or engagement.end_date
        if end < start:
            raise TransitionRefused(_("La date de fin doit suivre la date de début."))
        if start < engagement.mission.start_date or end > engagement.mission.end_date:
            raise TransitionRefused(_("Les dates proposées doivent rester dans celles de la mission."))
        if start != engagement.start_date and start < timezone.localdate() and not engagement.regularisation:
            raise TransitionRefused(
                _(
                    "La date de début proposée est passée : proposez une date à partir d'aujourd'hui (%(today)s)."
                )
                % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            )
        if (start, end) != (engagement.start_date, engagement.end_date):
            engagement.start_date, engagement.end_date = start, end
            note(engagement, "propose_dates", by=by, comment=f"{start:%d/%m/%Y} → {end:%d/%m/%Y}")
            Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).exclude(
                party=Party.MANAGER
            ).update(decision=Decision.PENDING, decided_by=None, decided_at=None)
            for user in _hosts(engagement.mission):
                notify(
                    user=user,
                    subject=_("Nouvelles dates proposées : « %(title)s »")
                    % {"title": engagement.mission.title},
                    message=_(
                        "L'encadrant·e propose du %(start)s au %(end)s. Votre accord est demandé à nouveau."
                    )
                    % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
                    url=_url(engagement),
                    action_needed=True,
                )
    if not extension and start_has_passed(engagement):
        raise TransitionRefused(past_start_message(engagement))
    agreement.decision, agreement.reason = Decision.AGREED, reason
    agreement.decided_by, agreement.decided_at = by, timezone.now()
    agreement.save()
    note(engagement, AGREE_KINDS[party], by=by, comment=reason)
    pending = Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).exclude(
        decision=Decision.AGREED
    )
    if not pending.exists() and extension:
        previous_end = engagement.end_date
        engagement.end_date, engagement.extension_end_date = engagement.extension_end_date, None
        check_capacity(engagement)
        note(
            engagement, "extended", by=by, comment=f"{previous_end:%d/%m/%Y} → {engagement.end_date:%d/%m/%Y}"
        )
        notify(
            user=engagement.agent.user,
            subject=_("« %(title)s » est prolongée jusqu'au %(end)s")
            % {"title": engagement.mission.title, "end": f"{engagement.end_date:%d/%m/%Y}"},
            message=_summary(engagement),
            url=_url(engagement),
        )
    elif not pending.exists():
        try_ready(engagement, by=by)
    engagement.save()
    return engagement


def start_has_passed(engagement: Engagement) -> bool:
    """Nobody agrees to a start already gone — unless HR regularised it (engagement_set_dates)."""
    return engagement.start_date < timezone.localdate() and not engagement.regularisation


def past_start_message(engagement: Engagement) -> str:
    return _(
        "La date de début (%(start)s) est passée : on ne donne pas son accord pour des dates déjà écoulées. "
        "La RH choisit de nouvelles dates (l'encadrant·e peut aussi en proposer avec son accord) ou, si la "
        "mission a réellement commencé, régularise ce démarrage."
    ) % {"start": f"{engagement.start_date:%d/%m/%Y}"}


def missing_for_ready(engagement: Engagement) -> list[str]:
    """What still stands between an engagement at the agreement step and `ready`, in words."""
    missing = []
    if start_has_passed(engagement):
        missing.append(_("des dates à venir (la date de début est passée) ou une régularisation par la RH"))
    if Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).exclude(
        decision=Decision.AGREED
    ):
        missing.append(_("tous les accords"))
    for condition in stages.READINESS:  # the framework chosen, then the documents accepted
        missing += condition(engagement)
    return missing


def try_ready(engagement: Engagement, *, by) -> bool:
    """`ready` once every party agreed and HR confirmed the framework — and if the caps and places allow it.
    Called by the locked use cases that complete one of those (the caller saves the engagement)."""
    if engagement.state != State.AGREEMENTS or engagement.extension_end_date or missing_for_ready(engagement):
        return False
    check_capacity(engagement)
    move(engagement, action="all_agreed", by=by, kinds={"broker"})
    for step in stages.ON_READY:  # the follow-up schedules the pact's points d'étape
        step(engagement)
    for user in {engagement.agent.user, *_hosts(engagement.mission)}:
        notify(
            user=user,
            subject=_("C'est prêt : « %(title)s » commence le %(start)s")
            % {"title": engagement.mission.title, "start": f"{engagement.start_date:%d/%m/%Y}"},
            message=_summary(engagement),
            url=_url(engagement),
        )
    # The last place taken closes the mission, and whoever still waits is told at once (issue 13).
    engagement.save()  # counted among the places taken
    close_if_filled(engagement.mission)
    return True


# Before `ready`, HR may set the engagement's dates (and regularise a start already made).
DATES_STATES = (State.INTEREST, State.MEETING, State.AGREEMENTS)


@transaction.atomic
def engagement_set_dates(
    *,
    engagement: Engagement,
    by,
    start_date: datetime.date,
    end_date: datetime.date,
    regularisation: bool = False,
    reason: str = "",
) -> Engagement:
    """HR sets the engagement's dates before it is ready: new dates to come when the start has passed during
    the agreements, or — with the « régularisation » flag and its reason — the real start of a mission that
    began before every agreement was given. The flag is shown on the page and written in the documents.

    At the agreements step, the agreements already given were given for other dates: they are asked again.
    """
    engagement = lock(engagement)
    if not policies.can_regularise_engagement(by, engagement):
        raise TransitionRefused(_("Seule la RH change les dates d'un engagement ou régularise un démarrage."))
    if engagement.state not in DATES_STATES:
        raise TransitionRefused(
            _(
                "Les dates ne se changent plus à cette étape : une prolongation passe par une nouvelle série "
                "d'accords."
            )
        )
    today, mission = timezone.localdate(), engagement.mission
    reason = " ".join(reason.split())[:500] if regularisation else ""  # one line: it is printed in documents
    if end_date < start_date:
        raise TransitionRefused(_("La date de fin doit suivre la date de début."))
    if start_date < mission.start_date or end_date > mission.end_date:
        raise TransitionRefused(
            _("Les dates doivent rester dans celles de la mission (du %(start)s au %(end)s).")
            % {"start": f"{mission.start_date:%d/%m/%Y}", "end": f"{mission.end_date:%d/%m/%Y}"}
        )
    if end_date < today:
        raise TransitionRefused(_("La date de fin est passée : indiquez une date à partir d'aujourd'hui."))
    if regularisation and start_date > today:
        raise TransitionRefused(
            _(
                "Une régularisation concerne un démarrage déjà fait : la date de début est aujourd'hui ou "
                "passée. Pour des dates à venir, décochez la régularisation."
            )
        )
    if regularisation and not reason:
        raise TransitionRefused(
            _(
                "Indiquez pourquoi la mission a commencé avant les accords : cette raison figure dans les documents."
            )
        )
    if start_date < today and not regularisation:
        raise TransitionRefused(
            _(
                "La date de début est passée : choisissez une date à partir d'aujourd'hui (%(today)s), ou cochez "
                "« Régularisation » si la mission a réellement commencé avant les accords, avec sa raison."
            )
            % {"today": f"{today:%d/%m/%Y}"}
        )
    before = (
        engagement.start_date,
        engagement.end_date,
        engagement.regularisation,
        engagement.regularisation_reason,
    )
    if before == (start_date, end_date, regularisation, reason):
        return engagement
    engagement.start_date, engagement.end_date = start_date, end_date
    engagement.regularisation, engagement.regularisation_reason = regularisation, reason
    comment = f"{start_date:%d/%m/%Y} → {end_date:%d/%m/%Y}"
    if regularisation:
        comment = _("%(dates)s · régularisation : %(reason)s") % {"dates": comment, "reason": reason}
    note(engagement, "regularise" if regularisation else "set_dates", by=by, comment=comment)
    asked_again = set()
    if engagement.state == State.AGREEMENTS:
        given = Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).exclude(
            decision=Decision.PENDING
        )
        for party in given.values_list("party", flat=True):
            asked_again |= party_users(engagement, party)
        given.update(decision=Decision.PENDING, decided_by=None, decided_at=None)
    engagement.save()
    told = {engagement.agent.user} if engagement.agent.user_id else set()
    for user in (told | asked_again) - {by}:
        notify(
            user=user,
            subject=(
                _("Régularisation : « %(title)s »")
                if regularisation
                else _("Nouvelles dates : « %(title)s »")
            )
            % {"title": mission.title},
            message=(
                _("La RH enregistre un démarrage antérieur à l'accord : %(reason)s\n\n%(summary)s")
                if regularisation
                else _("La RH a fixé de nouvelles dates.\n\n%(summary)s")
            )
            % {"reason": reason, "summary": _summary(engagement)}
            + ("\n\n" + _("Votre accord est demandé à nouveau.") if user in asked_again else ""),
            url=_url(engagement),
            action_needed=user in asked_again,
        )
    return engagement


@transaction.atomic
def engagement_request_extension(*, engagement: Engagement, by, end_date: datetime.date) -> Engagement:
    """A prolongation is never automatic: a new round of agreements on a new end date, the mission going on
    meanwhile until its current end date."""
    engagement = lock(engagement)
    if "broker" not in policies.engagement_actor_kinds(by, engagement):
        raise TransitionRefused(_("Seuls la RH et l'accueil demandent une prolongation."))
    if engagement.state != State.ACTIVE:
        raise TransitionRefused(_("Seule une mission en cours peut être prolongée."))
    if engagement.extension_end_date is not None:
        raise TransitionRefused(_("Une prolongation est déjà en cours d'accord."))
    if end_date <= engagement.end_date:
        raise TransitionRefused(
            _("La nouvelle date de fin doit suivre la date de fin actuelle (%(end)s).")
            % {"end": f"{engagement.end_date:%d/%m/%Y}"}
        )
    engagement.extension_end_date = end_date
    note(engagement, "request_extension", by=by, comment=f"→ {end_date:%d/%m/%Y}")
    _open_agreement_round(engagement)
    engagement.save()
    return engagement


def _reminder_due(engagement, since) -> bool:
    return not engagement.events.filter(action="reminder", at__gte=since).exists()


def send_reminders(*, now) -> int:
    """Recall what waits for someone for more than REMINDER_DAYS days, at most once per period."""
    since = now - datetime.timedelta(days=settings.REMINDER_DAYS)
    sent = 0
    waiting_meeting = Engagement.objects.filter(state=State.INTEREST, updated_at__lt=since).select_related(
        "agent", "mission", "mission__project_lead", "mission__created_by"
    )
    for engagement in waiting_meeting:
        if not _reminder_due(engagement, since):
            continue
        for user in _brokers(engagement.mission):
            notify(
                user=user,
                subject=_("Relance : %(name)s attend une rencontre pour « %(title)s »")
                % {"name": engagement.agent.full_name, "title": engagement.mission.title},
                message=_("Cette personne s'est manifestée il y a plus de %(days)s jours.")
                % {"days": settings.REMINDER_DAYS},
                url=_url(engagement),
                action_needed=True,
            )
        note(engagement, "reminder", at=now)
        sent += 1
    pending = (
        Agreement.objects.filter(decision=Decision.PENDING)
        .filter(
            models.Q(engagement__state=State.AGREEMENTS)
            | models.Q(engagement__state=State.ACTIVE, engagement__extension_end_date__isnull=False)
        )
        .select_related(
            "engagement", "engagement__agent", "engagement__agent__manager", "engagement__mission"
        )
    )
    reminded = set()
    for agreement in pending:
        engagement = agreement.engagement
        if agreement.round != engagement.agreement_round or engagement.updated_at >= since:
            continue
        if engagement.pk not in reminded and not _reminder_due(engagement, since):
            continue
        for user in party_users(engagement, agreement.party):
            notify(
                user=user,
                subject=_("Relance : votre accord est attendu pour « %(title)s »")
                % {"title": engagement.mission.title},
                message=_summary(engagement),
                url=_url(engagement),
                action_needed=True,
            )
        if engagement.pk not in reminded:
            note(engagement, "reminder", at=now)
            reminded.add(engagement.pk)
            sent += 1
    return sent


def party_users(engagement, party) -> set:
    """Who may speak for a party of this engagement (whom to notify)."""
    if party == "agent":
        return {engagement.agent.user} if engagement.agent.user_id else set()
    if party == Party.MANAGER:
        manager = engagement.agent.manager
        return {manager.user} if manager and manager.user_id else set()
    if party == Party.HOST:
        return _hosts(engagement.mission)
    role = Role.HR if party == Party.HR else Role.SIGNATORY
    org = engagement.mission.organisation_id if party == Party.HR else engagement.agent.organisation_id
    return set(RoleMembership.objects.users_with(role, [org]))


def run_daily(*, today: datetime.date) -> dict[str, int]:
    """Date-driven moves: start ready engagements on their start date, end active ones after their end date.
    Running it twice the same day changes nothing more."""
    counts = {"activated": 0, "ended": 0}
    for engagement in Engagement.objects.filter(state=State.READY, start_date__lte=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = lock(Engagement(pk=engagement))
            if locked.state == State.READY and locked.start_date <= today:
                move(locked, action="activate", by=None, kinds={"system"})
                locked.save()
                for step in stages.ON_ACTIVATE:  # the follow-up's check-ins (kept if already there)
                    step(locked)
                counts["activated"] += 1
    for engagement in Engagement.objects.filter(state=State.ACTIVE, end_date__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = lock(Engagement(pk=engagement))
            if locked.state == State.ACTIVE and locked.end_date < today:
                move(locked, action="end", by=None, kinds={"system"})
                locked.end_reason = locked.end_reason or EndReason.ACCOMPLISHED
                locked.save()
                counts["ended"] += 1
                notify(
                    user=locked.agent.user,
                    subject=_("« %(title)s » est terminée : bon retour !") % {"title": locked.mission.title},
                    message=_(
                        "Merci pour votre coup de main. Le retour dans votre équipe se prépare avec votre encadrant·e."
                    ),
                    url=_url(locked),
                )
    return counts
