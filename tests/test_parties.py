"""Parties per framework (FRAMEWORKS.md §2, §5; CGFP L512-7): a MAD, a mécénat and a services convention ask
both employers' HR and authority; « RH » is then the origin's alone; who speaks for each party, whom to
notify, what « À faire » lists and who sees the engagement follow the same rules."""

import pytest
from django.utils.html import escape

from passerelles.access.models import Role
from passerelles.core.todo import _speaks_for, todo_for
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision, Engagement, Party
from passerelles.engagements.services import (
    engagement_decide,
    parties_of,
    party_label,
    party_users,
    required_parties,
)
from passerelles.frameworks.boussole import framework
from passerelles.frameworks.catalogue import FRAMEWORKS
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from passerelles.organisations.models import OrganisationKind
from tests.cast import choose_framework, grant, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db

M, H, HR, S, HHR, HS = (
    Party.MANAGER,
    Party.HOST,
    Party.HR,
    Party.SIGNATORY,
    Party.HOST_HR,
    Party.HOST_SIGNATORY,
)

# framework → parties asked: (same employer, agent with a manager) / (two public employers, agent without
# manager) / (an association host, agent without manager). The organisations ask no signatory of their own.
REQUIRED = {
    "crise_reaffectation": ({M, H, HR}, {H, HR}, {H, HR}),
    "reserve_communale": ({M, H, HR}, {H, HR}, {H, HR}),
    "convention_services_epci": ({M, H, HR, S}, {H, HR, S, HHR, HS}, {H, HR, S, HS}),
    "mission_appui_projet": ({M, H, HR, S}, {H, HR, S}, {H, HR, S}),
    "affectation_interne": ({M, H, HR}, {H, HR}, {H, HR}),
    "mise_a_disposition": ({M, H, HR, S}, {H, HR, S, HHR, HS}, {H, HR, S, HS}),
    "dispositif_reseau": ({M, H, HR, S}, {H, HR, S, HHR, HS}, {H, HR, S, HS}),  # issue 18: a MAD
    "mecenat_competences": ({M, H, HR, S}, {H, HR, S, HHR, HS}, {H, HR, S, HS}),
    "asa_benevolat": ({M, H, HR}, {H, HR}, {H, HR}),
    "detachement": ({M, H, HR, S}, {H, HR, S}, {H, HR, S}),
}


@pytest.fixture
def two_employers(cast):
    """Léa, an agent of the CCAS (origin), on a mission of the Ville d'Alpha (host); the CCAS has its own HR and
    signatory, the Ville's are the cast's."""
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )
    lea = make_agent(cast.partner, "Léa", "Partenaire")
    origin_hr = make_agent(cast.partner, "Odile", "Rhccas")
    grant(origin_hr, cast.partner, Role.HR)
    origin_signatory = make_agent(cast.partner, "Octave", "Signeccas")
    grant(origin_signatory, cast.partner, Role.SIGNATORY)
    engagement = make_engagement(lea, mission, State.MEETING)
    from passerelles.engagements.services import engagement_transition

    engagement_transition(engagement=engagement, action="start_agreements", by=cast.users[Role.HR])
    engagement.refresh_from_db()
    people = {
        "agent": lea.user,
        "origin_hr": origin_hr.user,
        "origin_signatory": origin_signatory.user,
        "host_hr": cast.users[Role.HR],
        "host_signatory": cast.users[Role.SIGNATORY],
        "host": cast.users[Role.HOST],
    }
    return engagement, people


def fresh(engagement) -> Engagement:
    return Engagement.objects.select_related(
        "agent__organisation", "agent__manager", "mission__organisation"
    ).get(pk=engagement.pk)


def asked(engagement) -> set[str]:
    return set(
        Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).values_list(
            "party", flat=True
        )
    )


@pytest.mark.parametrize("code", [entry["code"] for entry in FRAMEWORKS])
def test_the_parties_of_each_framework(cast, code):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    same = make_engagement(cast.agents["agent"], mission, State.AGREEMENTS)
    lea = make_agent(cast.partner, "Léa", "Partenaire")
    across = make_engagement(lea, mission, State.AGREEMENTS)
    association = cast.home.__class__.objects.create(
        name="Les Amis du Livre",
        slug="amis-du-livre",
        kind=OrganisationKind.ASSOCIATION,
        attached_to=cast.home,
    )
    from passerelles.organisations.models import OrgUnit

    unit = OrgUnit.objects.create(organisation=association, name="Bureau")
    hosted = make_mission(association, unit, lead, status=MissionStatus.PUBLISHED, title="Lire")
    to_association = make_engagement(lea, hosted, State.AGREEMENTS)
    added = framework(code)["parties"]
    expected = REQUIRED[code]
    for engagement, wanted in zip((same, across, to_association), expected, strict=True):
        assert set(required_parties(fresh(engagement), added)) == wanted, (code, engagement)


def test_every_framework_between_two_employers_asks_both(cast):
    """The catalogue says it once: a framework whose act both employers sign lists the host's two parties."""
    between = {e["code"] for e in FRAMEWORKS if {HHR, HS} <= set(e["parties"])}
    assert between == {
        "mise_a_disposition",
        "mecenat_competences",
        "convention_services_epci",
        "dispositif_reseau",
    }


