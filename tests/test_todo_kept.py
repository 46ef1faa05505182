"""« À faire » kept between two views (foundation/freshness.py): not computed again while nothing it reads is
written, and never behind a committed write — nor behind the clock, beyond the minute.

Transactional tests: what is kept follows commits (inside a test's transaction, nothing is kept).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.core.todo import todo_for
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Meeting
from passerelles.engagements.services import engagement_propose
from passerelles.foundation import freshness
from passerelles.missions.models import MissionStatus
from tests.cast import make_engagement, make_mission

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mission(cast):
    host = cast.agents[Role.HOST]
    return make_mission(
        cast.home, host.unit, host, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )


@pytest.fixture(autouse=True)
def _no_margin(monkeypatch):
    monkeypatch.setattr(freshness, "MARGIN", 0.0)  # one clock: see tests/test_freshness.py


def counts(user) -> dict[str, int]:
    user = type(user).objects.get(pk=user.pk)  # a new request's user
    return {group.key: group.count for group in todo_for(user)}


def test_a_second_view_asks_nothing_and_a_committed_write_shows_at_once(cast, mission, monkeypatch):
    moment = timezone.now().replace(second=1)
    monkeypatch.setattr(timezone, "now", lambda: moment)  # the two views in the same minute
    agent, hr = cast.users[Role.AGENT], cast.users[Role.HR]
    make_engagement(cast.agents["agent"], mission, State.INTEREST)
    assert counts(hr)["meet"] == 1
    fresh = type(hr).objects.get(pk=hr.pk)
    with CaptureQueriesContext(connection) as queries:
        again = todo_for(fresh)
    assert {g.key: g.count for g in again}["meet"] == 1
    # kept: no query of « À faire » (roles, engagements…) — the stamps are in the cache, not the database here
    assert len(queries) == 0, [q["sql"] for q in queries]

    other = make_mission(cast.home, mission.host_unit, cast.agents[Role.HOST], status=MissionStatus.PUBLISHED)
    assert "mine" not in counts(agent)
    engagement_propose(mission=other, agent=cast.agents["agent"], by=hr)
    assert counts(agent)["mine"] == 1  # the proposal, committed, is there on the next view


def test_an_answer_given_through_the_pages_leaves_the_dashboard(cast, mission, client_for):
    agent = cast.users[Role.AGENT]
    other = make_mission(cast.home, mission.host_unit, cast.agents[Role.HOST], status=MissionStatus.PUBLISHED)
    proposal = engagement_propose(mission=other, agent=cast.agents["agent"], by=cast.users[Role.HR])
    client = client_for(agent)
    page = client.get("/tableau-de-bord/").content.decode()
    assert f'href="/engagements/{proposal.pk}/"' in page
    assert f'href="/engagements/{proposal.pk}/"' in client.get("/a-faire/").content.decode()  # kept
    answered = client.post(f"/engagements/{proposal.pk}/action/", {"action": "accept_proposal"})
    assert answered.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state != State.PROPOSAL
    assert f'href="/engagements/{proposal.pk}/"' not in client.get("/tableau-de-bord/").content.decode()


def test_a_role_given_or_taken_changes_the_list(cast, mission):
    make_engagement(cast.agents["agent"], mission, State.INTEREST)
    hr = cast.users[Role.HR]
    assert "meet" in counts(hr)
    hr.role_memberships.filter(role=Role.HR).delete()
    assert "meet" not in counts(hr)


def test_what_depends_on_the_time_follows_it_to_the_minute(cast, mission, monkeypatch):
    """A rencontre that has started asks the host whether to go on: no write marks that moment, the key's minute
    does."""
    engagement = make_engagement(cast.agents["agent"], mission, State.MEETING)
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=1)
    Meeting.objects.create(engagement=engagement, starts_at=start + datetime.timedelta(seconds=30))
    host = cast.users[Role.HOST]
    monkeypatch.setattr(timezone, "now", lambda: start)
    assert "after_meeting" not in counts(host)
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(seconds=61))
    assert counts(host)["after_meeting"] == 1
