"""A unit that keeps relying on reinforcement missions (issue 22, 3): three in twelve months, or some sixty
working days, is a structural need — told to the organisation's HR and DGS, with the history."""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import escape

from passerelles.access.models import Role
from passerelles.care import structural
from passerelles.core.todo import todo_for
from passerelles.engagements.lifecycle import State
from tests.cast import make_engagement, make_mission

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def reinforcement(
    cast,
    *,
    days_ago,
    length=30,
    purpose="renfort_ponctuel",
    state=State.ENDED,
    percent=20,
    org=None,
    unit=None,
):
    organisation = org or cast.home
    host_unit = unit or cast.agents[Role.HOST].unit
    lead = cast.agents[Role.HOST] if organisation == cast.home else cast.outsider_agent
    start = TODAY - datetime.timedelta(days=days_ago)
    mission = make_mission(
        organisation,
        host_unit,
        lead,
        title=f"Renfort {days_ago}",
        purpose=purpose,
        start_date=start,
        end_date=start + datetime.timedelta(days=length),
        time_share_percent=percent,
    )
    engagement = make_engagement(cast.agents["agent"], mission, state)
    engagement.start_date, engagement.end_date, engagement.percent = (
        mission.start_date,
        mission.end_date,
        percent,
    )
    engagement.save()
    return engagement


def test_effort_days_are_working_days_at_the_time_share_clipped_to_the_window():
    # 70 calendar days at 100 %: 50 working days; at 20 %: 10
    start = TODAY - datetime.timedelta(days=69)
    assert structural.effort_days(start, TODAY, 100, TODAY) == pytest.approx(50)
    assert structural.effort_days(start, TODAY, 20, TODAY) == pytest.approx(10)
    # an engagement that ended before the window gives nothing; one across its start counts for its part
    old = TODAY - datetime.timedelta(days=500)
    assert structural.effort_days(old, old + datetime.timedelta(days=30), 100, TODAY) == 0
    across = structural.effort_days(
        TODAY - datetime.timedelta(days=400), TODAY - datetime.timedelta(days=358), 100, TODAY
    )
    assert across == pytest.approx(7 * 5 / 7)


def test_three_reinforcements_in_twelve_months_make_a_structural_need(cast):
    for days_ago in (300, 150):
        reinforcement(cast, days_ago=days_ago)
    assert structural.relying_units([cast.home.pk], TODAY) == []
    reinforcement(cast, days_ago=20, state=State.ACTIVE)
    [unit] = structural.relying_units([cast.home.pk], TODAY)
    assert unit.missions == 3 and unit.reasons == ["missions"]
    assert unit.unit_id == cast.agents[Role.HOST].unit_id


def test_what_is_not_counted(cast):
    reinforcement(cast, days_ago=500)  # before the window
    reinforcement(cast, days_ago=100, purpose="crise")  # a crisis is not the ordinary need
    reinforcement(cast, days_ago=90, state=State.WITHDRAWN)  # never happened
    reinforcement(cast, days_ago=80, purpose="appui_projet")  # not a reinforcement
    reinforcement(cast, days_ago=60)
    assert structural.relying_units([cast.home.pk], TODAY) == []


def test_sixty_working_days_make_one_long_reinforcement_structural(cast):
    reinforcement(cast, days_ago=200, length=90, percent=100)  # ~65 working days
    [unit] = structural.relying_units([cast.home.pk], TODAY)
    assert unit.missions == 1 and unit.reasons == ["days"] and unit.days >= structural.DAYS


def test_another_organisations_units_are_never_counted_in(cast):
    for days_ago in (300, 150, 20):
        reinforcement(cast, days_ago=days_ago, org=cast.outsider, unit=cast.outsider_unit)
    assert structural.relying_units([cast.home.pk], TODAY) == []
    assert len(structural.relying_units([cast.outsider.pk], TODAY)) == 1


@pytest.fixture
def relying(cast, monkeypatch):
    today = timezone.localdate()
    for days_ago in (300, 150, 20):
        reinforcement(cast, days_ago=days_ago + (today - TODAY).days)
    return cast.agents[Role.HOST].unit


def test_hr_and_the_dgs_read_the_page_and_their_to_do(cast, client_for, relying):
    url = f"/organisations/{cast.home.slug}/renforts-recurrents/"
    for role in (Role.HR, Role.SIGNATORY):
        page = client_for(cast.users[role]).get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert (
            escape(relying.name) in text and text.count("Renfort ") == 3 and "3 missions de renfort" in text
        )
        groups = {group.key: group for group in todo_for(cast.users[role])}
        assert relying.name in groups["structural_needs"].items[0][0]
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.ADMIN, Role.NETWORK_COORDINATOR):
        assert client_for(cast.users[role]).get(url).status_code in (403, 404)
        assert "structural_needs" not in {g.key for g in todo_for(cast.users[role])}
    outsider_url = f"/organisations/{cast.outsider.slug}/renforts-recurrents/"
    assert client_for(cast.users[Role.HR]).get(outsider_url).status_code in (403, 404)


def test_the_page_says_when_nothing_is_structural(cast, client_for):
    page = client_for(cast.users[Role.HR]).get(f"/organisations/{cast.home.slug}/renforts-recurrents/")
    assert "Aucun service ne dépasse ces seuils" in page.content.decode()
