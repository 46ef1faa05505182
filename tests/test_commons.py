"""Working time as a commons (issue 22, 4–5): an allowance of N solidarity days refuses the N+1th with the rule
and the balance; a twinning's gifts are counted both ways; the manager sees what the team gives and receives."""

import datetime

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.commons import rules, services
from passerelles.commons.models import SolidarityAllowance, TimeGift, Twinning
from passerelles.engagements.lifecycle import State
from passerelles.notifications.models import Notification
from passerelles.organisations.models import OrgUnit
from tests.cast import make_engagement, make_mission

pytestmark = pytest.mark.django_db

RULE = "Pour un projet d'un autre service, avec l'accord de l'encadrant·e"


@pytest.fixture
def allowance(cast):
    return services.adopt_allowance(
        by=cast.users[Role.HR],
        organisation=cast.home,
        deliberation="n° 2026-114",
        days_per_agent=2,
        rules_text=RULE,
    )


@pytest.fixture
def other_unit(cast):
    agent = cast.agents["agent"]
    return OrgUnit.objects.filter(organisation=cast.home).exclude(pk=agent.unit_id).order_by("pk").first()


def give(cast, unit, hours=7, day=None, who="agent"):
    return services.give_time(
        by=cast.agents[who].user if who != "agent" else cast.users[Role.AGENT],
        day=day or timezone.localdate(),
        hours=hours,
        to_unit=unit,
        project="Inventaire",
    )


