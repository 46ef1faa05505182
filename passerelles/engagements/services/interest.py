"""How an engagement begins: the agent's « Je suis intéressé·e », or HR's gré à gré proposal (possibly with
a rencontre slot). A closed mission takes nobody more.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role, RoleMembership
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement, Meeting
from passerelles.engagements.services.meetings import MeetingSlot, _check_slot
from passerelles.engagements.services.parties import _hosts
from passerelles.engagements.services.programme_consent import consent_fields
from passerelles.engagements.services.steps import _summary, _url, record_event
from passerelles.missions.models import Mission, MissionStatus
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.people.models import Agent


def _first_start(mission) -> datetime.date:
    """An engagement starts on the mission's start date — or today, for a mission already under way: nobody
    joins a mission in the past (HR may regularise a start already made: engagement_set_dates)."""
    return min(max(mission.start_date, timezone.localdate()), mission.end_date)


def _new_engagement(*, agent, mission, state, message, by, action, comment=None, **fields) -> Engagement:
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
                **fields,
            )
            record_event(
                engagement,
                by=by,
                action=action,
                from_state="",
                to_state=state,
                comment=(message.strip() if comment is None else comment)[:2000],
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
def engagement_express_interest(
    *, mission: Mission, by, message: str = "", programme_consent: bool = False
) -> Engagement:
    """« Je suis intéressé·e » : the agent's own step; a second click returns the same engagement. In a
    programme run as a test, the agent ticks that they agree to take part in it (``programme_consent``)."""
    agent = get_actor(by).agent
    _refuse_if_closed(mission)
    if not policies.can_express_interest(by, mission):
        raise TransitionRefused(_("Vous ne pouvez pas vous proposer pour cette mission."))
    existing = Engagement.objects.open().filter(agent=agent, mission=mission).first()
    if existing:
        return existing
    consent = consent_fields(mission, programme_consent)
    engagement = _new_engagement(
        agent=agent,
        mission=mission,
        state=State.INTEREST,
        message=message,
        by=by,
        action="express_interest",
        **consent,
    )
    tell_brokers_of_interest(engagement)
    return engagement


def tell_brokers_of_interest(engagement: Engagement, extra: str = "") -> None:
    """The mission's host and HR hear of a new interest (never the agent's manager: DESIGN §1.3)."""
    mission, agent = engagement.mission, engagement.agent
    for user in _hosts(mission) | set(RoleMembership.objects.users_with(Role.HR, [mission.organisation_id])):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("%(name)s est intéressé·e par « %(title)s »")
                % {"name": agent.full_name, "title": mission.title},
                message=_(
                    "%(name)s (%(job)s) aimerait en savoir plus sur la mission. Proposez une rencontre."
                )
                % {"name": agent.full_name, "job": agent.job_title or agent.organisation.name}
                + extra,
                url=_url(engagement),
                action_needed=True,
                kind=NotificationKind.ENGAGEMENT,
            )


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
    return _send_proposal(mission=mission, agent=agent, by=by, message=message, meeting=meeting)


def _send_proposal(*, mission, agent, by, message, meeting=None) -> Engagement:
    """The proposal itself, whoever sends it: only the agent hears of it (never their manager, DESIGN §1.3)."""
    engagement = _new_engagement(
        agent=agent, mission=mission, state=State.PROPOSAL, message=message, by=by, action="propose"
    )
    with in_language_of(agent.user):
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
            kind=NotificationKind.ENGAGEMENT,
        )
    return engagement


def _known_agent(address: str):
    """The agents whose professional e-mail or login name is exactly ``address`` (case aside): the host already
    knows the person; nothing here searches, completes or lists."""
    address = address.strip()
    if not address or len(address) > 254:
        return Agent.objects.none()
    return (
        Agent.objects.filter(is_active=True, user__is_active=True)
        .filter(Q(email__iexact=address) | Q(user__login_name__iexact=address))
        .select_related("user", "organisation")
        .order_by("pk")
    )


@transaction.atomic
def engagement_propose_as_host(*, mission: Mission, address: str, by, message: str = "") -> Engagement | None:
    """A host direction proposes its mission to an agent it already knows, by their exact address (issue 19).

    Returns the proposal, or None when nobody fit — no such address, a person who may not see the mission, who
    leads it, or who is already in touch with it. The caller answers the same sentence either way, so that the
    form reveals nobody; a proposal that went out then shows in the host's own list. The agent's consent comes
    first (accept_proposal → rencontre); their manager hears only at the agreements step."""
    _refuse_if_closed(mission)
    if not policies.can_propose_as_host(by, mission):
        raise TransitionRefused(_("Vous ne pouvez pas proposer cette mission."))
    for agent in _known_agent(address):
        if agent.user_id == getattr(by, "pk", None) or not policies.can_receive_host_proposal(mission, agent):
            continue
        if Engagement.objects.open().filter(agent=agent, mission=mission).exists():
            return None
        return _send_proposal(mission=mission, agent=agent, by=by, message=message)
    return None
