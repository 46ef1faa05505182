"""The engagement's state machine: the table is the only way between states, every step is a known kind,
and the database refuses a row whose fields contradict its state (the extension left on a finished mission)."""

import datetime
import itertools

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements import lifecycle
from passerelles.engagements.lifecycle import EventKind, State, TransitionRefused, transition_for
from passerelles.engagements.models import Agreement, Decision, Engagement, Party
from passerelles.engagements.services import (
    engagement_decide,
    engagement_request_extension,
    engagement_transition,
    note,
    run_daily,
    send_reminders,
    timeline_for,
)
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from tests.cast import make_engagement, make_mission

ALL_KINDS = {"agent", "broker", "manager", "system"}
ACTIONS = sorted({t.action for t in lifecycle.TRANSITIONS})


# --- the table, without the database ---


def test_every_pair_not_in_the_table_is_refused_whoever_asks():
    allowed = {(t.source, t.action) for t in lifecycle.TRANSITIONS}
    refused = 0
    for state, action in itertools.product(State.values, ACTIONS):
        if (state, action) in allowed:
            assert transition_for(state, action, ALL_KINDS).source == state
            continue
        with pytest.raises(TransitionRefused):
            transition_for(state, action, ALL_KINDS)
        refused += 1
    assert refused == len(State.values) * len(ACTIONS) - len(allowed) > 40


def test_a_move_in_the_table_is_refused_to_whom_it_does_not_belong():
    for transition in lifecycle.TRANSITIONS:
        others = ALL_KINDS - transition.by
        if others:
            with pytest.raises(TransitionRefused, match="ne vous revient pas"):
                transition_for(transition.source, transition.action, others)


def test_closed_states_have_no_way_out_but_evaluation():
    for transition in lifecycle.TRANSITIONS:
        if transition.source in lifecycle.CLOSED_STATES:
            assert (transition.source, transition.target) == (State.ENDED, State.EVALUATED)


def test_every_move_of_the_table_is_a_timeline_kind_with_a_sentence():
    for transition in lifecycle.TRANSITIONS:
        kind = EventKind(transition.action)
        assert kind.label and str(kind.label)[0].islower()  # it follows the person's name


# --- with the database ---


@pytest.fixture
def mission(cast):
    lead = cast.agents[Role.HOST]
    today = timezone.localdate()
    return make_mission(
        cast.home,
        lead.unit,
        lead,
        status=MissionStatus.PUBLISHED,
        title="Ateliers numériques",
        start_date=today - datetime.timedelta(days=20),  # under way: an extension is for a running mission
        end_date=today + datetime.timedelta(days=40),
    )


def extension_pending(cast, mission):
    engagement = make_engagement(cast.agents["agent"], mission, State.ACTIVE, agreement_round=1)
    engagement_request_extension(
        engagement=engagement,
        by=cast.users[Role.HR],
        end_date=engagement.end_date + datetime.timedelta(days=30),
    )
    engagement.refresh_from_db()
    assert engagement.extension_end_date is not None
    return engagement


def _stale(engagement):
    Engagement.objects.filter(pk=engagement.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    engagement.events.update(at=timezone.now() - datetime.timedelta(days=30))


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["withdraw", "end_early", "end_on_date"])
def test_an_extension_pending_when_the_mission_stops_lapses_and_nobody_is_reminded(cast, mission, how):
    engagement = extension_pending(cast, mission)
    if how == "withdraw":
        engagement_transition(
            engagement=engagement,
            action="withdraw",
            by=cast.users[Role.AGENT],
            comment="Raisons personnelles",
        )
    elif how == "end_early":
        engagement_transition(
            engagement=engagement, action="end_early", by=cast.users[Role.HR], comment="mission_accomplie"
        )
    else:
        run_daily(today=engagement.end_date + datetime.timedelta(days=1))
    engagement.refresh_from_db()
    assert engagement.state != State.ACTIVE and engagement.extension_end_date is None
    round_ = Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round)
    assert round_.exists() and not round_.filter(decision=Decision.PENDING).exists()
    assert set(round_.values_list("decision", flat=True)) == {Decision.CANCELLED}
    assert engagement.events.filter(action=EventKind.EXTENSION_LAPSED).count() == 1
    _stale(engagement)
    Notification.objects.all().delete()
    send_reminders(now=timezone.now())
    assert not Notification.objects.filter(
        subject__contains="Relance", subject__endswith="numériques »"
    ).exists()


