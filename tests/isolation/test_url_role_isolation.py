"""URL × role isolation: no page shows another organisation's data to any role."""

import json
from pathlib import Path

import pytest
from django.urls import URLPattern, get_resolver

from passerelles.access.models import Role
from tests.isolation import (
    calendar_fillers,
    cohort_fillers,
    crisis_plan_fillers,
    encounter_fillers,
    facilitation_fillers,
    pooling_fillers,
    smallhelp_fillers,
    webhook_fillers,
)
from tests.isolation.checker import QUERY_URLS, build_urls, find_leaks

pytestmark = pytest.mark.django_db


def actors(cast) -> dict[str, object]:
    return {"anonymous": None, **{role: cast.users[role] for role in Role.values}}


def test_every_url_pattern_is_checked(cast):
    built, missing = build_urls(cast)
    assert not missing, "URL patterns the isolation test cannot check:\n" + "\n".join(
        f"- {route.route} ({route.name}): {why}" for route, why in missing
    )
    names = {route.name for route, _ in built}
    # Every page of the application itself is in the matrix (and the enumeration did find them).
    own = {
        entry.name
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLPattern) and entry.callback.__module__.startswith("passerelles.")
    }
    assert len(own) >= 20
    assert own <= names, own - names


def outsider_state(cast) -> dict:
    """Everything of the outsider organisation a request could change."""
    from passerelles.accounts.models import User
    from passerelles.callouts.models import CallRecipient, VolunteerCall
    from passerelles.care.models import AccompanimentPlan, Escalation, MissionSupport, PlanEntry
    from passerelles.commons.models import SolidarityAllowance, TimeGift, Twinning
    from passerelles.documents.models import DocumentAcceptance, DocumentTemplate, EngagementDocument
    from passerelles.engagements.models import Engagement
    from passerelles.evaluations.models import Evaluation, QuestionSet, ReturnNote
    from passerelles.followup.models import CheckInAnswer, TimeEntry
    from passerelles.frameworks.models import EngagementFramework, FrameworkSettings, SituationDraft
    from passerelles.missions.models import Bookmark, Mission, Programme, SavedSearch
    from passerelles.outbox.models import OutboxMessage, SmsUsage
    from passerelles.people.models import (
        Agent,
        AgentImport,
        ChosenContact,
        ErasureRequest,
        ProfileTag,
        SirhSync,
        VocabularyEntry,
    )
    from passerelles.programmes.models import (
        LogEntry,
        ParticipantResponse,
        ProgrammeDecision,
        ProgrammeIndicator,
    )
    from passerelles.stories.models import Story, StoryPhoto

    org = cast.outsider
    org.refresh_from_db()
    return {
        "agents": list(Agent.objects.filter(organisation=org).values_list("pk", "is_active", "last_name")),
        "missions": list(Mission.objects.filter(organisation=org).values_list("pk", "status", "title")),
        "engagements": list(
            Engagement.objects.filter(mission__organisation=org).values_list(
                "pk", "state", "start_date", "end_date", "regularisation", "recorded_at"
            )
        ),
        "tags": list(ProfileTag.objects.filter(profile__agent__organisation=org).values_list("pk", "label")),
        "searches": list(
            SavedSearch.objects.filter(user=cast.outsider_search.user).values_list("pk", "name")
        ),
        "bookmarks": Bookmark.objects.filter(mission__organisation=org).count(),
        "imports": list(AgentImport.objects.filter(organisation=org).values_list("pk", "status")),
        "sirh_sync": list(
            SirhSync.objects.filter(organisation=org).values_list("enabled", "folder", "full", "auto_apply")
        ),
        "name": org.name,
        "words": list(VocabularyEntry.objects.filter(organisation=org).values_list("pk", "label")),
        "erasures": list(ErasureRequest.objects.filter(agent__organisation=org).values_list("pk", "status")),
        "documents": list(
            EngagementDocument.objects.filter(engagement__agent__organisation=org).values_list(
                "pk", "version"
            )
        ),
        "acceptances": DocumentAcceptance.objects.filter(
            document__engagement__agent__organisation=org
        ).count(),
        "frameworks": EngagementFramework.objects.filter(engagement__agent__organisation=org).count(),
        "situation_drafts": list(
            SituationDraft.objects.filter(engagement__agent__organisation=org).values_list("pk", "situation")
        ),
        "templates": DocumentTemplate.objects.filter(organisation=org).count(),
        "programmes": list(
            Programme.objects.filter(organisation=org).values_list("pk", "name", "status", "expires_on")
        ),
        "programme_parts": [
            list(ProgrammeIndicator.objects.filter(programme__organisation=org).values_list("pk", "label")),
            LogEntry.objects.filter(programme__organisation=org).count(),
            ProgrammeDecision.objects.filter(programme__organisation=org).count(),
            ParticipantResponse.objects.filter(programme__organisation=org).count(),
        ],
        "checkin_answers": list(
            CheckInAnswer.objects.filter(checkin__engagement__agent__organisation=org).values_list(
                "pk", "handled_at"
            )
        ),
        "evaluations": list(
            Evaluation.objects.filter(engagement__agent__organisation=org).values_list("pk", "answers")
        ),
        "return_notes": list(
            ReturnNote.objects.filter(engagement__agent__organisation=org).values_list("notes")
        ),
        "question_sets": QuestionSet.objects.filter(organisation=org).count(),
        "accompaniment": [  # issue 22
            list(AccompanimentPlan.objects.filter(organisation=org).values_list("pk", "state", "goal")),
            list(PlanEntry.objects.filter(plan__organisation=org).values_list("pk", "text")),
            list(
                AccompanimentPlan.engagements.through.objects.filter(
                    accompanimentplan__organisation=org
                ).values_list("pk")
            ),
            list(
                MissionSupport.objects.filter(engagement__agent__organisation=org).values_list(
                    "pk", "sponsor_id", "psychologist", "protocol"
                )
            ),
            list(
                Escalation.objects.filter(support__engagement__agent__organisation=org).values_list(
                    "pk", "state"
                )
            ),
        ],
        "commons": [  # issue 22: the outsider's deliberation, gifts and twinnings
            list(SolidarityAllowance.objects.filter(organisation=org).values_list("pk", "days_per_agent")),
            list(TimeGift.objects.filter(organisation=org).values_list("pk", "hours")),
            list(Twinning.objects.filter(organisation=org).values_list("pk", "unit_a_id", "unit_b_id")),
        ],
        "stories": list(
            Story.objects.filter(agent__organisation=org).values_list("pk", "status", "audience")
        ),
        "time": list(
            TimeEntry.objects.filter(engagement__agent__organisation=org).values_list("pk", "half_days")
        ),
        "framework_settings": FrameworkSettings.objects.filter(organisation=org).count(),
        "outbox": list(
            OutboxMessage.objects.filter(organisation=org).values_list(
                "pk", "state", "next_attempt_at", "delivery_status"
            )
        ),
        "sms_usage": list(SmsUsage.objects.filter(organisation=org).values_list("month", "count")),
        "sms_choices": list(
            User.objects.filter(agent__organisation=org).values_list(
                "pk", "sms_opted_in_at", "sms_opted_out_at"
            )
        ),
        "photos": list(StoryPhoto.objects.filter(story__agent__organisation=org).values_list("pk", "image")),
        "logo": org.logo.name,
        "calls": list(VolunteerCall.objects.filter(organisation=org).values_list("pk", "reached", "sent_at")),
        "call_recipients": CallRecipient.objects.filter(mission__organisation=org).count(),
        "crisis": _crisis_state(org),
        "cohorts": cohort_fillers.state(org),  # issue 18
        "chosen_contacts": list(
            ChosenContact.objects.filter(agent__organisation=org).values_list("agent_id", "contact_id")
        ),
        "crisis_plan": crisis_plan_fillers.state(cast),
        "pooling": pooling_fillers.state(cast),
        "facilitation": facilitation_fillers.state(cast),
        "smallhelp": smallhelp_fillers.state(cast),  # issue 19
        "encounters": encounter_fillers.state(cast),
        "webhooks": webhook_fillers.state(cast),  # issue 20
        "annual_review_and_feed": calendar_fillers.state(cast),  # issue 20
    }


