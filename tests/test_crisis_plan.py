"""The crisis plan (issue 17 §3): building the planner's instance, storing a plan, adjusting it by hand,
publishing it into engagements on the crisis path."""

import datetime

import pytest

from passerelles.access.models import Role
from passerelles.crisis import planner, planning, publication
from passerelles.crisis.models import Assignment, Plan
from passerelles.crisis.plan_errors import PlanRefused
from passerelles.crisis.vocabulary import Answer, PlanStatus
from passerelles.engagements.lifecycle import EventKind, State
from passerelles.engagements.models import Agreement, Decision, Engagement
from passerelles.frameworks.models import EngagementFramework
from passerelles.missions.models import MissionStatus, Purpose
from passerelles.notifications.models import Notification
from tests.crisis_plan_data import World, no_violation, result

pytestmark = pytest.mark.django_db

D = datetime.timedelta


@pytest.fixture
def world(cast, monkeypatch):
    monkeypatch.setattr(planner, "check", no_violation, raising=False)
    return World(cast)


def hr(world):
    return world.cast.users[Role.HR]


def draft(world, pairs, unfilled=None):
    instance = planning.build_instance(world.crisis)
    return planning.store_result(
        crisis=world.crisis, instance=instance, result=result(pairs, unfilled), by=hr(world)
    )


# --- the instance -----------------------------------------------------------------------------------------


def test_days_are_the_confirmed_dates_else_the_usual_weekdays(world):
    today = world.today
    confirmed = world.volunteer("Alice", "Dates", dates=[today + D(days=1), today + D(days=30)])
    usual = world.volunteer("Bruno", "Semaine", days=[today.weekday()])
    instance = planning.build_instance(world.crisis)
    people = {p.id: p for p in instance.people}
    assert people[confirmed.pk].days == frozenset({today + D(days=1)})  # the date after the crisis is dropped
    assert people[usual.pk].days == frozenset({today})  # only that weekday within the 7 days


def test_only_available_volunteers_are_people(world):
    yes = world.volunteer("Alice", "Oui")
    world.volunteer("Bruno", "Non", answer=Answer.UNAVAILABLE)
    world.volunteer("Chloe", "Muette", answer=Answer.ASKED)
    gone = world.volunteer("Denis", "Parti", is_active=False)
    ids = {p.id for p in planning.build_instance(world.crisis).people}
    assert ids == {yes.pk}
    assert gone.pk not in ids


def test_sites_default_to_the_agents_own_site(world):
    own = world.volunteer("Alice", "Ici")
    travels = world.volunteer("Bruno", "Mobile", sites=[world.ehpad_site])
    people = {p.id: p for p in planning.build_instance(world.crisis).people}
    assert people[own.pk].sites == frozenset({world.site.pk})
    assert people[travels.pk].sites == frozenset({world.ehpad_site.pk})


def test_floors_come_from_essential_units_only(world):
    world.volunteer("Alice", "Creche")
    instance = planning.build_instance(world.crisis)
    # the essential « Service des écoles »: its active agents (the cast's manager and agent), minimum 1
    assert instance.floors == (planner.Floor(unit=world.schools.pk, staff=2, minimum=1),)
    assert world.creche.pk not in {f.unit for f in instance.floors}  # a closed unit lends freely


def test_shifts_are_the_needs_not_cancelled_and_nights_end_the_next_day(world):
    from django.utils import timezone

    night = world.need(start="21:00", end="07:00", habilitations=["psc1"], head_count=2)
    world.need(cancelled_at=timezone.now())
    (shift,) = planning.build_instance(world.crisis).shifts
    assert shift.id == night.pk and shift.head_count == 2 and shift.habilitations == {"psc1"}
    assert shift.end - shift.start == D(hours=10)


def test_keep_fixed_and_excluded_come_from_the_plan_in_force(world):
    from django.utils import timezone

    a, b = world.volunteer("Alice", "A"), world.volunteer("Bruno", "B")
    n1, n2 = world.need(), world.need(day=1)
    plan = draft(world, [(a.pk, n1.pk), (b.pk, n1.pk), (a.pk, n2.pk)])
    Assignment.objects.filter(plan=plan, volunteer=b).update(by_hand=True)
    publication.publish_plan(plan=plan, by=hr(world))
    Assignment.objects.filter(plan=plan, volunteer=a, need=n2).update(withdrawn_at=timezone.now())
    instance = planning.build_instance(world.crisis)
    assert instance.keep == {(a.pk, n1.pk), (b.pk, n1.pk)}
    assert instance.fixed == {(b.pk, n1.pk)}
    assert instance.excluded == {(a.pk, n2.pk)}


# --- computing and adjusting ----------------------------------------------------------------------------