def test_an_allowance_of_n_days_refuses_the_n_plus_first_with_the_rule_and_the_balance(
    cast, allowance, other_unit
):
    give(cast, other_unit)
    give(cast, other_unit, day=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(services.Refused) as refused:
        give(cast, other_unit, hours=1)
    message = str(refused.value)
    assert RULE in message and "2 jours par agent et par an" in message and "n° 2026-114" in message
    assert "Solde" in message and "0 h sur 2 j" in message
    assert TimeGift.objects.count() == 2


def test_the_balance_counts_hours_and_starts_again_each_year(cast, allowance, other_unit):
    agent = cast.agents["agent"]
    today = timezone.localdate()
    give(cast, other_unit, hours=3)
    assert services.balance(agent, today)["left"] == 2 * rules.HOURS_PER_DAY - 3
    last_year = today.replace(year=today.year - 1, month=12, day=31)
    assert services.balance(agent, last_year)["left"] == 2 * rules.HOURS_PER_DAY


def test_without_a_deliberation_nothing_is_given_and_bad_gifts_are_refused(cast, other_unit):
    with pytest.raises(services.Refused, match="pas adopté"):
        give(cast, other_unit)
    services.adopt_allowance(
        by=cast.users[Role.HR], organisation=cast.home, deliberation="D", days_per_agent=5, rules_text="R"
    )
    with pytest.raises(services.Refused):  # one's own unit
        give(cast, cast.agents["agent"].unit)
    with pytest.raises(services.Refused):  # another organisation's unit
        give(cast, cast.outsider_unit)
    with pytest.raises(services.Refused):  # more than a day
        give(cast, other_unit, hours=8)
    with pytest.raises(services.Refused):  # the agent cannot adopt the deliberation
        services.adopt_allowance(
            by=cast.users[Role.AGENT],
            organisation=cast.home,
            deliberation="X",
            days_per_agent=20,
            rules_text="R",
        )
    assert not TimeGift.objects.exists()
    assert SolidarityAllowance.objects.get().days_per_agent == 5


def test_the_manager_is_told_of_a_gift(cast, allowance, other_unit):
    give(cast, other_unit, hours=2)
    assert Notification.objects.filter(user=cast.users[Role.MANAGER], url="/temps-en-commun/equipe/").exists()


def test_a_twinnings_exchanges_are_counted_both_ways(cast, allowance):
    agent = cast.agents["agent"]
    hr_agent = cast.agents[Role.HR]
    assert agent.unit_id != hr_agent.unit_id
    twinning = services.twin(
        by=cast.users[Role.HR],
        organisation=cast.home,
        unit_a=hr_agent.unit,
        unit_b=agent.unit,
        started_on=timezone.localdate() - datetime.timedelta(days=10),
        note="Un coup de main contre un autre",
    )
    give(cast, hr_agent.unit, hours=3)  # agent's unit → HR's unit
    give(cast, hr_agent.unit, hours=2)
    services.give_time(
        by=cast.users[Role.HR], day=timezone.localdate(), hours=4, to_unit=agent.unit, project="Accueil"
    )
    counts = services.twinning_counts(twinning)
    a_is_hr = twinning.unit_a_id == hr_agent.unit_id
    hr_to_agent = (
        (counts["a_to_b_hours"], counts["a_to_b_gifts"])
        if a_is_hr
        else (counts["b_to_a_hours"], counts["b_to_a_gifts"])
    )
    agent_to_hr = (
        (counts["b_to_a_hours"], counts["b_to_a_gifts"])
        if a_is_hr
        else (counts["a_to_b_hours"], counts["a_to_b_gifts"])
    )
    assert hr_to_agent == (4, 1) and agent_to_hr == (5, 2)
    with pytest.raises(services.Refused, match="déjà jumelés"):  # (B, A) is the same twinning
        services.twin(
            by=cast.users[Role.HR],
            organisation=cast.home,
            unit_a=agent.unit,
            unit_b=hr_agent.unit,
            started_on=timezone.localdate(),
            note="x",
        )
    assert Twinning.objects.count() == 1


def test_the_team_counts_what_it_gives_and_receives(cast, allowance, other_unit):
    manager = cast.agents["manager"]
    give(cast, other_unit, hours=3)
    lead = cast.agents[Role.HOST]
    today = timezone.localdate()
    mission = make_mission(
        cast.home,
        lead.unit,
        lead,
        start_date=today - datetime.timedelta(days=69),
        end_date=today,
        time_share_percent=100,
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.ACTIVE)
    engagement.percent = 100
    engagement.save()
    services.give_time(  # HR gives to the manager's unit
        by=cast.users[Role.HR], day=today, hours=4, to_unit=manager.unit, project="Accueil"
    )
    counts = services.team_counts(manager, today)
    assert counts["given_hours"] == 3 and counts["given_days"] == 50
    assert counts["received_hours"] == 4


def test_pages_for_each_reader(cast, client_for, allowance, other_unit):
    agent = client_for(cast.users[Role.AGENT])
    page = agent.get("/temps-en-commun/").content.decode()
    assert "Mon solde de l'année" in page and "n° 2026-114" in page
    refused = agent.post(
        "/temps-en-commun/", {"to_unit": other_unit.pk, "project": "P", "day": "pas une date", "hours": "99"}
    )
    assert refused.status_code == 200 and not TimeGift.objects.exists()
    done = agent.post(
        "/temps-en-commun/",
        {
            "to_unit": other_unit.pk,
            "project": "Inventaire",
            "day": timezone.localdate().isoformat(),
            "hours": "7",
        },
    )
    assert done.status_code == 302 and TimeGift.objects.count() == 1
    full = agent.post(
        "/temps-en-commun/",
        {
            "to_unit": other_unit.pk,
            "project": "Inventaire",
            "day": timezone.localdate().isoformat(),
            "hours": "7",
        },
    )
    over = agent.post(
        "/temps-en-commun/",
        {
            "to_unit": other_unit.pk,
            "project": "Inventaire",
            "day": timezone.localdate().isoformat(),
            "hours": "1",
        },
    )
    assert full.status_code == 302
    assert "Solde" in over.content.decode() and TimeGift.objects.count() == 2
    forged = agent.post(
        "/temps-en-commun/",
        {
            "to_unit": cast.outsider_unit.pk,
            "project": "X",
            "day": timezone.localdate().isoformat(),
            "hours": "1",
        },
    )
    assert forged.status_code == 200 and TimeGift.objects.count() == 2
    team = client_for(cast.users[Role.MANAGER]).get("/temps-en-commun/equipe/").content.decode()
    assert "14 h" in team and cast.agents["agent"].full_name in team
    assert client_for(cast.users[Role.HOST]).get("/temps-en-commun/equipe/").status_code == 404
    org_url = f"/organisations/{cast.home.slug}/temps-en-commun/"
    assert "14 h données" in client_for(cast.users[Role.HR]).get(org_url).content.decode()
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.SIGNATORY):
        assert client_for(cast.users[role]).get(org_url).status_code in (403, 404)
    outsider = f"/organisations/{cast.outsider.slug}/temps-en-commun/"
    hr = client_for(cast.users[Role.HR])
    assert hr.get(outsider).status_code in (403, 404)
    assert hr.post(
        outsider, {"form": "allowance", "deliberation": "X", "days_per_agent": "3", "rules_text": "R"}
    ).status_code in (403, 404)
    assert not SolidarityAllowance.objects.filter(organisation=cast.outsider).exists()
    guide = client_for(cast.users[Role.MANAGER]).get("/guide/encadrants/").content.decode()
    assert "Au démarrage" in guide and "Au retour" in guide and "Aux points d" in guide


