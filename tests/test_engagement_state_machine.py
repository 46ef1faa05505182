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
    lock,
    note,
    run_daily,
    send_reminders,
    timeline_for,
)
from passerelles.engagements.services.crisis_path import engagement_crisis_end, engagement_crisis_release
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
@pytest.mark.parametrize("how", ["withdraw", "end_early", "end_on_date", "crisis_release", "crisis_end"])
def test_an_extension_pending_when_the_mission_stops_lapses_and_nobody_is_reminded(cast, mission, how):
    engagement = extension_pending(cast, mission)
    if how.startswith("crisis"):  # the crisis path goes through the same writer: the extension lapses too
        crisis_move = engagement_crisis_release if how == "crisis_release" else engagement_crisis_end
        crisis_move(lock(engagement), by=cast.users[Role.HR], comment="Fin du renfort")
        step = engagement.events.get(action={"crisis_release": "crisis_released"}.get(how, "crisis_ended"))
        assert (step.from_state, step.to_state, step.by) == (
            State.ACTIVE,
            State.WITHDRAWN if how == "crisis_release" else State.ENDED,
            cast.users[Role.HR],
        )
    elif how == "withdraw":
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
def test_a_crisis_move_out_of_the_table_is_refused_and_writes_nothing(cast, mission):
    engagement = make_engagement(cast.agents["agent"], mission, State.MEETING)
    for crisis_move in (engagement_crisis_release, engagement_crisis_end):
        with pytest.raises(TransitionRefused), transaction.atomic():
            crisis_move(lock(engagement), by=cast.users[Role.HR], comment="Fin du renfort")
    engagement.refresh_from_db()
    assert engagement.state == State.MEETING and not engagement.events.exists()


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


# --- one writer: nothing but ``move`` sets an engagement's state ---


def _state_writes(source: str) -> list[tuple[str, str]]:
    """(function, statement) for every engagement state written in ``source``: ``x.state = …`` (alone or in a
    tuple), ``setattr(x, "state", …)`` and ``….update(state=…)``, where x or the queryset names an engagement
    or the value is the engagement ``State`` (imported under any name)."""
    import ast

    tree = ast.parse(source)
    state_names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("passerelles.engagements")
        for alias in node.names
        if alias.name == "State"
    }

    def about_engagements(*nodes) -> bool:
        for node in nodes:
            if "engagement" in ast.unparse(node).lower():
                return True
            if any(isinstance(n, ast.Name) and n.id in state_names for n in ast.walk(node)):
                return True
        return False

    def written(node) -> list:
        """The nodes that say what an engagement's state becomes, if ``node`` writes one."""
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            attributes = [t for target in targets for t in ast.walk(target) if isinstance(t, ast.Attribute)]
            return [n for t in attributes if t.attr == "state" for n in (t.value, node.value)]
        if not isinstance(node, ast.Call):
            return []
        bulk = isinstance(node.func, ast.Attribute) and node.func.attr == "update"
        if bulk and any(k.arg == "state" for k in node.keywords):
            return [node.func.value, *[k.value for k in node.keywords]]
        if isinstance(node.func, ast.Name) and node.func.id == "setattr" and len(node.args) >= 2:
            return list(node.args) if ast.unparse(node.args[1]) in ("'state'", '"state"') else []
        return []

    found = []

    def visit(node, function):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        parts = written(node)
        if parts and about_engagements(*parts):
            found.append((function, ast.unparse(node)))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return found


def test_the_detector_sees_the_ways_a_state_could_be_written():
    source = (
        "from passerelles.engagements.lifecycle import State as S\n"
        "def release(engagement):\n    engagement.state = S.WITHDRAWN\n"
        "def retarget(row, target):\n    row.state, row.end_date = S.ENDED, None\n"
        "def bulk():\n    Engagement.objects.filter(pk=1).update(state='ended')\n"
        "def sneaky(e):\n    setattr(e, 'state', S.READY)\n"
        "def other(nomination):\n    nomination.state = NominationState.DECLINED\n"
    )
    assert [function for function, _statement in _state_writes(source)] == [
        "release",
        "retarget",
        "bulk",
        "sneaky",
    ]


def test_only_the_single_writer_sets_an_engagement_state():
    """The crisis path, the daily job, a mission closing and the page's buttons all go through ``move``: a
    state written anywhere else would skip the table, its guards and the timeline. (Creating an engagement
    in its first state is not a move: the interest, the proposal and the crisis assignment do that.)"""
    from pathlib import Path

    import passerelles

    root = Path(passerelles.__file__).parent
    writes = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for function, statement in _state_writes(path.read_text()):
            writes.setdefault(str(path.relative_to(root)), []).append((function, statement))
    demo = writes.pop("demo/reimbursements.py")  # the demo stages a past, logged as « démonstration » steps
    assert [function for function, _statement in demo] == ["_lend"]
    assert writes == {"engagements/services/steps.py": [("move", "engagement.state = transition.target")]}


def test_the_crisis_moves_are_passerelles_own_and_end_every_crisis_step():
    for action, target in (("crisis_released", State.WITHDRAWN), ("crisis_ended", State.ENDED)):
        for source in lifecycle.CRISIS_STATES:
            assert transition_for(source, action, {"system"}).target == target
            with pytest.raises(TransitionRefused, match="ne vous revient pas"):
                transition_for(source, action, {"agent", "broker", "manager"})
        with pytest.raises(TransitionRefused, match="pas possible"):
            transition_for(State.MEETING, action, {"system"})
    assert {"crisis_released", "crisis_ended"} <= set(ACTIONS)  # the refused-pairs test walks them too
