"""The cast of the reimbursement tests: the home organisation's agent (Ville d'Alpha, the origin) lent to
another organisation (the Département Bêta, the host), with the host's HR, signatory and project lead."""

import datetime
from dataclasses import dataclass

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Agreement, Party
from passerelles.missions.models import MissionStatus
from passerelles.organisations.models import NetworkMembership, OrganisationKind, OrgUnit, UnitKind
from tests.cast import grant, make_agent, make_engagement, make_mission, make_organisation


@dataclass
class Lending:
    engagement: object
    host: object
    origin_hr: object
    origin_signatory: object
    host_hr: object
    host_signatory: object
    host_lead: object


def lend(
    cast, *, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), percent=20, state=State.ACTIVE
):
    host = make_organisation("Département Bêta", "departement-beta", OrganisationKind.DEPARTEMENT)
    NetworkMembership.objects.create(network=cast.network, organisation=host)
    unit = OrgUnit.objects.create(organisation=host, name="Direction des mobilités", kind=UnitKind.DIRECTION)
    lead = make_agent(host, "Lina", "Porteuse", unit=unit)
    host_hr = make_agent(host, "Hector", "Rhbeta")
    grant(host_hr, host, Role.HR)
    host_signatory = make_agent(host, "Sacha", "Dgsbeta")
    grant(host_signatory, host, Role.SIGNATORY)
    mission = make_mission(host, unit, lead, status=MissionStatus.PUBLISHED, title="Schéma des mobilités")
    engagement = make_engagement(cast.agents["agent"], mission, state, agreement_round=1)
    engagement.start_date, engagement.end_date, engagement.percent = start, end, percent
    engagement.save(update_fields=["start_date", "end_date", "percent"])
    # the host's authority was asked to sign the convention (a MAD: CGFP L512-7)
    Agreement.objects.create(engagement=engagement, round=1, party=Party.HOST_SIGNATORY)
    return Lending(
        engagement=engagement,
        host=host,
        origin_hr=cast.users[Role.HR],
        origin_signatory=cast.users[Role.SIGNATORY],
        host_hr=host_hr.user,
        host_signatory=host_signatory.user,
        host_lead=lead.user,
    )
