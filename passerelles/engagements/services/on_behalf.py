"""« Ça m'intéresse », said in person or by phone and recorded on the agent's behalf (issue 15).

Many agents have no desk and read no e-mail: they tell HR, or the colleague they chose as their « personne
relais », that a mission tempts them. That person records it, saying how the agent gave their consent; the
normal interest flow then runs with the same rules (a published mission the agent may see and take, a
mission still open, one open engagement per agent and mission). The agent is told through their own channel,
with the consent statement, and withdraws in one step from the engagement page; the manager still learns
nothing before the agreements step. Nobody else may act for an agent (``policies.can_record_interest_for``;
``policies.can_record_interest_for_someone`` says whether to offer the page at all).
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.engagements.lifecycle import ConsentChannel, EventKind, State, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.engagements.services.interest import (
    _new_engagement,
    _refuse_if_closed,
    tell_brokers_of_interest,
)
from passerelles.engagements.services.programme_consent import consent_fields
from passerelles.engagements.services.steps import _summary
from passerelles.missions.models import Mission
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.people.contacts import agents_who_chose
from passerelles.people.models import Agent

# Where the one-step withdrawal waits on the engagement page.
WITHDRAW_ANCHOR = "retirer-mon-interet"


def consent_statement(engagement: Engagement) -> str:
    """« Accord donné : par téléphone (le 3 mars, à l'accueil) » — what the agent, HR and the host read."""
    statement = _("Accord donné : %(channel)s") % {"channel": engagement.get_consent_channel_display()}
    if engagement.consent_note:
        statement += f" ({engagement.consent_note})"
    return statement


def agents_one_may_act_for(user):
    """The agents ``user`` may record an interest for: HR, the active agents with an account of the
    organisations they coordinate; a personne relais, the people who chose them. Nobody else."""
    actor = get_actor(user)
    hr = actor.org_ids(Role.HR)
    chose = agents_who_chose(actor.agent).values("pk")
    found = Agent.objects.filter(pk__in=chose)
    if hr:
        found = found | Agent.objects.filter(organisation_id__in=hr, is_active=True, user__isnull=False)
    if actor.agent is not None:
        found = found.exclude(pk=actor.agent.pk)
    return found.distinct()


@transaction.atomic
def engagement_record_interest_for(
    *,
    mission: Mission,
    agent: Agent,
    by,
    channel: str,
    note: str = "",
    message: str = "",
    programme_consent: bool = False,
) -> Engagement:
    """Record « ça m'intéresse » for ``agent``, who gave their consent ``channel`` (and ``note``); in a
    programme run as a test, they were also told so and agreed to take part (``programme_consent``)."""
    if not policies.can_record_interest_for(by, agent):
        raise TransitionRefused(_("Vous ne pouvez pas agir pour cette personne."))
    if channel not in ConsentChannel.values:
        raise TransitionRefused(_("Dites comment la personne a donné son accord."))
    note = " ".join(note.split())[:300]
    if channel == ConsentChannel.OTHER and not note:
        raise TransitionRefused(_("Précisez en quelques mots comment la personne a donné son accord."))
    if agent.user_id is None or not agent.is_active or not agent.user.is_active:
        raise TransitionRefused(
            _(
                "Cette personne n'a pas encore de compte actif : elle ne pourrait ni être prévenue ni retirer "
                "son intérêt. Remettez-lui d'abord sa lettre d'accès."
            )
        )
    _refuse_if_closed(mission)  # also locks the mission: two recordings for the same person cannot cross
    if not policies.can_express_interest(agent.user, mission):
        raise TransitionRefused(
            _("Cette mission n'est pas ouverte à cette personne : elle ne peut pas s'y proposer.")
        )
    existing = Engagement.objects.open().filter(agent=agent, mission=mission).first()
    if existing:
        raise TransitionRefused(
            _("Cette personne est déjà en lien avec cette mission (étape « %(state)s »).")
            % {"state": existing.get_state_display()}
        )
    consent = consent_fields(mission, programme_consent, on_behalf=True)
    now = timezone.now()
    engagement = Engagement(consent_channel=channel, consent_note=note)
    statement = consent_statement(engagement)
    engagement = _new_engagement(
        agent=agent,
        mission=mission,
        state=State.INTEREST,
        message=message,
        by=by,
        action=EventKind.RECORD_INTEREST_FOR,
        comment=statement,
        recorded_by=by,
        recorded_at=now,
        consent_channel=channel,
        consent_note=note,
        **consent,
    )
    tell_brokers_of_interest(
        engagement,
        extra="\n\n"
        + _("Intérêt enregistré pour la personne par %(who)s. %(statement)s.")
        % {"who": by, "statement": statement},
    )
    url = reverse("engagement_detail", kwargs={"engagement_id": engagement.pk})
    with in_language_of(agent.user):
        notify(
            user=agent.user,
            kind=NotificationKind.ENGAGEMENT,
            subject=_("Votre intérêt pour « %(title)s » est enregistré") % {"title": mission.title},
            message=_(
                "%(who)s a dit pour vous « ça m'intéresse » pour cette mission, le %(date)s. %(statement)s.\n\n"
                "Ce n'est pas ce que vous vouliez ? Retirez votre intérêt en un clic : ouvrez le lien ci-dessous, "
                "puis « Retirer mon intérêt ». Cela ne coûte rien et personne ne vous le reprochera. Votre "
                "encadrant·e n'en sait rien avant l'étape des accords.\n\n%(summary)s"
            )
            % {
                "who": by,
                "date": timezone.localtime(now).strftime("%d/%m/%Y"),
                "statement": statement,
                "summary": _summary(engagement),
            },
            url=f"{url}#{WITHDRAW_ANCHOR}",
        )
    return engagement
