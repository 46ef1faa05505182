"""What the scoring reads about a mission's candidates (matching/candidates.py, plain SQL), fact by fact: the
same values the ORM gave, on both databases (dates as dates, booleans as booleans, counts and sums)."""

import datetime

import pytest
from django.utils import timezone

from passerelles.engagements.lifecycle import State
from passerelles.matching import candidates
from passerelles.matching.models import Exposure
from passerelles.matching.queries import EXPOSURE_DAYS, PARTICIPATED
from passerelles.missions.models import Purpose, PurposeCap
from passerelles.organisations.models import WorkSite
from passerelles.people.services import profile_add_tag, profile_of
from tests.cast import make_agent, make_engagement, make_mission, make_workshop_mission
from tests.test_suggestions import with_profile

pytestmark = pytest.mark.django_db


def other_mission(cast, title):
    lead = cast.agents["host"]
    return make_mission(cast.home, lead.unit, lead, title=title)


def engage(agent, mission, state, **changes):
    engagement = make_engagement(agent, mission, state)
    type(engagement).objects.filter(pk=engagement.pk).update(**changes)


def test_each_fact_of_a_candidate_as_the_scoring_reads_it(cast):
    mission = make_workshop_mission(cast)
    start, end = mission.start_date, mission.end_date
    paul = with_profile(
        cast.agents["agent"], ("skill", "Numérique"), ("appetence", "Jardinage"), available=True
    )
    profile = profile_of(paul)
    profile.available_percent, profile.available_from, profile.available_until = 30, start, end
    profile.save()
    annexe = WorkSite.objects.create(organisation=cast.home, name="Annexe", city="Alpha")
    profile.sites.add(annexe)
    hidden = profile_add_tag(
        agent=paul, by=paul.user, kind="skill", text="Comptabilité publique", hidden=True
    )

    long_ago = start - datetime.timedelta(days=800)
    engage(  # ended two years ago: a participation, the last one's end
        paul, other_mission(cast, "Passé"), State.ENDED, start_date=long_ago, end_date=long_ago
    )
    engage(
        paul, other_mission(cast, "En cours"), State.ACTIVE, start_date=start, end_date=end, percent=20
    )  # on the same dates
    engage(  # active, after the mission's dates: a participation, no load on these dates
        paul,
        other_mission(cast, "Plus tard"),
        State.ACTIVE,
        start_date=end + datetime.timedelta(days=1),
        end_date=end + datetime.timedelta(days=30),
        percent=10,
    )
    engage(paul, other_mission(cast, "Déclinée"), State.DECLINED)  # neither
    recent, old = other_mission(cast, "Vue récente"), other_mission(cast, "Vue ancienne")
    Exposure.objects.create(agent=paul, mission=recent)
    Exposure.objects.create(agent=paul, mission=mission)  # this mission's own: not counted
    Exposure.objects.create(agent=paul, mission=old)
    Exposure.objects.filter(mission=old).update(
        at=timezone.now() - datetime.timedelta(days=EXPOSURE_DAYS + 1)
    )
    newcomer = make_agent(cast.home, "Nouvelle", "Venue")  # no profile, no history
    PurposeCap.objects.create(organisation=cast.home, purpose=mission.purpose, max_percent=30)
    PurposeCap.objects.create(organisation=cast.partner, purpose=Purpose.CRISE, max_percent=60)  # another
    partner = make_agent(cast.partner, "Léa", "Partenaire")  # an employer without a cap for this purpose

    facts = candidates.facts(
        [paul.pk, newcomer.pk, partner.pk],
        mission_id=mission.pk,
        purpose=mission.purpose,
        participated=list(PARTICIPATED),
        engaged=[State.READY, State.ACTIVE],
        start=start,
        end=end,
        exposed_since=timezone.now() - datetime.timedelta(days=EXPOSURE_DAYS),
    )
    assert facts[paul.pk] == {
        "unit_id": paul.unit_id,
        "category": paul.category,
        "site_id": paul.site_id,
        "organisation_id": cast.home.pk,
        "available": True,
        "available_percent": 30,
        "available_from": start,
        "available_until": end,
        "participations": 3,
        "last_participation": end + datetime.timedelta(days=30),
        "load_percent": 20,
        "purpose_cap": 30,
        "exposure": 1,
    }
    assert facts[newcomer.pk] == {
        "unit_id": newcomer.unit_id,
        "category": newcomer.category,
        "site_id": newcomer.site_id,
        "organisation_id": cast.home.pk,
        "available": False,
        "available_percent": None,
        "available_from": None,
        "available_until": None,
        "participations": 0,
        "last_participation": None,
        "load_percent": 0,
        "purpose_cap": 30,
        "exposure": 0,
    }
    assert (facts[partner.pk]["organisation_id"], facts[partner.pk]["purpose_cap"]) == (cast.partner.pk, None)
    tags, sites = candidates.tags_and_sites([paul.pk, newcomer.pk], ["skill", "appetence"])
    assert sorted(tags[paul.pk], key=lambda tag: (tag[0], tag[2])) == [
        ("appetence", "Jardinage", False),
        ("skill", "Numérique", False),
        ("skill", hidden.label, True),
    ]
    assert sites[paul.pk] == {annexe.pk} and not tags[newcomer.pk] and not sites[newcomer.pk]
    assert (
        candidates.facts(
            [],
            mission_id=mission.pk,
            purpose=mission.purpose,
            participated=["x"],
            engaged=["x"],
            start=start,
            end=end,
            exposed_since=timezone.now(),
        )
        == {}
    )


