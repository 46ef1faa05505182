"""The steps of an engagement: locking it, noting a step, the single writer of its state (``move``) and
the timeline as each reader may read it.

What entering a state requires is done in ``move``, once: opening the agreement round therefore lives here,
next to it, and not with the answers to that round (``agreements``).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.access import policies
from passerelles.engagements import webhook_events
from passerelles.engagements.lifecycle import EventKind, State, TransitionRefused, transition_for
from passerelles.engagements.models import Agreement, Decision, Engagement, EngagementEvent, Party
from passerelles.engagements.services.invitations import cancel_invitation
from passerelles.engagements.services.parties import _hosts, required_parties
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

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


def record_event(
    engagement: Engagement, *, action: str, by, from_state: str, to_state: str, comment: str = "", at=None
) -> EngagementEvent:
    """The single writer of the timeline: every step, and for a step that changes the state (a new
    engagement included: from no state) the organisations' webhooks, in the same transaction."""
    event = EngagementEvent.objects.create(
        engagement=engagement,
        by=by,
        action=EventKind(action),  # an unknown kind is a programming error, not a new bare string
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        at=at or timezone.now(),
    )
    if from_state != to_state:
        webhook_events.transitioned(engagement, event)
    return event


def note(engagement: Engagement, action: str, *, by=None, comment: str = "", at=None) -> EngagementEvent:
    """A step of the timeline that does not change the state (a reminder, an agreement given, new dates…)."""
    return record_event(
        engagement,
        action=action,
        by=by,
        from_state=engagement.state,
        to_state=engagement.state,
        comment=comment,
        at=at,
    )


def move(engagement: Engagement, *, action: str, by, kinds: set[str], comment: str = "") -> Engagement:
    """The single writer of an engagement's state: the table says whether the move exists and whose it is;
    what every move to a given state needs (a decline's reason, an extension lapsing) is done here, once."""
    transition = transition_for(engagement.state, action, kinds)
    comment = comment.strip()
    if transition.target == State.DECLINED and not comment:
        raise TransitionRefused(_("Indiquez la raison : la personne sera prévenue avec bienveillance."))
    record_event(
        engagement,
        action=action,
        by=by,
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
    if transition.target in (State.WITHDRAWN, State.DECLINED):  # the rencontre leaves the calendars
        cancel_invitation(engagement, by=by)
    return engagement


def _lapse_extension(engagement: Engagement) -> None:
    """An extension still being agreed when the mission ends (on its date, early, or by withdrawal) has no
    object any more: its pending agreements are closed « sans objet » so nobody is reminded of them."""
    engagement.extension_end_date = None
    Agreement.objects.filter(
        engagement=engagement, round=engagement.agreement_round, decision=Decision.PENDING
    ).update(decision=Decision.CANCELLED)
    note(engagement, EventKind.EXTENSION_LAPSED)


def _open_agreement_round(engagement) -> None:
    """A new round of agreements; the home manager is told now, and only now, with the purpose of the scheme."""
    engagement.agreement_round += 1
    required = required_parties(engagement)
    for party in required:
        Agreement.objects.create(engagement=engagement, round=engagement.agreement_round, party=party)
    if (
        Party.AGENT in required and engagement.agent.user_id
    ):  # a prolongation: the agent agrees to each renewal
        with in_language_of(engagement.agent.user):
            notify(
                user=engagement.agent.user,
                subject=_("Prolonger « %(title)s » ? Votre accord est demandé")
                % {"title": engagement.mission.title},
                message=_(
                    "Une prolongation jusqu'au %(end)s est proposée. Vous êtes libre de l'accepter ou de la refuser : "
                    "la mission continue en attendant jusqu'à sa date de fin actuelle.\n\n%(summary)s"
                )
                % {"end": f"{engagement.extension_end_date:%d/%m/%Y}", "summary": _summary(engagement)},
                url=_url(engagement),
                action_needed=True,
                kind=NotificationKind.AGREEMENT,
            )
    if engagement.agent.manager_id and engagement.agent.manager.user_id:
        with in_language_of(engagement.agent.manager.user):
            notify(
                user=engagement.agent.manager.user,
                subject=_("Votre accord est demandé : %(name)s et la mission « %(title)s »")
                % {"name": engagement.agent.full_name, "title": engagement.mission.title},
                message=_(
                    "%(name)s, de votre équipe, souhaite participer à une mission. Vous pouvez donner votre "
                    "accord, proposer d'autres dates ou refuser en expliquant pourquoi.\n\n%(summary)s\n\n%(scheme)s"
                )
                % {
                    "name": engagement.agent.full_name,
                    "summary": _summary(engagement),
                    "scheme": SCHEME_STATEMENT,
                },
                url=_url(engagement),
                action_needed=True,
                kind=NotificationKind.AGREEMENT,
            )
    for user in _hosts(engagement.mission):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Accords : « %(title)s »") % {"title": engagement.mission.title},
                message=_("Les accords sont demandés pour %(name)s.\n\n%(summary)s")
                % {"name": engagement.agent.full_name, "summary": _summary(engagement)},
                url=_url(engagement),
                action_needed=True,
                kind=NotificationKind.AGREEMENT,
            )