@pytest.mark.django_db
def test_a_declined_extension_closes_the_other_pending_agreements(cast, mission):
    engagement = extension_pending(cast, mission)
    engagement_decide(
        engagement=engagement,
        by=cast.users[Role.MANAGER],
        party=Party.MANAGER,
        decision="declined",
        reason="Non",
    )
    pending = Agreement.objects.filter(engagement=engagement, round=2, decision=Decision.PENDING)
    assert not pending.exists()
    assert Agreement.objects.filter(engagement=engagement, round=2, decision=Decision.CANCELLED).exists()


@pytest.mark.django_db
def test_the_database_refuses_fields_that_contradict_the_state(cast, mission):
    engagement = make_engagement(cast.agents["agent"], mission, State.MEETING)
    for change in (
        {"extension_end_date": engagement.end_date + datetime.timedelta(days=5)},
        {"state": State.DECLINED, "decline_reason": ""},
        {"end_reason": "autre"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Engagement.objects.filter(pk=engagement.pk).update(**change)
    engagement.refresh_from_db()
    assert engagement.state == State.MEETING and engagement.extension_end_date is None


@pytest.mark.django_db
def test_a_decline_without_a_reason_is_refused_on_every_path(cast, mission):
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    with pytest.raises(TransitionRefused, match="raison"):
        engagement_transition(engagement=engagement, action="decline", by=cast.users[Role.HR], comment="   ")
    engagement.refresh_from_db()
    assert engagement.state == State.INTEREST and not engagement.events.filter(action="decline").exists()
    engagement_transition(engagement=engagement, action="decline", by=cast.users[Role.HR], comment="Pourvue")
    engagement.refresh_from_db()
    assert engagement.state == State.DECLINED and engagement.decline_reason == "Pourvue"


@pytest.mark.django_db
def test_an_unknown_timeline_kind_is_a_programming_error(cast, mission):
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    with pytest.raises(ValueError):
        note(engagement, "did_something")
    assert not engagement.events.exists()


@pytest.mark.django_db
def test_the_timeline_says_what_each_person_did(cast, client_for):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)  # starts in a month
    engagement = make_engagement(cast.agents["agent"], mission, State.AGREEMENTS, agreement_round=1)
    Agreement.objects.create(engagement=engagement, round=1, party=Party.HOST)
    engagement_decide(engagement=engagement, by=cast.users[Role.HOST], party=Party.HOST, decision="agreed")
    [entry] = [
        e for e in timeline_for(cast.users[Role.HR], engagement) if e.event.action == EventKind.AGREE_HOST
    ]
    assert entry.event.get_action_display() == "a donné son accord (accueil)"
    page = client_for(cast.users[Role.HR]).get(f"/engagements/{engagement.pk}/").content.decode()
    assert f"{cast.users[Role.HOST]} a donné son accord (accueil)" in page
    assert " : Accords" not in page


def test_the_later_stages_are_plugged_into_the_core_in_order():
    """The core never imports frameworks, documents or follow-up; they register what they add (apps.ready)."""
    from passerelles.engagements.stages import registered

    hooks = registered()
    assert hooks["parties"] == ["passerelles.frameworks.services.framework_parties"]
    assert hooks["readiness"] == [
        "passerelles.frameworks.services.framework_missing",
        "passerelles.frameworks.assembly.assembly_missing",
        "passerelles.documents.services.documents_missing",
    ]
    assert hooks["extension_limits"] == ["passerelles.frameworks.durations.extension_refusal"]
    assert hooks["on_ready"] == ["passerelles.followup.services.schedule_checkins"]
    assert hooks["on_activate"] == [
        "passerelles.followup.services.schedule_checkins",
        "passerelles.reimbursements.services.follow_engagement",  # issue 18: the schedule follows the dates
    ]
    assert hooks["proposal_accepted"] == ["passerelles.matching.services.reveal_on_acceptance"]
    assert hooks["on_extended"] == [
        "passerelles.documents.services.write_avenant",
        "passerelles.reimbursements.services.follow_engagement",
    ]


def test_the_engagement_core_imports_no_later_stage():
    import ast
    from pathlib import Path

    import passerelles.engagements as core

    later = (
        "passerelles.documents",
        "passerelles.followup",
        "passerelles.frameworks",
        "passerelles.evaluations",
    )
    here = Path(core.__file__).parent
    # the use cases are a package, one module per use case: every one of its files is walked
    services = sorted((here / "services").glob("*.py"))
    assert {"__init__.py", "steps.py", "agreements.py"} <= {path.name for path in services}
    plain = ("lifecycle.py", "capacity.py", "stages.py", "models.py", "queries.py")
    for path in [*services, *(here / name for name in plain)]:
        tree = ast.parse(path.read_text())
        imported = [
            node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
        ] + [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not [m for m in imported if m.startswith(later)], path.name
