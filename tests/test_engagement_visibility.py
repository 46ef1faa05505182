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


@pytest.mark.django_db
def test_the_short_list_of_a_person_is_the_rule_written_out(demo_network, monkeypatch):
    """For a person with only their own terms, ``visible`` is a list of ids read once per request: the same
    engagements as the rule written as a condition, and as the rule again when the list would be long."""
    from passerelles.access.actor import get_actor
    from passerelles.engagements import scopes

    listed = 0
    for user in _people():
        written = set(
            Engagement.objects.filter(scopes._seen(get_actor(user), user, "")).values_list("pk", flat=True)
        )
        condition = visible(user)
        assert set(Engagement.objects.filter(condition).values_list("pk", flat=True)) == written, user.email
        if not get_actor(user).org_ids("hr", "signatory"):
            listed += 1
            assert set(condition.children[0][1]) == written  # a list of constants, not a subquery
    assert listed > 10
    # HR's own terms are listed too, without the engagements its organisations' terms already cover (the
    # demo's HR wrote most of its organisation's missions: a list of those would pass the cap for nothing)
    hr = User.objects.get(email="rh@demo.passerelles.test")
    condition = visible(hr)
    own = [child for child in condition.children if isinstance(child, tuple) and child[0] == "pk__in"]
    assert condition.connector == "OR" and len(own) == 1 and isinstance(own[0][1], list)
    hr_orgs = get_actor(hr).org_ids("hr")
    assert not Engagement.objects.filter(pk__in=own[0][1], agent__organisation_id__in=hr_orgs).exists()
    assert not Engagement.objects.filter(pk__in=own[0][1], mission__organisation_id__in=hr_orgs).exists()
    monkeypatch.setattr(scopes, "SHORT", 0)
    for user in _people()[:10]:
        fresh = User.objects.get(pk=user.pk)  # a new request: nothing kept
        seen = set(Engagement.objects.filter(visible(fresh)).values_list("pk", flat=True))
        assert seen == set(
            Engagement.objects.filter(scopes._seen(get_actor(fresh), fresh, "")).values_list("pk", flat=True)
        )


@pytest.mark.django_db
def test_a_kept_list_is_read_again_after_a_write_of_the_same_request(demo_network):
    """What the actor keeps for a request (its engagements' ids) is read again once the request wrote: an
    agent who has just been proposed a mission sees it in the same request."""
    from passerelles.missions.models import Mission

    engagement = Engagement.objects.filter(agent__user__isnull=False).select_related("agent__user").first()
    user = engagement.agent.user
    before = set(Engagement.objects.filter(visible(user)).values_list("pk", flat=True))
    assert engagement.pk in before
    mission = Mission.objects.exclude(engagements__agent=engagement.agent).first()
    new = Engagement.objects.create(
        agent=engagement.agent,
        mission=mission,
        state=State.INTEREST,
        start_date=engagement.start_date,
        end_date=engagement.end_date,
        percent=engagement.percent,
    )
    after = set(Engagement.objects.filter(visible(user)).values_list("pk", flat=True))
    assert after == before | {new.pk}
