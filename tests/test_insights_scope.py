"""The dashboards' period and id filters: the same rows as the plain Django lookups, on both databases."""

import datetime
import zoneinfo

import pytest

from passerelles.engagements.models import EngagementEvent
from passerelles.foundation import lookups  # noqa: F401 (field__among)
from passerelles.insights.scope import Scope
from passerelles.organisations.models import OrgUnit
from passerelles.people.models import Agent
from tests.cast import make_agent, make_engagement, make_mission, make_organisation

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def test_among_finds_the_same_rows_as_in_with_one_parameter():
    organisation = make_organisation("Ville", "ville")
    agents = [make_agent(organisation, "Agent", f"N{i}", with_account=False) for i in range(6)]
    wanted = {agents[0].pk, agents[2].pk, agents[5].pk, 10**9}
    assert set(Agent.objects.filter(pk__among=wanted).values_list("pk", flat=True)) == wanted - {10**9}
    assert not Agent.objects.filter(pk__among=[]).exists()
    assert Agent.objects.filter(organisation_id__among=[organisation.pk]).count() == 6


def test_among_refuses_what_is_not_an_id():
    with pytest.raises((ValueError, TypeError)):
        list(Agent.objects.filter(pk__among=["1; DROP TABLE people_agent"]))


@pytest.mark.parametrize(
    ("moment", "counted"),
    [
        (datetime.datetime(2025, 3, 30, 0, 0, tzinfo=PARIS), True),  # the first local minute of the period
        (datetime.datetime(2025, 3, 29, 23, 59, tzinfo=PARIS), False),  # the evening before
        (datetime.datetime(2025, 10, 26, 23, 59, tzinfo=PARIS), True),  # the last local minute (winter time)
        (datetime.datetime(2025, 10, 27, 0, 0, tzinfo=PARIS), False),  # the next day
    ],
)
def test_a_moment_counts_by_its_local_day_across_daylight_saving_changes(moment, counted):
    """The period's bounds are local midnights (2025-03-30 and 2025-10-26 are the two clock changes): a
    date-time is in the period exactly when its local date is."""
    organisation = make_organisation("Ville", "ville")
    unit = OrgUnit.objects.create(organisation=organisation, name="Culture")
    lead = make_agent(organisation, "Léa", "Hôte", unit=unit)
    engagement = make_engagement(
        make_agent(organisation, "Ali", "Agent"), make_mission(organisation, unit, lead), "ready"
    )
    EngagementEvent.objects.create(
        engagement=engagement, from_state="agreements", to_state="ready", at=moment
    )
    scope = Scope((organisation.pk,), datetime.date(2025, 3, 30), datetime.date(2025, 10, 26))
    found = EngagementEvent.objects.filter(scope.within("at")).exists()
    assert found is counted
    assert (scope.start <= moment.astimezone(PARIS).date() <= scope.end) is counted
