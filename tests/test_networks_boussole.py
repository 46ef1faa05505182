"""The boussole between two members of a network (issue 18): once both employers took the network's shared
scheme up, an engagement between them is offered ``dispositif_reseau`` within the stricter of their limits; its
MAD convention cites the convention-cadre; a prolongation stays within those limits."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from passerelles.access.models import Role, RoleMembership
from passerelles.documents import content
from passerelles.documents.services import context_for
from passerelles.engagements.lifecycle import State
from passerelles.frameworks import durations
from passerelles.frameworks.boussole import parse_situation, recommend
from passerelles.frameworks.services import parameters_for, situation_for
from passerelles.networks.models import SchemeTakeUp, SharedScheme
from passerelles.networks.queries import shared_scheme_between
from passerelles.networks.services import scheme_take_up
from passerelles.organisations.models import OrgUnit
from tests.cast import choose_framework, grant, make_agent, make_engagement, make_mission

NET = "dispositif_reseau"


@pytest.fixture
def pair(cast):
    """A titulaire of the partner (the CCAS) on a mission of home (the Ville), both members of Réseau Alpha."""
    partner_hr = make_agent(cast.partner, "Pia", "Partenaire")
    grant(partner_hr, cast.partner, Role.HR)
    agent = make_agent(
        cast.partner, "Rémi", "Volant", unit=OrgUnit.objects.create(organisation=cast.partner, name="Accueil")
    )
    lead = cast.agents[Role.HOST]
    today = datetime.date.today()
    mission = make_mission(
        cast.home,
        lead.unit,
        lead,
        title="Appui au projet de tiers-lieu",
        status="published",
        visibility="network",
        time_share_percent=20,
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=30 + 180),
    )
    engagement = make_engagement(agent, mission, State.AGREEMENTS, agreement_round=1)
    cast.network.agreement_reference = "Convention-cadre n° 2026-001"
    cast.network.agreement_signed_on = datetime.date(2026, 1, 15)
    cast.network.save()
    scheme = SharedScheme.objects.create(
        network=cast.network,
        name="Mission d'appui temporaire inter-collectivités",
        max_percent=40,
        max_months=12,
        adopted_on=datetime.date(2026, 2, 1),
    )
    return cast, engagement, scheme


def take(scheme, organisation, percent=40, months=12):
    return SchemeTakeUp.objects.create(
        scheme=scheme,
        organisation=organisation,
        max_percent=percent,
        max_months=months,
        decided_on=datetime.date(2026, 3, 1),
    )


def codes(engagement):
    result = recommend(parse_situation(situation_for(engagement)), parameters_for(engagement))
    return [entry["code"] for entry in result["recommended"]], result


def test_not_offered_until_both_members_took_the_scheme_up(pair):
    cast, engagement, scheme = pair
    assert NET not in codes(engagement)[0]
    take(scheme, cast.home)
    assert shared_scheme_between(cast.partner.pk, cast.home.pk) is None
    assert NET not in codes(engagement)[0]
    take(scheme, cast.partner)
    got, _result = codes(engagement)
    assert got[0] == NET and "mise_a_disposition" in got


def test_the_stricter_of_the_two_members_limits_applies(pair):
    cast, engagement, scheme = pair
    take(scheme, cast.home, percent=40)
    take(scheme, cast.partner, percent=15)  # the CCAS is stricter than the mission's 20 %
    terms = shared_scheme_between(cast.partner.pk, cast.home.pk)
    assert (terms.limits.max_percent, terms.limits.max_months) == (15, 12)
    got, result = codes(engagement)
    assert NET not in got
    reason = next(e["reason"] for e in result["excluded"] if e["code"] == NET)
    assert "20 %" in reason and "15 %" in reason


def test_an_organisation_outside_the_network_cannot_take_the_scheme_up(pair):
    cast, _engagement, scheme = pair
    outsider_hr = RoleMembership.objects.filter(organisation=cast.outsider, role=Role.HR).first().user
    with pytest.raises(PermissionDenied):
        scheme_take_up(
            scheme=scheme,
            organisation=cast.outsider,
            by=outsider_hr,
            max_percent=40,
            max_months=12,
            decided_on=datetime.date(2026, 3, 1),
        )
    take(scheme, cast.home)
    assert not SchemeTakeUp.objects.filter(organisation=cast.outsider).exists()
    assert shared_scheme_between(cast.outsider.pk, cast.home.pk) is None


def test_hr_confirms_it_and_the_mad_convention_cites_the_convention_cadre(pair):
    cast, engagement, scheme = pair
    take(scheme, cast.home)
    take(scheme, cast.partner, percent=30)
    record = choose_framework(engagement, cast.users[Role.HR], code=NET)
    assert record.code == NET
    assert record.parameters["network_scheme_max_percent"] == 30
    engagement.refresh_from_db()
    context = context_for(engagement, kind="convention_mad")
    assert "Convention-cadre n° 2026-001" in context["convention_cadre"]
    assert "Réseau Alpha" in context["convention_cadre"] and "15/01/2026" in context["convention_cadre"]
    blocks = content.blocks_for("convention_mad", NET)
    assert ("paragraph", "Vu {{ convention_cadre }} ;") in blocks
    assert content.required_for(NET) == ["pacte", "convention_mad", "arrete_mad"]


def test_outside_the_shared_scheme_the_convention_has_no_such_line(pair):
    cast, engagement, _scheme = pair
    choose_framework(engagement, cast.users[Role.HR], code="mise_a_disposition")
    engagement.refresh_from_db()
    assert context_for(engagement, kind="convention_mad")["convention_cadre"] == "—"
    assert ("paragraph", "Vu {{ convention_cadre }} ;") not in content.blocks_for(
        "convention_mad", "mise_a_disposition"
    )


def test_a_prolongation_stays_within_the_stricter_duration(pair):
    cast, engagement, scheme = pair
    take(scheme, cast.home, months=12)
    take(scheme, cast.partner, months=8)
    choose_framework(engagement, cast.users[Role.HR], code=NET)
    engagement.refresh_from_db()
    too_far = engagement.start_date + datetime.timedelta(days=300)
    refusal = durations.extension_refusal(engagement, too_far)
    assert "8 mois" in refusal
    assert durations.extension_refusal(engagement, engagement.start_date + datetime.timedelta(days=200)) == ""


PUBLIC = {
    "employer_type": "departement",
    "employer_population": "",
    "agent_status": "titulaire",
    "host_type": "commune",
    "host_public_service_mission": "non",
    "host_general_interest": "non",
    "host_epci_member_link": "non",
    "whole_service": "non",
    "purpose": "appui_projet",
    "crisis": "non",
    "start_date": "2026-12-01",
    "duration_months": "6",
    "time_share_percent": "20",
    "days_per_month": "",
}


@pytest.mark.django_db
def test_the_public_boussole_asks_about_a_shared_scheme(client):
    without = client.get("/boussole/", PUBLIC).content.decode()
    assert f'data-excluded="{NET}"' in without
    shared = {
        **PUBLIC,
        "network_scheme": "oui",
        "network_scheme_max_percent": "30",
        "network_scheme_max_months": "12",
    }
    page = client.get("/boussole/", shared).content.decode()
    assert page.index(f'data-framework="{NET}"') < page.index('data-framework="mise_a_disposition"')
    narrower = {**shared, "network_scheme_max_percent": "10"}
    assert f'data-excluded="{NET}"' in client.get("/boussole/", narrower).content.decode()


@pytest.mark.django_db
def test_a_shared_scheme_without_its_limits_is_a_french_error(client):
    page = client.get("/boussole/", {**PUBLIC, "network_scheme": "oui"}).content.decode()
    assert "quotité et la durée maximales du dispositif partagé" in page
    assert 'data-framework="' not in page


def test_a_member_that_left_the_network_no_longer_shares_the_scheme(pair):
    cast, engagement, scheme = pair
    take(scheme, cast.home)
    take(scheme, cast.partner)
    assert shared_scheme_between(cast.partner.pk, cast.home.pk) is not None
    cast.network.memberships.filter(organisation=cast.partner).delete()
    assert shared_scheme_between(cast.partner.pk, cast.home.pk) is None
    assert NET not in codes(engagement)[0]


def test_a_member_whose_assembly_refused_the_convention_cadre_is_offered_no_shared_scheme(pair):
    from passerelles.networks.models import Deliberation, DeliberationStatus
    from passerelles.networks.services import NetworkRefused

    cast, engagement, scheme = pair
    take(scheme, cast.home)
    take(scheme, cast.partner)
    assert codes(engagement)[0][0] == NET
    refused = Deliberation.objects.create(
        network=cast.network,
        organisation=cast.partner,
        status=DeliberationStatus.REFUSED,
        decided_on=datetime.date(2026, 4, 2),
    )
    assert shared_scheme_between(cast.partner.pk, cast.home.pk) is None
    assert NET not in codes(engagement)[0]
    # … nor can its HR record a new take-up until a new vote
    partner_hr = RoleMembership.objects.filter(organisation=cast.partner, role=Role.HR).first().user
    with pytest.raises(NetworkRefused, match="a refusé la convention-cadre"):
        scheme_take_up(
            scheme=scheme,
            organisation=cast.partner,
            by=partner_hr,
            max_percent=30,
            max_months=12,
            decided_on=datetime.date(2026, 5, 1),
        )
    assert SchemeTakeUp.objects.get(scheme=scheme, organisation=cast.partner).max_percent == 40  # unchanged
    refused.status = DeliberationStatus.VOTED
    refused.save()
    assert codes(engagement)[0][0] == NET  # a new vote: the scheme is offered again