def test_a_mad_asks_both_employers_and_each_speaks_for_its_own(cast, two_employers):
    engagement, people = two_employers
    # before the framework: HR of either organisation answers for « RH » (today's behaviour)
    assert asked(engagement) == {H, HR}
    assert HR in parties_of(people["host_hr"], fresh(engagement))
    assert HR in parties_of(people["origin_hr"], fresh(engagement))
    choose_framework(engagement, people["origin_hr"], code="mise_a_disposition")
    engagement = fresh(engagement)
    assert asked(engagement) == {H, HR, S, HHR, HS}
    speaks = {who: parties_of(user, engagement) & asked(engagement) for who, user in people.items()}
    assert speaks == {
        "agent": set(),  # their acceptance of the engagement and the pact; asked again on renewal
        "origin_hr": {HR},
        "origin_signatory": {S},
        "host_hr": {HHR},  # no longer « RH »: the origin's alone
        "host_signatory": {HS},
        "host": {H},
    }
    # whom to notify, party by party
    users = {party: party_users(engagement, party) for party in asked(engagement)}
    assert users == {
        H: {people["host"]},
        HR: {people["origin_hr"]},
        S: {people["origin_signatory"]},
        HHR: {people["host_hr"]},
        HS: {people["host_signatory"]},
    }
    # the strict rule in the use case: the host's HR may not answer for the origin's
    with pytest.raises(TransitionRefused, match="ne vous revient pas"):
        engagement_decide(engagement=engagement, by=people["host_hr"], party=HR, decision="agreed")
    engagement_decide(engagement=engagement, by=people["host_hr"], party=HHR, decision="agreed")
    engagement_decide(engagement=engagement, by=people["origin_hr"], party=HR, decision="agreed")
    decided = Agreement.objects.filter(engagement=engagement, decision=Decision.AGREED)
    assert dict(decided.values_list("party", "decided_by")) == {
        HR: people["origin_hr"].pk,
        HHR: people["host_hr"].pk,
    }


def test_before_a_framework_the_host_hr_is_notified_for_hr_as_today(cast, two_employers):
    engagement, people = two_employers
    assert party_users(fresh(engagement), HR) == {people["host_hr"]}


def test_an_hr_agreement_given_by_the_host_is_asked_again_of_the_origin(cast, two_employers):
    engagement, people = two_employers
    engagement_decide(engagement=engagement, by=people["host_hr"], party=HR, decision="agreed")
    engagement_decide(engagement=engagement, by=people["host"], party=H, decision="agreed")
    choose_framework(engagement, people["host_hr"], code="mise_a_disposition")  # either HR confirms
    decisions = dict(Agreement.objects.filter(engagement=engagement).values_list("party", "decision"))
    assert decisions[HR] == Decision.PENDING  # given by the host's HR: not the origin's agreement
    assert decisions[H] == Decision.AGREED  # given by its own party: kept
    assert Notification.objects.filter(
        user=people["origin_hr"], subject__startswith="Votre accord est demandé"
    ).exists()
    assert Notification.objects.filter(
        user=people["host_signatory"], subject__startswith="Votre accord est demandé"
    ).exists()


def test_the_page_names_each_party_with_its_employer_and_offers_only_ones_own(
    cast, two_employers, client_for
):
    engagement, people = two_employers
    choose_framework(engagement, people["origin_hr"], code="mise_a_disposition")
    engagement = fresh(engagement)
    assert party_label(engagement, HR, required_parties(engagement)) == (
        "RH de l'employeur d'origine — CCAS d'Alpha"
    )
    assert party_label(engagement, HS, required_parties(engagement)) == (
        "Autorité de l'employeur d'accueil — Ville d'Alpha"
    )
    page = client_for(people["host_signatory"]).get(f"/engagements/{engagement.pk}/").content.decode()
    assert escape("Autorité de l'employeur d'accueil — Ville d'Alpha") in page
    assert 'data-answer-for="host_signatory"' in page
    assert 'data-answer-for="signatory"' not in page and 'data-answer-for="hr"' not in page
    page = client_for(people["host_hr"]).get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-answer-for="host_hr"' in page and 'data-answer-for="hr"' not in page
    response = client_for(people["host_signatory"]).post(
        f"/engagements/{engagement.pk}/accord/", {"party": "host_signatory", "decision": "agreed"}
    )
    assert response.status_code == 302
    assert Agreement.objects.get(engagement=engagement, party=HS).decided_by == people["host_signatory"]
    page = client_for(people["origin_hr"]).get(f"/engagements/{engagement.pk}/").content.decode()
    assert "a donné son accord (autorité de l&#x27;accueil)" in page


def test_todo_lists_exactly_the_parties_each_person_speaks_for(cast, two_employers):
    """« À faire » writes ``parties_of`` as a database condition: both agree, person by person."""
    engagement, people = two_employers
    choose_framework(engagement, people["origin_hr"], code="mise_a_disposition")
    engagement = fresh(engagement)
    from passerelles.access.actor import get_actor

    for who, user in people.items():
        user = type(user).objects.get(pk=user.pk)
        listed = set(
            Agreement.objects.filter(engagement=engagement)
            .filter(_speaks_for(get_actor(user), user))
            .values_list("party", flat=True)
        )
        assert listed == parties_of(user, engagement) & asked(engagement), who
        groups = {g.key: g for g in todo_for(user)}
        if listed:
            assert engagement.mission.title in " ".join(label for label, _ in groups["agreements"].items), who


def test_the_host_signatory_sees_only_engagements_it_is_asked_to_sign(cast, two_employers, client_for):
    engagement, people = two_employers
    other = make_engagement(make_agent(cast.partner, "Noé", "Autre"), engagement.mission, State.AGREEMENTS)
    signatory = client_for(people["host_signatory"])
    assert signatory.get(f"/engagements/{engagement.pk}/").status_code == 404  # not asked yet
    choose_framework(engagement, people["origin_hr"], code="mise_a_disposition")
    assert signatory.get(f"/engagements/{engagement.pk}/").status_code == 200
    assert signatory.get(f"/engagements/{other.pk}/").status_code == 404