def test_the_charter_default_then_edited_shown_at_interest_and_in_the_pact_and_acknowledged(cast, client_for):
    from passerelles.commons import charter
    from passerelles.commons.models import CharterAcknowledgement, EthicsCharter
    from passerelles.documents.services import context_for

    url = f"/organisations/{cast.home.slug}/charte/"
    agent = client_for(cast.users[Role.AGENT])
    page = agent.get(url).content.decode()
    assert "Volontaire." in page and "texte par défaut" in page
    agent.post(url, {"action": "acknowledge"})
    assert charter.acknowledged(cast.users[Role.AGENT], cast.home)
    assert agent.post(url, {"action": "write", "text": "Rien"}).status_code == 404  # agents do not write it
    assert not EthicsCharter.objects.exists()
    hr = client_for(cast.users[Role.HR])
    assert "data-refusal" in hr.post(url, {"action": "write", "text": "   "}).content.decode()
    hr.post(url, {"action": "write", "text": "Notre charte : le volontariat avant tout."})
    assert EthicsCharter.objects.get().version == 1
    assert not charter.acknowledged(cast.users[Role.AGENT], cast.home)  # a new version is read again
    client_for(cast.users[Role.MANAGER]).post(url, {"action": "acknowledge"})
    assert CharterAcknowledgement.objects.filter(version=1).count() == 1
    mission = make_mission(cast.home, cast.agents[Role.HOST].unit, cast.agents[Role.HOST], status="published")
    detail = agent.get(f"/missions/{mission.pk}/").content.decode()
    assert "data-charter-reminder" in detail and url in detail
    engagement = make_engagement(cast.agents["agent"], mission, State.AGREEMENTS)
    pact = context_for(engagement)["charte"]
    assert "le volontariat avant tout" in pact and "version 1" in pact and cast.home.name in pact
    assert client_for(cast.outsider_agent.user).get(url).status_code == 404


def test_my_data_holds_the_gifts_and_an_erasure_keeps_the_hours_without_the_words(
    cast, client_for, allowance, other_unit
):
    import json

    from passerelles.people.personal_data import anonymise_agent

    give(cast, other_unit, hours=2)
    agent = cast.agents["agent"]
    more = json.loads(client_for(agent.user).get("/mes-donnees/export.json").content)["more"]
    assert any("Inventaire" in row["detail"] for row in more["temps_en_commun"])
    anonymise_agent(agent)
    gift = TimeGift.objects.get()
    assert gift.project == "—" and gift.hours == 2


def test_the_dashboards_count_the_hours_given_in_the_period_and_never_in_a_programme(
    cast, allowance, other_unit
):
    from passerelles.insights.measures import gifts
    from passerelles.insights.scope import Scope

    give(cast, other_unit, hours=3)
    services.give_time(
        by=cast.users[Role.HR],
        day=timezone.localdate(),
        hours=2,
        to_unit=cast.agents["agent"].unit,
        project="P",
    )
    today = timezone.localdate()
    assert gifts(Scope((cast.home.pk,), today, today)) == {"hours": 5, "givers": 2}
    assert gifts(Scope((cast.outsider.pk,), today, today)) == {"hours": 0, "givers": 0}
    assert gifts(Scope((cast.home.pk,), today + datetime.timedelta(days=1), None))["hours"] == 0
    assert gifts(Scope((cast.home.pk,), today, today, programme_id=1))["hours"] is None


def test_the_twinnings_of_a_page_are_counted_in_one_query(cast, allowance, django_assert_num_queries):
    units = list(OrgUnit.objects.filter(organisation=cast.home).order_by("pk")[:3])
    today = timezone.localdate()
    twinnings = [
        services.twin(
            by=cast.users[Role.HR], organisation=cast.home, unit_a=a, unit_b=b, started_on=today, note="n"
        )
        for a, b in ((units[0], units[1]), (units[1], units[2]))
    ]
    with django_assert_num_queries(1):
        counts = services.counts_for(twinnings)
    assert set(counts) == {t.pk for t in twinnings}
    assert all(
        c == {"a_to_b_hours": 0, "a_to_b_gifts": 0, "b_to_a_hours": 0, "b_to_a_gifts": 0}
        for c in counts.values()
    )
