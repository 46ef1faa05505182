"""What HR and hosts do with suggestions: keep someone in mind, or — for a host — ask HR to make the contact.

A host sees an anonymous list (agents opened their profile to HR, not to hosts). Each line carries a signed
token naming the person for the server only; asking HR puts the person on the mission's shortlist and tells
the mission's HR, who alone decides whether and how to propose the mission.
"""

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.models import Role, RoleMembership
from passerelles.engagements.lifecycle import TransitionRefused
from passerelles.matching.models import Shortlist
from passerelles.notifications.services import notify
from passerelles.people.models import Agent, Visibility

SALT = "passerelles.host-suggestion"


def host_token(mission, agent_id: int) -> str:
    return signing.dumps({"m": mission.pk, "a": agent_id}, salt=SALT, compress=True)


def _agent_from_token(mission, token: str) -> Agent:
    try:
        data = signing.loads(token, salt=SALT, max_age=7 * 24 * 3600)
    except signing.BadSignature as error:
        raise TransitionRefused(
            _("Ce lien de suggestion n'est plus valable : rechargez la liste des suggestions.")
        ) from error
    if data.get("m") != mission.pk:
        raise TransitionRefused(_("Cette suggestion concerne une autre mission."))
    # Still someone the mission's HR may see (the person may have closed their profile since).
    agent = Agent.objects.filter(
        pk=data.get("a"),
        is_active=True,
        organisation_id=mission.organisation_id,
        profile__visibility__in=[Visibility.HR, Visibility.NETWORK],
    ).first()
    if agent is None:
        raise TransitionRefused(_("Ce profil n'est plus proposé : la personne a pu fermer son profil."))
    return agent


@transaction.atomic
def host_asks_hr(*, mission, token: str, by) -> bool:
    """The host asks HR to propose the mission to an anonymous suggested profile. Returns False when the
    request had already been made (nothing is sent twice)."""
    if not policies.can_see_host_suggestions(by, mission):
        raise TransitionRefused(_("Seul l'accueil de cette mission publiée peut faire cette demande."))
    agent = _agent_from_token(mission, token)
    _entry, created = Shortlist.objects.get_or_create(mission=mission, agent=agent, defaults={"by": by})
    if not created:
        return False
    for user in RoleMembership.objects.users_with(Role.HR, [mission.organisation_id]):
        notify(
            user=user,
            subject=_("« %(title)s » : l'accueil vous demande de faire le lien") % {"title": mission.title},
            message=_(
                "%(who)s a repéré un profil parmi les suggestions de sa mission et vous demande de proposer la "
                "mission à cette personne, si cela vous semble juste. Elle figure dans la présélection de la "
                "mission ; elle reste libre d'accepter ou de décliner."
            )
            % {"who": by},
            url=reverse("mission_suggestions", kwargs={"mission_id": mission.pk}),
            action_needed=True,
        )
    return True
