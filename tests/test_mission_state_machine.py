"""A mission's state machine: the table is the only way between statuses, and each step names its kind."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from passerelles.access.models import Role
from passerelles.foundation.statemachine import TransitionRefused
from passerelles.missions.lifecycle import MACHINE, MissionEventKind, MissionStatus, kind_for
from passerelles.missions.models import Mission, MissionEvent
from passerelles.missions.services import MissionStepRefused, mission_review, mission_submit
from tests.cast import make_mission

KINDS = {"author", "host", "hr", "system"}


def test_every_pair_not_in_the_mission_table_is_refused():
    allowed = {(t.source, t.action) for t in MACHINE.transitions}
    refused = 0
    for status, action in itertools.product(MissionStatus.values, sorted(MACHINE.actions)):
        if (status, action) in allowed:
            assert MACHINE.transition_for(status, action, KINDS).source == status
            continue
        with pytest.raises(TransitionRefused, match="pas possible depuis"):
            MACHINE.transition_for(status, action, KINDS)
        refused += 1
    assert refused == len(MissionStatus.values) * len(MACHINE.actions) - len(allowed)
    assert not MACHINE.available(MissionStatus.DECLINED, KINDS)  # a declined mission is final


def test_who_takes_each_mission_step():
    assert MACHINE.transition_for(MissionStatus.SUBMITTED, "publish", {"hr"})
    for action, source in (("publish", MissionStatus.SUBMITTED), ("reopen", MissionStatus.CLOSED)):
        with pytest.raises(TransitionRefused, match="ne vous revient pas"):
            MACHINE.transition_for(source, action, {"system"} if action == "reopen" else {"host", "author"})
    assert MACHINE.transition_for(MissionStatus.PUBLISHED, "close", {"system"}).target == MissionStatus.CLOSED


def test_each_step_between_two_statuses_has_one_kind_with_a_sentence():
    for t in MACHINE.transitions:
        assert kind_for(t.source, t.target) == t.action
        assert str(MissionEventKind(t.action).label).startswith("a ")
    assert kind_for("", MissionStatus.DRAFT) == MissionEventKind.CREATE
    with pytest.raises(ValueError):
        kind_for(MissionStatus.DECLINED, MissionStatus.PUBLISHED)


@pytest.mark.django_db
def test_the_steps_are_logged_with_their_kind_and_refused_out_of_order(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead)
    hr = cast.users[Role.HR]
    with pytest.raises(MissionStepRefused, match="Brouillon"):
        mission_review(mission=mission, by=hr, decision=MissionStatus.PUBLISHED)
    mission_submit(mission=mission, by=cast.users[Role.HOST])
    mission_review(mission=mission, by=hr, decision=MissionStatus.PUBLISHED)
    with pytest.raises(PermissionDenied):  # a published mission is no longer its author's to submit
        mission_submit(mission=mission, by=cast.users[Role.HOST])
    with pytest.raises(MissionStepRefused, match="Publiée"):
        mission_review(mission=mission, by=hr, decision=MissionStatus.DECLINED, comment="Trop tard")
    steps = list(
        MissionEvent.objects.filter(mission=mission).values_list("action", "from_status", "to_status")
    )
    assert steps == [("submit", "draft", "submitted"), ("publish", "submitted", "published")]
    legacy = MissionEvent.objects.create(mission=mission, from_status="published", to_status="closed")
    assert legacy.action == "close"  # rows written without their kind get it from the table


@pytest.mark.django_db
def test_the_database_refuses_a_declined_mission_without_its_reason(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.SUBMITTED)
    for change in (
        {"status": MissionStatus.DECLINED},  # declined, no reason written
        {"status": MissionStatus.DECLINED, "review_comment": ""},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Mission.objects.filter(pk=mission.pk).update(**change)
    mission.refresh_from_db()
    assert mission.status == MissionStatus.SUBMITTED
    mission_review(
        mission=mission, by=cast.users[Role.HR], decision=MissionStatus.DECLINED, comment="Doublon"
    )
    mission.refresh_from_db()
    assert (mission.status, mission.review_comment) == (MissionStatus.DECLINED, "Doublon")
    with pytest.raises(IntegrityError), transaction.atomic():  # nor can the reason be wiped afterwards
        Mission.objects.filter(pk=mission.pk).update(review_comment="")


@pytest.mark.django_db
def test_a_decline_without_a_reason_is_refused_before_the_database(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.SUBMITTED)
    with pytest.raises(MissionStepRefused, match="raison du refus"):
        mission_review(mission=mission, by=cast.users[Role.HR], decision=MissionStatus.DECLINED, comment="  ")
    mission.refresh_from_db()
    assert mission.status == MissionStatus.SUBMITTED and not mission.events.filter(action="decline").exists()