def _crisis_state(org) -> list:
    """Issue 17: the outsider's plan, registry, crises, answers, broadcasts and needs."""
    from passerelles.crisis.models import (
        Availability,
        Broadcast,
        Crisis,
        CrisisUnit,
        EssentialUnit,
        Need,
        Scenario,
        Volunteer,
    )

    return [
        list(EssentialUnit.objects.filter(plan__organisation=org).values_list("pk", "minimum_staff")),
        list(Scenario.objects.filter(plan__organisation=org).values_list("pk", "name")),
        list(Volunteer.objects.filter(agent__organisation=org).values_list("pk", "is_active", "skills")),
        list(Crisis.objects.filter(organisation=org).values_list("pk", "status", "name")),
        CrisisUnit.objects.filter(crisis__organisation=org).count(),
        list(
            Availability.objects.filter(crisis__organisation=org).values_list("pk", "answer", "answered_at")
        ),
        Broadcast.objects.filter(crisis__organisation=org).count(),
        list(Need.objects.filter(crisis__organisation=org).values_list("pk", "cancelled_at")),
    ]


# The matrix is cut into PARTS tests (every URL in exactly one), so that the suite's workers share it; each part
# writes its figures there, for docs/securite.md (the totals are their sums).
PARTS = 3
FIGURES = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "isolation"


