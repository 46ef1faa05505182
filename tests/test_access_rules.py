"""Who may see and do what: the actor's roles, the scoped querysets and the named predicates."""

import pytest

from passerelles.access import policies
from passerelles.access.actor import build_actor, get_actor
from passerelles.access.models import Role
from passerelles.organisations.models import Network, Organisation, OrgUnit
from passerelles.people.models import Agent

pytestmark = pytest.mark.django_db


def test_roles_follow_from_profile_chart_and_memberships(cast):
    assert build_actor(cast.users[Role.AGENT]).roles == [Role.AGENT]
    assert build_actor(cast.users[Role.MANAGER]).roles == [Role.MANAGER, Role.AGENT]
    assert build_actor(cast.users[Role.HR]).roles == [Role.HR, Role.AGENT]


def test_a_deactivated_agent_is_no_longer_an_agent_nor_a_manager(cast):
    manager = cast.agents["manager"]
    cast.agents["agent"].is_active = False
    cast.agents["agent"].save()
    assert Role.MANAGER not in build_actor(manager.user).roles
    manager.is_active = False
    manager.save()
    assert build_actor(manager.user).roles == []


def test_actor_is_computed_once_per_user_object(cast, django_assert_num_queries):
    user = cast.users[Role.HR]
    get_actor(user)
    with django_assert_num_queries(0):
        get_actor(user).org_ids()


def test_anonymous_sees_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not Agent.objects.for_actor(anonymous).exists()
    assert not Organisation.objects.for_actor(anonymous).exists()


def test_agent_sees_only_themself(cast):
    visible = set(Agent.objects.for_actor(cast.users[Role.AGENT]))
    assert visible == {cast.agents["agent"]}


def test_manager_sees_themself_and_direct_reports(cast):
    visible = set(Agent.objects.for_actor(cast.users[Role.MANAGER]))
    assert visible == {cast.agents["manager"], cast.agents["agent"]}


def test_hr_sees_the_whole_organisation_and_nothing_else(cast):
    visible = Agent.objects.for_actor(cast.users[Role.HR])
    assert set(visible) == set(Agent.objects.filter(organisation=cast.home))
    assert cast.outsider_agent not in visible


def test_organisations_include_network_partners_only(cast):
    visible = set(Organisation.objects.for_actor(cast.users[Role.AGENT]))
    assert visible == {cast.home, cast.partner}
    assert set(Network.objects.for_actor(cast.users[Role.AGENT])) == {cast.network}


def test_units_are_those_of_own_organisation(cast):
    units = OrgUnit.objects.for_actor(cast.users[Role.HOST])
    assert units.exists()
    assert not units.exclude(organisation=cast.home).exists()


@pytest.mark.parametrize(
    ("role", "directory", "settings_", "team", "network"),
    [
        (Role.AGENT, False, False, False, False),
        (Role.MANAGER, False, False, True, False),
        (Role.HOST, False, False, False, False),
        (Role.HR, True, False, False, False),
        (Role.SIGNATORY, False, False, False, False),
        (Role.NETWORK_COORDINATOR, False, False, False, True),
        (Role.ADMIN, True, True, False, False),
    ],
)
def test_predicates_by_role(cast, role, directory, settings_, team, network):
    user = cast.users[role]
    assert policies.can_view_organisation(user, cast.home)
    assert policies.can_view_directory(user, cast.home) is directory
    assert policies.can_edit_organisation_settings(user, cast.home) is settings_
    assert policies.can_view_team(user) is team
    assert policies.can_coordinate_network(user, cast.network) is network
    # nothing at all in the outsider organisation
    assert not policies.can_view_organisation(user, cast.outsider)
    assert not policies.can_view_directory(user, cast.outsider)
    assert not policies.can_coordinate_network(user, cast.outsider_network)


def test_a_mission_fetched_through_the_scope_is_not_asked_about_again_until_a_write(
    cast, django_assert_num_queries
):
    """mission_for reads the mission through the HR's scope: « may they see its suggestions? » is then known;
    any write of the process asks the database again, and another person's actor never shares the answer."""
    from passerelles.missions.queries import mission_for
    from tests.cast import make_workshop_mission

    mission = make_workshop_mission(cast)
    hr = cast.users[Role.HR]
    mission = mission_for(hr, mission.pk)
    with django_assert_num_queries(0):
        assert policies.can_see_suggestions(hr, mission)
    cast.agents["agent"].save()  # a write: what was read in the request may have changed
    with django_assert_num_queries(1):
        assert policies.can_see_suggestions(hr, mission)
    outsider = type(hr).objects.get(pk=cast.outsider_agent.user_id)
    assert not policies.can_see_suggestions(outsider, mission)  # asked, and answered, for that person
