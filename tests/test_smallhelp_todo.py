"""« À faire » for small help: each party's item appears when their answer is asked and leaves once given; the
manager's appears only after the agent's consent to a host's proposal."""

import pytest

from passerelles.access.models import Role
from passerelles.core.todo import todo_for
from passerelles.smallhelp import immersions, services
from tests.smallhelp_helpers import working_days_of_a_coming_month

pytestmark = pytest.mark.django_db

DAY = working_days_of_a_coming_month(1)[0]


def _keys(user) -> set[str]:
    return {group.key for group in todo_for(type(user).objects.get(pk=user.pk))}


def test_items_follow_the_agreements_and_the_agent_consent_first(cast):
    agent, manager, host = cast.agents["agent"], cast.agents["manager"], cast.agents[Role.HOST]
    help = services.help_propose(
        by=host.user, host_unit=host.unit, identifier=agent.email, half_days=[(DAY, "am")], purpose="Archives"
    )
    assert "small_help" in _keys(agent.user)
    assert "small_help" not in _keys(manager.user)
    assert "small_help" not in _keys(host.user)  # the host agreed by proposing
    services.help_agree(help=help, by=type(agent.user).objects.get(pk=agent.user.pk))
    assert "small_help" not in _keys(agent.user)
    assert "small_help" in _keys(manager.user)
    services.help_agree(help=help, by=type(manager.user).objects.get(pk=manager.user.pk))
    assert "small_help" not in _keys(manager.user)


def test_immersion_and_programme_items(cast):
    agent, host, hr = cast.agents["agent"], cast.agents[Role.HOST], cast.agents[Role.HR]
    programme = immersions.programme_create(
        by=hr.user, agent=agent, reason="abroad", note="", stops=[(host.unit, DAY, "day")]
    )
    assert "return_programmes" in _keys(agent.user)
    assert "immersions" not in _keys(host.user)
    immersions.programme_answer(
        programme=programme, by=type(agent.user).objects.get(pk=agent.user.pk), accept=True
    )
    assert "return_programmes" not in _keys(agent.user)
    assert "immersions" in _keys(host.user)