def test_compute_stores_a_draft_with_stats_and_replaces_the_previous_draft(world):
    a = world.volunteer("Alice", "A")
    n1, n2 = world.need(), world.need(day=1, head_count=2)

    def solver(instance):
        return result([(a.pk, n1.pk), (a.pk, 999)], {n2.pk: (2, "aucune personne disponible le 2")}, 1 / 3)

    first = planning.compute_plan(crisis=world.crisis, by=hr(world), solver=solver)
    second = planning.compute_plan(crisis=world.crisis, by=hr(world), solver=solver)
    assert not Plan.objects.filter(pk=first.pk).exists()
    assert second.status == PlanStatus.DRAFT
    assert second.stats["assigned"] == 1 and second.stats["unfilled"] == 2 and second.stats["places"] == 3
    assert list(second.assignments.values_list("volunteer_id", "need_id")) == [(a.pk, n1.pk)]
    assert second.unfilled.get().reason == "aucune personne disponible le 2"


def test_only_runners_compute(world):
    world.need()
    with pytest.raises(PlanRefused):
        planning.compute_plan(crisis=world.crisis, by=world.cast.users["agent"], solver=lambda i: result([]))


def test_no_need_no_plan(world):
    with pytest.raises(PlanRefused, match="Aucun besoin"):
        planning.compute_plan(crisis=world.crisis, by=hr(world), solver=lambda i: result([]))


def test_eligible_lists_only_who_may_take_the_shift(world):
    good = world.volunteer("Alice", "Habilitee", habilitations=["psc1"], days=[0, 1, 2, 3, 4, 5, 6])
    world.volunteer("Bruno", "Sans", habilitations=[])
    world.volunteer("Chloe", "Ailleurs", habilitations=["psc1"], dates=[world.today + D(days=3)])
    world.volunteer("Denis", "Indispo", habilitations=["psc1"], answer=Answer.UNAVAILABLE)
    need = world.need(habilitations=["psc1"])
    plan = draft(world, [])
    assert planning.eligible_volunteers(plan, need) == [good]


def test_add_by_hand_is_rechecked_and_refused_with_the_rule(world, monkeypatch):
    a = world.volunteer("Alice", "A")
    need = world.need()
    plan = draft(world, [], {need.pk: (1, "personne")})
    monkeypatch.setattr(planner, "check", lambda instance, pairs: ["Alice A n'a pas 11 h de repos"])
    with pytest.raises(PlanRefused, match="11 h de repos"):
        planning.add_assignment(plan=plan, need=need, volunteer=a, by=hr(world))
    monkeypatch.setattr(planner, "check", no_violation)
    added = planning.add_assignment(plan=plan, need=need, volunteer=a, by=hr(world))
    assert added.by_hand
    assert not plan.unfilled.exists()  # the shift is full now
    planning.remove_assignment(assignment=added, by=hr(world))
    assert plan.unfilled.get().missing == 1


def test_a_published_plan_is_not_adjusted(world):
    a = world.volunteer("Alice", "A")
    need = world.need()
    plan = draft(world, [(a.pk, need.pk)])
    publication.publish_plan(plan=plan, by=hr(world))
    with pytest.raises(PlanRefused, match="brouillon"):
        planning.remove_assignment(assignment=plan.assignments.get(), by=hr(world))


def test_origin_is_marked_by_hr(world):
    a = world.volunteer("Alice", "A")
    need = world.need()
    plan = draft(world, [(a.pk, need.pk)])
    assignment = planning.set_origin(assignment=plan.assignments.get(), requested=True, by=hr(world))
    assert assignment.origin == "requested"


# --- publication -------------------------------------------------------------------------------------------


def test_publish_creates_one_mission_per_unit_and_one_engagement_per_agent(world):
    a, b = world.volunteer("Alice", "A"), world.volunteer("Bruno", "B")
    n1, n2 = world.need(), world.need(day=2)
    plan = draft(world, [(a.pk, n1.pk), (a.pk, n2.pk), (b.pk, n2.pk)])
    publication.publish_plan(plan=plan, by=hr(world))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    engagements = Engagement.objects.filter(crisis_shifts__plan=plan).distinct()
    assert engagements.count() == 2
    mission = engagements.first().mission
    assert mission.purpose == Purpose.CRISE and mission.host_unit == world.ehpad
    assert mission.status == MissionStatus.CLOSED and mission.places == 2
    alice = engagements.get(agent=a.agent)
    assert alice.state == State.ACTIVE  # her first shift is today
    assert (alice.start_date, alice.end_date) == (world.today, world.today + D(days=2))
    assert engagements.get(agent=b.agent).state == State.READY  # from the day after tomorrow
    assert alice.events.get().action == EventKind.CRISIS_ASSIGNED
    assert EngagementFramework.objects.get(engagement=alice).code == "crise_reaffectation"
    assert not plan.assignments.filter(engagement__isnull=True).exists()
    # the agent hears of their shifts, the manager is informed, the host unit's manager learns who comes
    assert Notification.objects.filter(user=a.agent.user, kind="crisis").count() == 1
    assert Notification.objects.filter(user=world.boss.user, kind="crisis").count() == 2
    assert Notification.objects.filter(user=world.ehpad_boss.user, kind="crisis").count() == 1


