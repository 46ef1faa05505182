"""``engagements.scopes.visible``: the engagements' rule as a condition through a relation (« À faire » reads
agreements, check-ins and documents with it) keeps exactly the rows of the engagements ``for_actor`` gives,
for every role of the demo network (every state, proposals declined and not, both employers' signatories)."""

import pytest

from passerelles.accounts.models import User
from passerelles.demo.generator import generate
from passerelles.documents.models import EngagementDocument
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Agreement, Engagement
from passerelles.engagements.scopes import visible
from passerelles.followup.models import CheckIn
from tests.once import restored_once


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def _people():
    """The demo accounts and, for each state, someone of each side of an engagement in it."""
    users = set(User.objects.filter(email__endswith="@demo.passerelles.test")[:40])
    for state in State.values:
        engagement = (
            Engagement.objects.filter(state=state).select_related("agent__manager", "mission").first()
        )
        if engagement is None:
            continue
        users |= {u for u in (engagement.agent.user, engagement.mission.created_by) if u is not None}
        if engagement.agent.manager_id and engagement.agent.manager.user_id:
            users.add(engagement.agent.manager.user)
    return sorted(users, key=lambda u: u.pk)


@pytest.mark.django_db
def test_visible_through_a_relation_keeps_the_rows_of_the_engagements_one_sees(demo_network):
    people = _people()
    assert len(people) > 20
    some_seen = 0
    for user in people:
        seen = Engagement.objects.for_actor(user)
        some_seen += seen.exists()
        for model in (Agreement, CheckIn, EngagementDocument):
            through = set(model.objects.filter(visible(user, "engagement__")).values_list("pk", flat=True))
            expected = set(model.objects.filter(engagement__in=seen).values_list("pk", flat=True))
            assert through == expected, (user.email, model.__name__)
    assert some_seen > 10  # the comparison is not between empty sets
