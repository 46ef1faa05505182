"""« À faire » asks some questions without composing the person's scope on top of them (core/todo.py): HR's
work on its organisations' engagements, check-ins, missions and stories, one's hosted and written missions,
one's own stories. Each such condition must lie inside the scope it replaces, for every person of the demo
network — if a scope ever narrows (HR no longer reading an organisation's proposals, say), this fails before
« À faire » lists what the person may not open."""

import pytest

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.accounts.models import User
from passerelles.core.todo_hr import _hr_of
from passerelles.demo.generator import generate
from passerelles.engagements.models import Engagement
from passerelles.engagements.scopes import hosted_missions
from passerelles.followup.models import CheckIn
from passerelles.missions.models import Mission
from passerelles.stories.models import Story, StoryStatus
from tests.once import restored_once


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def _ids(queryset) -> set:
    return set(queryset.values_list("pk", flat=True))


def _people():
    """The demo accounts, and the authors and project leads of missions (hosts who are not demo accounts)."""
    users = set(User.objects.filter(email__endswith="@demo.passerelles.test"))
    users |= set(User.objects.filter(pk__in=Mission.objects.values("created_by_id")[:30]))
    users |= set(User.objects.filter(agent__led_missions__isnull=False)[:30])
    return sorted(users, key=lambda u: u.pk)


@pytest.mark.django_db
def test_hrs_own_conditions_lie_inside_their_scope(demo_network):
    checked = 0
    for user in _people():
        hr_orgs = get_actor(user).org_ids(Role.HR)
        if not hr_orgs:
            continue
        seen = Engagement.objects.for_actor(user)
        work = _ids(Engagement.objects.filter(_hr_of(hr_orgs)))
        assert work and work <= _ids(seen), user.email
        assert _ids(CheckIn.objects.filter(_hr_of(hr_orgs, "engagement__"))) <= _ids(
            CheckIn.objects.filter(engagement__in=seen)
        ), user.email
        missions = _ids(Mission.objects.filter(organisation_id__in=hr_orgs))
        assert missions and missions <= _ids(Mission.objects.for_actor(user)), user.email
        stories = Story.objects.filter(
            status__in=[StoryStatus.SUBMITTED, StoryStatus.CHANGES], agent__organisation_id__in=hr_orgs
        )
        assert _ids(stories) <= _ids(Story.objects.for_actor(user)), user.email
        checked += 1
    assert checked >= 2


@pytest.mark.django_db
def test_ones_own_missions_and_stories_lie_inside_the_scope(demo_network):
    hosts = 0
    for user in _people():
        actor = get_actor(user)
        visible_missions = _ids(Mission.objects.for_actor(user))
        hosted = _ids(Mission.objects.filter(hosted_missions(actor, user)))
        written = _ids(Mission.objects.filter(created_by=user))
        assert hosted <= visible_missions and written <= visible_missions, user.email
        hosts += bool(hosted)
        if actor.agent is not None:
            own = Story.objects.filter(status=StoryStatus.CHANGES, agent_id=actor.agent.pk)
            assert _ids(own) <= _ids(Story.objects.for_actor(user)), user.email
    assert hosts > 10
