"""The demo network's acts between two employers, as a person would have made them:

- a mise à disposition from the Département to the Ville de Belvau at the agreements step: the Département's
  HR confirmed it and recorded the information of its assemblée délibérante; the manager, the host, both
  HRs and the Département's DGS agreed; it waits for the Ville's authority (« signataire-ville »);
- the engagements already past the agreements under a MAD or a mécénat had their assembly informed before
  they started;
- a partner association of the Ville, created by the Ville's administrator, with its contact person's host
  account (invited: host and signatory of the association).

Everything goes through the real use cases, except the past dates of the engagements already under way.
"""

import datetime

from django.utils import timezone

from passerelles.access.models import Role, RoleMembership
from passerelles.accounts.models import User
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement, EngagementEvent, Party
from passerelles.engagements.services import (
    engagement_decide,
    engagement_record_assembly,
    engagement_transition,
    party_users,
)
from passerelles.frameworks.assembly import codes_requiring_assembly
from passerelles.frameworks.services import confirm_framework, situation_for
from passerelles.invitations.associations import create_partner_association
from passerelles.missions.models import Mission, MissionStatus
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent, EmploymentStatus

DOMAIN = "demo.passerelles.test"
MAD_MESSAGE = "Les ateliers de la Ville me tentent depuis longtemps : deux jours par mois, c'est possible."
ASSEMBLY_REFERENCE = "Commission permanente du Département"


def _user(slug: str) -> User:
    return User.objects.get(email=f"{slug}@{DOMAIN}")


def _mad_waiting_for_the_host_authority(today: datetime.date) -> Engagement | None:
    departement = Organisation.objects.get(slug="departement-haute-lisiere")
    mission = (
        Mission.objects.filter(
            organisation__slug="ville-de-belvau",
            status=MissionStatus.PUBLISHED,
            start_date__gt=today + datetime.timedelta(days=7),
            created_by__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    agent = (
        Agent.objects.filter(
            organisation=departement,
            status=EmploymentStatus.TITULAIRE,
            user__isnull=False,
            manager__user__isnull=False,
            reports__isnull=True,
            engagements__isnull=True,
            is_active=True,
        )
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("pk")
        .first()
    )
    if mission is None or agent is None:
        return None
    engagement = Engagement.objects.create(
        agent=agent,
        mission=mission,
        state=State.MEETING,
        message=MAD_MESSAGE,
        start_date=mission.start_date,
        end_date=mission.end_date,
        percent=mission.effective_percent,
    )
    EngagementEvent.objects.create(
        engagement=engagement,
        by=agent.user,
        action="express_interest",
        to_state=State.INTEREST,
        comment=MAD_MESSAGE,
    )
    EngagementEvent.objects.create(
        engagement=engagement, by=None, action="demo", from_state=State.INTEREST, to_state=State.MEETING
    )
    hr, host_hr = _user("rh"), _user("rh-ville")
    engagement_transition(engagement=engagement, action="start_agreements", by=host_hr)
    confirm_framework(
        engagement=engagement, by=hr, code="mise_a_disposition", situation=situation_for(engagement)
    )
    engagement.refresh_from_db()
    engagement_record_assembly(
        engagement=engagement,
        by=hr,
        informed_on=today - datetime.timedelta(days=3),
        reference=ASSEMBLY_REFERENCE,
    )
    for party in (Party.MANAGER, Party.HOST, Party.HR, Party.HOST_HR, Party.SIGNATORY):
        speakers = sorted(party_users(engagement, party), key=lambda user: user.pk)
        if speakers and engagement.agreements.filter(round=engagement.agreement_round, party=party).exists():
            engagement_decide(engagement=engagement, by=speakers[0], party=party, decision="agreed")
    return engagement


def _assembly_informed_before_the_start(today: datetime.date) -> None:
    """The MADs and mécénats already past the agreements were told to their assembly before they started (and
    before today: a date to come is never recorded)."""
    past = Engagement.objects.filter(
        state__in=[State.READY, State.ACTIVE, State.ENDED, State.EVALUATED],
        framework__code__in=codes_requiring_assembly(),
        assembly_informed_on__isnull=True,
    )
    for engagement in past:
        engagement.assembly_informed_on = min(
            engagement.start_date - datetime.timedelta(days=21), today - datetime.timedelta(days=7)
        )
        engagement.assembly_reference = "Séance de l'assemblée délibérante"
        engagement.save(update_fields=["assembly_informed_on", "assembly_reference"])


def _partner_association() -> Organisation:
    ville = Organisation.objects.get(slug="ville-de-belvau")
    return create_partner_association(
        ville,
        by=_user("admin-ville"),
        name="Association des Jardins partagés de Belvau",
        kind="association",
        article="l'",
        contact_email=f"jardins-partages@{DOMAIN}",
        contact_first_name="Mireille",
        contact_last_name="Potager",
    )


def create_demo_parties(*, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    _assembly_informed_before_the_start(today)
    _mad_waiting_for_the_host_authority(today)
    _partner_association()


def association_contact() -> User | None:
    """The demo partner association's contact person (for the docs and the tests)."""
    membership = RoleMembership.objects.filter(
        organisation__slug__startswith="association-des-jardins-partages", role=Role.SIGNATORY
    ).first()
    return membership.user if membership else None
