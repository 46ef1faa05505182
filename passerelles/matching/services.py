"""What HR and hosts do with suggestions: keep someone in mind, or — for a host — ask HR to make the contact.

A host sees an anonymous list (agents opened their profile to HR, not to hosts). Each line carries an opaque
random reference (``HostSuggestionRef``): the server alone knows whom it stands for, for that mission and that
host, for seven days. Asking HR puts the person on the mission's shortlist and tells the mission's HR, who
alone decides whether and how to propose the mission. When HR does propose it, the host learns the name: that
reveal is logged as a view of the person's profile, which the agent sees (``log_reveal_to_hosts``). The host
learns the name only once the person accepts to meet: a proposal, and its refusal, stay between the agent and
HR.
"""

import datetime
import re
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.models import Role, RoleMembership
from passerelles.engagements.lifecycle import TransitionRefused
from passerelles.matching.models import HostSuggestionRef, Shortlist
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.people.models import Agent, ProfileView, Visibility

REF_LIFETIME = datetime.timedelta(days=7)
# Renewed on the page when less than this is left, so that a reference shown is good for at least a day.
REF_RENEW_BEFORE = datetime.timedelta(days=1)
_REF_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")


def host_refs(*, mission, host, agent_ids: list[int], now=None) -> dict[int, str]:
    """One opaque reference per suggested agent, for this mission and this host (reused while valid)."""
    now = now or timezone.now()
    HostSuggestionRef.objects.filter(mission=mission, created_for=host, expires_at__lte=now).delete()
    refs = {
        ref.agent_id: ref.token
        for ref in HostSuggestionRef.objects.filter(
            mission=mission,
            created_for=host,
            agent_id__in=agent_ids,
            expires_at__gt=now + REF_RENEW_BEFORE,
        ).order_by("expires_at")
    }
    missing = [
        HostSuggestionRef(
            token=secrets.token_urlsafe(32),  # 256 random bits
            mission=mission,
            agent_id=agent_id,
            created_for=host,
            expires_at=now + REF_LIFETIME,
        )
        for agent_id in agent_ids
        if agent_id not in refs
    ]
    HostSuggestionRef.objects.bulk_create(missing)
    refs.update({ref.agent_id: ref.token for ref in missing})
    return refs


def _agent_from_ref(mission, token: str, by) -> Agent:
    invalid = _("Ce lien de suggestion n'est plus valable : rechargez la liste des suggestions.")
    if not isinstance(token, str) or not _REF_SHAPE.fullmatch(token):
        raise TransitionRefused(invalid)
    ref = HostSuggestionRef.objects.filter(token=token, expires_at__gt=timezone.now()).first()
    if ref is None:
        raise TransitionRefused(invalid)
    if ref.mission_id != mission.pk:
        raise TransitionRefused(_("Cette suggestion concerne une autre mission."))
    if ref.created_for_id != by.pk:
        raise TransitionRefused(invalid)  # shown to someone else: says nothing more than an unknown one
    # Still someone the mission's HR may see (the person may have closed their profile since).
    agent = Agent.objects.filter(
        pk=ref.agent_id,
        is_active=True,
        organisation_id=mission.organisation_id,
        profile__visibility__in=[Visibility.HR, Visibility.NETWORK],
    ).first()
    if agent is None:
        raise TransitionRefused(_("Ce profil n'est plus proposé : la personne a pu fermer son profil."))
    return agent


def reveal_on_acceptance(engagement) -> None:
    """Registered with the engagement lifecycle (apps.py): the agent accepted a proposal."""
    log_reveal_to_hosts(mission=engagement.mission, agent=engagement.agent)


def log_reveal_to_hosts(*, mission, agent) -> int:
    """The agent accepted HR's proposal: the mission's hosts now see the person's name. Each host
    who had been shown this person's anonymous suggestion has in effect seen the profile's reasons with a
    name: log it as a profile view, which the agent finds under « Qui a consulté mon profil »."""
    hosts = (
        HostSuggestionRef.objects.filter(mission=mission, agent=agent)
        .values_list("created_for", flat=True)
        .distinct()
    )
    logged = 0
    for host_id in hosts:
        viewer_agent = Agent.objects.filter(user_id=host_id).only("organisation_id").first()
        ProfileView.objects.create(
            agent=agent,
            viewer_id=host_id,
            viewer_organisation_id=viewer_agent.organisation_id if viewer_agent else None,
        )
        logged += 1
    return logged


@transaction.atomic
def host_asks_hr(*, mission, token: str, by) -> bool:
    """The host asks HR to propose the mission to an anonymous suggested profile. Returns False when the
    request had already been made (nothing is sent twice)."""
    if not policies.can_see_host_suggestions(by, mission):
        raise TransitionRefused(_("Seul l'accueil de cette mission publiée peut faire cette demande."))
    agent = _agent_from_ref(mission, token, by)
    _entry, created = Shortlist.objects.get_or_create(mission=mission, agent=agent, defaults={"by": by})
    if not created:
        return False
    for user in RoleMembership.objects.users_with(Role.HR, [mission.organisation_id]):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("« %(title)s » : l'accueil vous demande de faire le lien")
                % {"title": mission.title},
                message=_(
                    "%(who)s a repéré un profil parmi les suggestions de sa mission et vous demande de proposer la "
                    "mission à cette personne, si cela vous semble juste. Elle figure dans la présélection de la "
                    "mission ; elle reste libre d'accepter ou de décliner."
                )
                % {"who": by},
                url=reverse("mission_suggestions", kwargs={"mission_id": mission.pk}),
                action_needed=True,
                kind=NotificationKind.REVIEW,
            )
    return True