def all_urls(cast) -> list[str]:
    built, _ = build_urls(cast)
    return [url for _, url in built] + [make(cast) for make in QUERY_URLS]


def test_the_parts_cover_every_url_once(cast):
    urls = all_urls(cast)
    parts = [url for part in range(PARTS) for url in urls[part::PARTS]]
    assert sorted(parts) == sorted(urls) and len(urls) >= 100


@pytest.mark.parametrize("part", range(PARTS))
def test_no_role_sees_another_organisations_data(cast, part):
    urls = all_urls(cast)[part::PARTS]  # building them creates the objects they need: before the snapshot
    before = outsider_state(cast)
    leaks, errors = find_leaks(actors(cast), urls)
    FIGURES.mkdir(parents=True, exist_ok=True)
    (FIGURES / f"partie-{part + 1}-sur-{PARTS}.json").write_text(
        json.dumps(
            {
                "urls": len(urls),
                "identities": len(actors(cast)),
                "requests": len(urls) * len(actors(cast)) * 2,
            }
        )
    )
    assert outsider_state(cast) == before, "a request changed another organisation's data"
    assert not errors, "\n".join(f"{e.actor} GET {e.url}: {e.status}" for e in errors)
    assert not leaks, "Data of another organisation shown:\n" + "\n".join(
        f"- {leak.actor} GET {leak.url} ({leak.status}): {leak.where}" for leak in leaks
    )


def test_the_outsider_sees_its_own_data(cast, client_for):
    """The marker really is on the outsider's pages: the check above is not blind."""
    client = client_for(cast.outsider_agent.manager.user)
    response = client.get(f"/organisations/{cast.outsider.slug}/agents/")
    assert response.status_code == 200
    assert cast.outsider_agent.last_name in response.content.decode()
    # and its own search finds its own people with the queries the check uses
    search = client.get(f"/organisations/{cast.outsider.slug}/personnes/recherche/", {"q": "Zack"})
    assert cast.outsider_agent.last_name in search.content.decode()


def test_the_check_catches_a_leaky_view(cast, settings):
    settings.ROOT_URLCONF = "tests.isolation.leaky_urls"
    built, missing = build_urls(cast, urlconf="tests.isolation.leaky_urls")
    assert not missing
    leaks, errors = find_leaks(actors(cast), [url for _, url in built])
    assert not errors
    leaky_urls = {leak.url for leak in leaks}
    assert leaky_urls == {"GET /annuaire-qui-fuit/", "POST /annuaire-qui-fuit/"}, leaks
    # every role, even the agent and the anonymous visitor, sees the leak there
    assert {leak.actor for leak in leaks} == {"anonymous", *Role.values}