def test_the_cards_name_only_people_still_in_the_pool_hr_may_see(cast):
    """The ranking may have been kept for a minute: the cards read the people's own rows, and name only
    those HR may think of at this moment — as each chose, active, of HR's own organisation or a partner's."""
    from passerelles.access.models import Role
    from passerelles.matching.queries import suggested_people
    from passerelles.people.models import Visibility

    paul = with_profile(cast.agents["agent"], ("skill", "Numérique"))  # own organisation, open to its HR
    closed = with_profile(cast.agents["host"], ("skill", "Numérique"), visibility=Visibility.NOBODY)
    gone = with_profile(make_agent(cast.home, "Ana", "Partie"), ("skill", "Numérique"))
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)
    partner_hr_only = with_profile(make_agent(cast.partner, "Léa", "Partenaire"), ("skill", "Numérique"))
    partner_network = with_profile(
        make_agent(cast.partner, "Max", "Réseau"), ("skill", "Numérique"), visibility=Visibility.NETWORK
    )
    outsider = with_profile(cast.outsider_agent, ("skill", "Numérique"), visibility=Visibility.NETWORK)
    everyone = [paul, closed, gone, partner_hr_only, partner_network, outsider]
    cards = suggested_people(cast.users[Role.HR], [agent.pk for agent in everyone])
    assert set(cards) == {paul.pk, partner_network.pk}
    card = cards[partner_network.pk]
    assert (card.full_name, card.first_name, card.job_title) == (
        partner_network.full_name,
        "Max",
        partner_network.job_title,
    )
    assert card.organisation.display_name == cast.partner.display_name
    assert suggested_people(cast.users[Role.MANAGER], [paul.pk]) == {}  # no HR role: nobody


def test_the_best_candidates_from_the_index(cast):
    """candidates.best: the pool as each chose, neither the lead nor the already engaged, within the filters,
    heaviest first and ties in the mission's drawn order — on both databases."""
    from passerelles.engagements.lifecycle import OPEN_STATES
    from passerelles.matching.queries import _tie_break, mission_features
    from passerelles.people.models import Visibility

    mission = make_workshop_mission(cast)
    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"), available=True)
    both = with_profile(  # a skill and an appétence on the mission: weighs more
        make_agent(cast.home, "Ève", "Double", unit=paul.unit),
        ("skill", "Animation d'ateliers"),
        ("appetence", "Animation d'ateliers"),
    )
    closed = with_profile(
        make_agent(cast.home, "Noé", "Ferme"), ("skill", "Animation d'ateliers"), visibility=Visibility.NOBODY
    )
    engaged = with_profile(make_agent(cast.home, "Léo", "Engage"), ("skill", "Animation d'ateliers"))
    engage(engaged, mission, State.INTEREST)
    lead = with_profile(mission.project_lead, ("skill", "Animation d'ateliers"))
    partner = with_profile(
        make_agent(cast.partner, "Max", "Reseau"),
        ("skill", "Animation d'ateliers"),
        visibility=Visibility.NETWORK,
    )
    terms = mission_features(mission).terms

    def best(**filters):
        return candidates.best(
            terms,
            own=[cast.home.pk],
            partners=[cast.partner.pk],
            own_sees=[Visibility.HR, Visibility.NETWORK],
            partners_see=Visibility.NETWORK,
            mission_id=mission.pk,
            open_states=sorted(OPEN_STATES),
            lead_id=mission.project_lead_id,
            draw=_tie_break(mission),
            limit=10,
            **filters,
        )

    found = best()
    assert found[0] == both.pk and set(found) == {both.pk, paul.pk, partner.pk}
    assert closed.pk not in found and engaged.pk not in found and lead.pk not in found
    multiplier, shift, modulus = _tie_break(mission)
    assert found[1:] == sorted(
        [paul.pk, partner.pk], key=lambda pk: ((pk * multiplier + shift) % modulus, pk)
    )
    assert best(available=True) == [paul.pk]
    assert best(unit=paul.unit_id) == [both.pk, paul.pk]
    assert best(organisation=cast.partner.pk) == [partner.pk]
    assert best(category="Z") == [] and best(site=paul.site_id, available=True) == [paul.pk]


def test_a_mission_s_terms_and_its_exposures_in_plain_sql(cast):
    """The mission's index terms as the ORM reads them; exposures recorded once per person and mission, a second
    recording leaving the first one's time (ON CONFLICT DO NOTHING, on both databases)."""
    from passerelles.matching.models import MissionTerm

    mission, other = make_workshop_mission(cast), other_mission(cast, "Autre")
    assert candidates.mission_terms(mission.pk) == set(
        MissionTerm.objects.filter(mission=mission).values_list("term", flat=True)
    )
    assert candidates.mission_terms(mission.pk) and candidates.mission_terms(0) == frozenset()
    paul, hugo = cast.agents["agent"], cast.agents["host"]
    first = timezone.now() - datetime.timedelta(days=2)
    candidates.record_exposures(mission.pk, [paul.pk], first)
    candidates.record_exposures(mission.pk, [paul.pk, hugo.pk], timezone.now())
    candidates.record_exposures(other.pk, [paul.pk], timezone.now())
    candidates.record_exposures(other.pk, [], timezone.now())
    rows = {(e.agent_id, e.mission_id): e.at for e in Exposure.objects.all()}
    assert set(rows) == {(paul.pk, mission.pk), (hugo.pk, mission.pk), (paul.pk, other.pk)}
    assert abs(rows[(paul.pk, mission.pk)] - first) < datetime.timedelta(seconds=1)