def test_publishing_twice_changes_nothing(world):
    a = world.volunteer("Alice", "A")
    need = world.need()
    plan = draft(world, [(a.pk, need.pk)])
    publication.publish_plan(plan=plan, by=hr(world))
    counts = (Engagement.objects.count(), Notification.objects.count())
    publication.publish_plan(plan=plan, by=hr(world))
    assert (Engagement.objects.count(), Notification.objects.count()) == counts


def test_republish_supersedes_keeps_unchanged_engagements_and_releases_the_others(world):
    a, b, c = world.volunteer("Alice", "A"), world.volunteer("Bruno", "B"), world.volunteer("Chloe", "C")
    n1, n2 = world.need(), world.need(day=1)
    first = draft(world, [(a.pk, n1.pk), (b.pk, n2.pk)])
    publication.publish_plan(plan=first, by=hr(world))
    alice = Engagement.objects.get(agent=a.agent)
    events = alice.events.count()
    second = draft(world, [(a.pk, n1.pk), (c.pk, n2.pk)])
    assert second.based_on == first
    before = Notification.objects.filter(user=a.agent.user).count()
    publication.publish_plan(plan=second, by=hr(world))
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED
    alice.refresh_from_db()
    assert alice.events.count() == events and alice.state == State.ACTIVE  # untouched
    assert Notification.objects.filter(user=a.agent.user).count() == before  # not told again
    assert second.assignments.get(volunteer=a).engagement == alice
    bruno = Engagement.objects.get(agent=b.agent)
    assert bruno.state == State.WITHDRAWN
    assert bruno.events.last().action == EventKind.CRISIS_RELEASED
    assert Engagement.objects.get(agent=c.agent).mission == alice.mission  # the same mission reused


def test_a_superseded_plan_is_not_published(world):
    a = world.volunteer("Alice", "A")
    need = world.need()
    first = draft(world, [(a.pk, need.pk)])
    publication.publish_plan(plan=first, by=hr(world))
    second = draft(world, [(a.pk, need.pk)])
    publication.publish_plan(plan=second, by=hr(world))
    with pytest.raises(PlanRefused, match="remplacé"):
        publication.publish_plan(plan=Plan.objects.get(pk=first.pk), by=hr(world))


def test_only_runners_publish(world):
    a = world.volunteer("Alice", "A")
    plan = draft(world, [(a.pk, world.need().pk)])
    with pytest.raises(PlanRefused):
        publication.publish_plan(plan=plan, by=world.cast.users[Role.SIGNATORY])
    assert not Engagement.objects.filter(mission__purpose=Purpose.CRISE).exists()


def test_when_the_manager_must_agree_the_engagement_waits_for_them(cast, monkeypatch):
    from passerelles.engagements import services

    monkeypatch.setattr(planner, "check", no_violation, raising=False)
    world = World(cast, manager_must_agree=True)
    a = world.volunteer("Alice", "A")
    need = world.need(day=1)
    plan = draft(world, [(a.pk, need.pk)])
    publication.publish_plan(plan=plan, by=hr(world))
    engagement = Engagement.objects.get(agent=a.agent)
    assert engagement.state == State.AGREEMENTS
    pending = Agreement.objects.filter(engagement=engagement, decision=Decision.PENDING)
    assert list(pending.values_list("party", flat=True)) == ["manager"]
    manager_note = Notification.objects.get(user=world.boss.user, kind="crisis")
    assert manager_note.action_needed
    services.engagement_decide(engagement=engagement, by=world.boss.user, party="manager", decision="agreed")
    engagement.refresh_from_db()
    assert engagement.state == State.READY


def test_with_the_real_solver_and_check(cast):
    """Against crisis/planner.py itself: computed, a wrong addition refused with the rule, re-plan stable."""
    world = World(cast)
    every = [0, 1, 2, 3, 4, 5, 6]
    world.volunteer("Alice", "A", days=every, habilitations=["psc1"])
    bruno = world.volunteer("Bruno", "B", days=every)
    first = world.need(habilitations=["psc1"], head_count=2)
    world.need(day=1, start="09:00", end="11:00")
    plan = planning.compute_plan(crisis=world.crisis, by=hr(world))
    assert plan.stats["assigned"] == 2 and plan.stats["unfilled"] == 1
    assert plan.unfilled.get().need == first
    with pytest.raises(PlanRefused, match="Bruno B.*PSC1"):
        planning.add_assignment(plan=plan, need=first, volunteer=bruno, by=hr(world))
    assert planning.eligible_volunteers(plan, first) == []
    publication.publish_plan(plan=plan, by=hr(world))
    again = planning.compute_plan(crisis=world.crisis, by=hr(world))
    pairs = set(plan.assignments.values_list("volunteer_id", "need_id"))
    assert set(again.assignments.values_list("volunteer_id", "need_id")) == pairs
