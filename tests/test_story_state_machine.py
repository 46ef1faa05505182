"""A story's state machine: the table is the only way between statuses, each step is logged, and the database
refuses a story read without consent or a publication date on an unpublished story."""

import itertools

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.foundation.statemachine import TransitionRefused
from passerelles.missions.models import MissionStatus
from passerelles.stories.lifecycle import MACHINE, StoryEventKind, StoryStatus
from passerelles.stories.models import Story
from passerelles.stories.services import moderate, save_draft, submit, withdraw
from tests.cast import make_engagement, make_mission

KINDS = {"author", "hr"}


def test_every_pair_not_in_the_story_table_is_refused():
    allowed = {(t.source, t.action) for t in MACHINE.transitions}
    refused = 0
    for status, action in itertools.product(StoryStatus.values, sorted(MACHINE.actions)):
        if (status, action) in allowed:
            continue
        with pytest.raises(TransitionRefused, match="pas possible depuis"):
            MACHINE.transition_for(status, action, KINDS)
        refused += 1
    assert refused == len(StoryStatus.values) * len(MACHINE.actions) - len(allowed)
    assert not [t for t in MACHINE.transitions if t.source == StoryStatus.WITHDRAWN]  # final


def test_only_the_author_submits_or_withdraws_and_only_hr_moderates():
    for t in MACHINE.transitions:
        expected = {"hr"} if t.action in ("publish", "request_changes") else {"author"}
        assert t.by == expected, t
        with pytest.raises(TransitionRefused, match="ne vous revient pas"):
            MACHINE.transition_for(t.source, t.action, KINDS - expected)
        assert StoryEventKind(t.action).label


@pytest.fixture
def ended(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    return make_engagement(cast.agents["agent"], mission, State.ENDED, agreement_round=1)


@pytest.mark.django_db
def test_each_step_is_logged_and_a_withdrawn_story_is_final(cast, ended):
    agent, hr = cast.users[Role.AGENT], cast.users[Role.HR]
    story = save_draft(story=Story(agent=ended.agent, engagement=ended, title="Récit", text="…"), by=agent)
    submit(story=story, by=agent, audience="organisation", consent=True)
    moderate(story=story, by=hr, publish=False, comment="Une photo ?")
    submit(story=story, by=agent, audience="organisation", consent=True)
    moderate(story=story, by=hr, publish=True)
    withdraw(story=story, by=agent)
    steps = list(story.events.values_list("action", "from_status", "to_status", "by"))
    assert steps == [
        ("submit", "draft", "submitted", agent.pk),
        ("request_changes", "submitted", "changes", hr.pk),
        ("submit", "changes", "submitted", agent.pk),
        ("publish", "submitted", "published", hr.pk),
        ("withdraw", "published", "withdrawn", agent.pk),
    ]
    story.refresh_from_db()
    assert story.consent_at is None and story.published_at is None
    with pytest.raises(TransitionRefused, match="déjà retiré"):
        withdraw(story=story, by=agent)
    with pytest.raises(TransitionRefused):
        submit(story=story, by=agent, audience="organisation", consent=True)
    assert story.events.count() == 5


@pytest.mark.django_db
def test_the_database_refuses_a_story_read_without_consent(cast, ended):
    story = Story.objects.create(agent=ended.agent, title="Récit", text="…")
    for change in (
        {"status": StoryStatus.PUBLISHED, "published_at": timezone.now()},  # no consent
        {"status": StoryStatus.SUBMITTED},  # no consent
        {"published_at": timezone.now()},  # a draft with a publication date
        {"status": StoryStatus.WITHDRAWN, "consent_at": timezone.now()},
        {"status": StoryStatus.PUBLISHED, "consent_at": timezone.now()},  # published without a date
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Story.objects.filter(pk=story.pk).update(**change)
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT


@pytest.mark.django_db
def test_withdrawing_twice_says_so_and_changes_nothing(cast, ended, client_for):
    agent = cast.users[Role.AGENT]
    story = save_draft(story=Story(agent=ended.agent, engagement=ended, title="Récit", text="…"), by=agent)
    client = client_for(agent)
    assert client.post(f"/recits/{story.pk}/retirer/").status_code == 302
    response = client.post(f"/recits/{story.pk}/retirer/", follow=True)
    assert response.status_code == 200 and "déjà retiré" in response.content.decode()
    assert story.events.filter(action="withdraw").count() == 1
