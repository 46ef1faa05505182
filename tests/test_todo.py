"""« À faire » for every role: what waits for each person, with counts, a link to the exact place to act, gone
once done — in a bounded number of queries whatever the data. The same list ends the daily summary."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.core.todo import todo_for
from passerelles.documents.acceptances import accept
from passerelles.documents.services import generate
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Meeting, Party
from passerelles.engagements.services import (
    engagement_decide,
    engagement_propose,
    engagement_request_extension,
)
from passerelles.missions.models import MissionStatus
from tests.cast import choose_framework, make_agent, make_engagement, make_mission
from tests.test_engagement_flow import at_agreements

pytestmark = pytest.mark.django_db


def groups(user) -> dict[str, list[tuple[str, str]]]:
    return {group.key: group.items for group in todo_for(user)}


def counts(user) -> dict[str, int]:
    return {group.key: group.count for group in todo_for(user)}


@pytest.fixture
def mission(cast):
    lead = cast.agents[Role.HOST]
    return make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )


@pytest.fixture
def engagement(cast, mission):
    return make_engagement(cast.agents["agent"], mission, State.INTEREST)


def with_documents(cast, engagement):
    """At the agreements, HR confirmed the internal lettre de mission and wrote the pact and the letter."""
    engagement = at_agreements(cast, engagement, framework=False)
    choose_framework(engagement, cast.users[Role.HR])
    hr = cast.users[Role.HR]
    pact = generate(engagement=engagement, kind="pacte", by=hr, details={"intention": "Essai"})
    letter = generate(engagement=engagement, kind="lettre_mission", by=hr)
    engagement.refresh_from_db()
    return engagement, pact, letter


def test_each_party_sees_the_documents_it_accepts_and_loses_each_once_accepted(cast, engagement, client_for):
    cast.home.requires_signatory = True
    cast.home.save()
    engagement, pact, letter = with_documents(cast, engagement)
    users = {
        "agent": cast.users[Role.AGENT],
        "manager": cast.users[Role.MANAGER],
        "host": cast.users[Role.HOST],
        "signatory": cast.users[Role.SIGNATORY],
    }
    documents = {who: groups(user).get("documents", []) for who, user in users.items()}
    url = f"/engagements/{engagement.pk}/#documents"
    name = "Paul Agent — Ateliers numériques"
    assert documents["agent"] == [
        (f"{name} — Lettre de mission / fiche de mission", url),
        (f"{name} — Pacte de micro-mobilité", url),
    ]
    assert documents["manager"] == documents["host"] == [(f"{name} — Pacte de micro-mobilité", url)]
    assert documents["signatory"] == [(f"{name} — Lettre de mission / fiche de mission", url)]
    assert "documents" not in groups(cast.users[Role.HR])  # the signatory accepts the letter here, not HR
    # the dashboard and the « À faire » page show the same list, with the link to the documents
    for address in ("/tableau-de-bord/", "/a-faire/"):
        page = client_for(users["signatory"]).get(address).content.decode()
        assert 'data-todo="documents"' in page and f'href="{url}"' in page, address

    accept(document=pact, party="agent", by=users["agent"])
    assert counts(users["agent"])["documents"] == 1  # the letter still waits
    assert counts(users["manager"])["documents"] == 1  # the others still have to accept theirs
    accept(document=letter, party="agent", by=users["agent"])
    assert "documents" not in counts(users["agent"])
    for party in ("manager", "host"):
        accept(document=pact, party=party, by=users[party])
        assert "documents" not in counts(users[party])
    accept(document=letter, party="signatory", by=users["signatory"])
    assert "documents" not in counts(users["signatory"])

    # A new version asks everyone again, the agent included.
    generate(engagement=engagement, kind="pacte", by=cast.users[Role.HR], details={"intention": "Autre"})
    assert counts(users["agent"])["documents"] == 1
    assert counts(users["host"])["documents"] == 1


def test_without_a_signatory_hr_accepts_the_letter(cast, engagement):
    engagement, _pact, letter = with_documents(cast, engagement)
    hr = cast.users[Role.HR]
    assert [label for label, _ in groups(hr)["documents"]] == [
        "Paul Agent — Ateliers numériques — Lettre de mission / fiche de mission"
    ]
    assert "documents" not in groups(cast.users[Role.SIGNATORY])
    accept(document=letter, party="hr", by=hr)
    assert "documents" not in groups(hr)


def test_agreements_wait_for_each_party_and_leave_once_given(cast, engagement):
    cast.home.requires_signatory = True
    cast.home.save()
    engagement = at_agreements(cast, engagement, framework=False)
    url = f"/engagements/{engagement.pk}/#agreements-title"
    for role in (Role.MANAGER, Role.HOST, Role.HR, Role.SIGNATORY):
        assert groups(cast.users[role])["agreements"] == [("Paul Agent — Ateliers numériques", url)], role
    assert "agreements" not in groups(cast.users[Role.AGENT])
    # HR has the framework to choose; once chosen, the documents to write
    assert counts(cast.users[Role.HR])["framework"] == 1
    choose_framework(engagement, cast.users[Role.HR])
    hr = counts(cast.users[Role.HR])
    assert "framework" not in hr and hr["documents_to_write"] == 1
    engagement_decide(
        engagement=engagement, by=cast.users[Role.MANAGER], party=Party.MANAGER, decision="agreed"
    )
    assert "agreements" not in groups(cast.users[Role.MANAGER])
    assert counts(cast.users[Role.HOST])["agreements"] == 1


def test_an_extension_round_waits_for_each_party(cast, mission):
    active = make_engagement(cast.agents["agent"], mission, State.ACTIVE, agreement_round=1)
    engagement_request_extension(
        engagement=active, by=cast.users[Role.HR], end_date=active.end_date + datetime.timedelta(days=30)
    )
    day = (active.end_date + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    for role in (Role.MANAGER, Role.HOST, Role.HR):
        assert groups(cast.users[role])["extensions"] == [
            (
                f"Paul Agent — Ateliers numériques — jusqu'au {day}",
                f"/engagements/{active.pk}/#agreements-title",
            )
        ]
        assert "agreements" not in groups(cast.users[role])
    engagement_decide(engagement=active, by=cast.users[Role.HOST], party=Party.HOST, decision="agreed")
    assert "extensions" not in groups(cast.users[Role.HOST])
    assert "extensions" in groups(cast.users[Role.MANAGER])


@pytest.fixture
def active(cast, mission):
    today = datetime.date.today()
    engagement = make_engagement(cast.agents["agent"], mission, State.ACTIVE, agreement_round=1)
    engagement.start_date, engagement.end_date = (
        today - datetime.timedelta(days=46),  # the mid-term check-in falls a week ago, on a working day
        today + datetime.timedelta(days=34),
    )
    engagement.save()
    from passerelles.followup.services import schedule_checkins

    schedule_checkins(engagement)
    return engagement


def test_checkins_due_wait_for_the_agent_and_the_host_and_alerts_for_hr(cast, active, client_for):
    from passerelles.followup.models import CheckIn
    from passerelles.followup.services import answer_checkin

    due = list(CheckIn.objects.filter(engagement=active, due_on__lte=datetime.date.today()))
    assert len(due) == 2  # after two weeks, at mid-term (the last one is to come)
    agent, host, hr = cast.users[Role.AGENT], cast.users[Role.HOST], cast.users[Role.HR]
    first = due[0]
    assert groups(agent)["checkins"][0] == (
        f"Paul Agent — Ateliers numériques — {first.due_on:%d/%m/%Y}",
        f"/engagements/{active.pk}/suivi/#point-{first.pk}",
    )
    assert counts(agent)["checkins"] == counts(host)["checkins"] == 2
    assert "checkins" not in groups(hr) and "checkins" not in groups(cast.users[Role.MANAGER])
    answer_checkin(
        checkin=first,
        party="agent",
        by=agent,
        mood="difficile",
        workload="trop_lourde",
        relationship="ok",
        help_needed="Besoin d'un tuteur pour les ateliers",
    )
    assert counts(agent)["checkins"] == 1 and counts(host)["checkins"] == 2
    assert groups(hr)["alerts"] == [
        (
            f"Paul Agent — Ateliers numériques — {first.due_on:%d/%m/%Y}",
            f"/engagements/{active.pk}/suivi/#point-{first.pk}",
        )
    ]
    assert "alerts" not in groups(host) and "alerts" not in groups(agent)
    # the list never carries what was written
    assert "tuteur" not in str(todo_for(hr))
    # HR says it was dealt with, from the follow-up page: the alert leaves « À faire »
    assert client_for(host).post(f"/points-etape/{first.pk}/traitee/").status_code == 302
    assert "alerts" in groups(hr)
    response = client_for(hr).post(f"/points-etape/{first.pk}/traitee/", follow=True)
    assert "la difficulté est traitée" in response.content.decode()
    assert "alerts" not in groups(hr)
    page = client_for(hr).get(f"/engagements/{active.pk}/suivi/").content.decode()
    assert "Difficulté traitée le" in page and "tuteur" in page


def test_evaluations_and_the_return_conversation_once_the_mission_ended(cast, active):
    from passerelles.evaluations.services import save_return_note, submit
    from tests.test_evaluations import answers_for

    active.state, active.end_date = State.ENDED, datetime.date.today() - datetime.timedelta(days=1)
    active.save()
    url = f"/engagements/{active.pk}/evaluation/"
    people = {"agent": Role.AGENT, "host": Role.HOST, "manager": Role.MANAGER}
    for role in people.values():
        assert groups(cast.users[role])["evaluations"] == [("Paul Agent — Ateliers numériques", url)]
    assert "evaluations" not in groups(cast.users[Role.HR])
    assert groups(cast.users[Role.MANAGER])["returns"] == [
        ("Paul Agent — Ateliers numériques", f"/engagements/{active.pk}/retour/")
    ]
    from passerelles.evaluations.services import questions_for

    submit(
        engagement=active,
        respondent="host",
        by=cast.users[Role.HOST],
        data=answers_for(questions_for(active, "host")),
    )
    assert "evaluations" not in groups(cast.users[Role.HOST])
    assert "evaluations" in groups(cast.users[Role.AGENT])
    save_return_note(
        engagement=active, by=cast.users[Role.MANAGER], held_on=datetime.date.today(), notes="Référent"
    )
    assert "returns" not in groups(cast.users[Role.MANAGER])


def test_stories_to_review_for_hr_and_to_rework_for_the_agent(cast, active):
    from passerelles.stories.models import Story
    from passerelles.stories.services import moderate, submit

    story = Story.objects.create(
        agent=cast.agents["agent"], engagement=active, title="Mes ateliers", text="…"
    )
    submit(story=story, by=cast.users[Role.AGENT], audience="organisation", consent=True)
    assert groups(cast.users[Role.HR])["stories"] == [
        ("Paul Agent — Mes ateliers", f"/recits/{story.pk}/#moderate-title")
    ]
    moderate(story=story, by=cast.users[Role.HR], publish=False, comment="Un exemple concret ?")
    assert "stories" not in groups(cast.users[Role.HR])
    assert groups(cast.users[Role.AGENT])["my_stories"] == [("Mes ateliers", f"/recits/{story.pk}/modifier/")]


def test_people_waiting_for_an_answer(cast, mission, engagement):
    agent, host, hr = cast.users[Role.AGENT], cast.users[Role.HOST], cast.users[Role.HR]
    # an interest not answered: the host and HR meet the person
    assert (
        groups(host)["meet"]
        == groups(hr)["meet"]
        == [("Paul Agent — Ateliers numériques", f"/engagements/{engagement.pk}/")]
    )
    # a proposal waits for the agent
    other = make_mission(cast.home, mission.host_unit, cast.agents[Role.HOST], status=MissionStatus.PUBLISHED)
    proposal = engagement_propose(mission=other, agent=cast.agents["agent"], by=hr)
    assert groups(agent)["mine"] == [("Paul Agent — Mission test", f"/engagements/{proposal.pk}/")]
    # after the rencontre (not before it), both say whether they go on
    engagement.state = State.MEETING
    engagement.save()
    meeting = Meeting.objects.create(
        engagement=engagement, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert counts(agent)["mine"] == 1 and "after_meeting" not in counts(host)
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=2)
    meeting.save()
    assert counts(agent)["mine"] == 2 and counts(host)["after_meeting"] == 1
    meeting.agent_continues = meeting.host_continues = True
    meeting.save()
    assert counts(agent)["mine"] == 1 and "after_meeting" not in counts(host)


def test_missions_to_close_ended_or_full(cast, mission):
    host, hr = cast.users[Role.HOST], cast.users[Role.HR]
    assert "to_close" not in groups(host)
    make_engagement(cast.agents["agent"], mission, State.READY)  # one place, now taken
    ended = make_mission(
        cast.home,
        mission.host_unit,
        cast.agents[Role.HOST],
        status=MissionStatus.PUBLISHED,
        title="Fête passée",
        start_date=datetime.date.today() - datetime.timedelta(days=60),
        end_date=datetime.date.today() - datetime.timedelta(days=1),
    )
    expected = [
        (f"Fête passée — terminée le {ended.end_date:%d/%m/%Y}", f"/missions/{ended.pk}/"),
        ("Ateliers numériques — toutes les places sont prises", f"/missions/{mission.pk}/"),
    ]
    assert groups(host)["to_close"] == expected
    assert groups(hr)["to_close"] == expected
    assert "to_close" not in groups(cast.users[Role.AGENT])


def test_the_signatory_dashboard_has_no_soon_for_documents(cast, client_for):
    page = client_for(cast.users[Role.SIGNATORY]).get("/tableau-de-bord/").content.decode()
    assert "Documents à signer" not in page  # was « Bientôt ici : Documents à signer »
    assert "Documents et accords à signer" in page and 'href="/a-faire/"' in page
    assert 'id="a-faire"' in page


def test_the_daily_summary_ends_with_the_same_list(
    cast, engagement, django_capture_on_commit_callbacks, mailoutbox
):
    from passerelles.accounts.models import EmailFrequency
    from passerelles.notifications.services import notify, send_daily_digests

    host = cast.users[Role.HOST]
    host.email_frequency = EmailFrequency.DAILY
    host.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=host, subject="Une nouvelle", message="…")
        assert send_daily_digests() == 1
    body = mailoutbox[-1].body
    assert "Une nouvelle" in body
    assert "À faire :" in body and "• Personnes intéressées à rencontrer (1)" in body
    assert f"/engagements/{engagement.pk}/" in body


def _populate(cast, mission, n: int):
    """n more things of every kind waiting for the cast, for a new agent of the manager's team and for the
    cast's agent: engagements at each step, agreements, documents, check-ins, alerts, evaluations, stories,
    missions to review."""
    from passerelles.documents.models import EngagementDocument
    from passerelles.engagements.models import Agreement
    from passerelles.followup.models import CheckIn, CheckInAnswer
    from passerelles.frameworks.models import EngagementFramework
    from passerelles.stories.models import Story

    today = datetime.date.today()

    def new_mission(title, status=MissionStatus.PUBLISHED):
        lead = cast.agents[Role.HOST]
        return make_mission(cast.home, mission.host_unit, lead, status=status, title=title)

    for i in range(n):
        newcomer = make_agent(
            cast.home, "Agent", f"N{i}-{n}", unit=cast.agents["agent"].unit, manager=cast.agents["manager"]
        )
        make_engagement(newcomer, mission, State.INTEREST)
        for agent in (newcomer, cast.agents["agent"]):
            tag = f"{agent.pk}-{i}-{n}"
            at = make_engagement(agent, new_mission(f"A{tag}"), State.AGREEMENTS, agreement_round=1)
            for party in ("manager", "host", "hr", "signatory"):
                Agreement.objects.create(engagement=at, round=1, party=party)
            EngagementFramework.objects.create(
                engagement=at, code="affectation_interne", situation={}, parameters={}, recommendation={}
            )
            for kind in ("pacte", "lettre_mission"):
                EngagementDocument.objects.create(engagement=at, kind=kind, version=1, context={}, sha256="0")
            running = make_engagement(agent, new_mission(f"R{tag}"), State.ACTIVE, agreement_round=1)
            checkin = CheckIn.objects.create(engagement=running, due_on=today - datetime.timedelta(days=1))
            CheckInAnswer.objects.create(
                checkin=checkin, party="agent", mood="tres_difficile", workload="ok", relationship="ok"
            )
            ended = make_engagement(agent, new_mission(f"E{tag}"), State.ENDED, agreement_round=1)
            ended.start_date, ended.end_date = (
                today - datetime.timedelta(days=40),
                today - datetime.timedelta(2),
            )
            ended.save()
            Story.objects.create(
                agent=agent, title=f"Récit {tag}", text="…", status="submitted", consent_at=timezone.now()
            )
            Story.objects.create(agent=agent, title=f"À reprendre {tag}", text="…", status="changes")
        new_mission(f"S{i}-{n}", status=MissionStatus.SUBMITTED)


def test_the_list_runs_in_a_bounded_number_of_queries(cast, mission):
    users = [cast.users[role] for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.HR, Role.SIGNATORY)]

    def measure():
        figures = []
        for user in users:
            user = type(user).objects.get(pk=user.pk)  # a fresh actor, as in a request
            with CaptureQueriesContext(connection) as queries:
                todo = todo_for(user)
            figures.append((len(queries.captured_queries), sum(g.count for g in todo)))
        return figures

    cast.home.requires_signatory = True
    cast.home.save()
    _populate(cast, mission, 1)
    small = measure()
    _populate(cast, mission, 4)
    large = measure()
    assert [q for q, _ in small] == [q for q, _ in large], (small, large)
    # and the larger data did give longer lists for everyone (the check is not blind)
    assert all(big > little for (_, little), (_, big) in zip(small, large, strict=True)), (small, large)
    manager = counts(type(users[1]).objects.get(pk=users[1].pk))
    assert manager["agreements"] == 10 and manager["documents"] == 10 and manager["evaluations"] == 10
    agent = counts(type(users[0]).objects.get(pk=users[0].pk))
    assert agent["documents"] == 10 and agent["evaluations"] == 5 and agent["my_stories"] == 5
    # HR's 31st: the assemblée délibérante to record (issue 14); 32nd and 33rd: the tests past their expiry
    # to decide, the programmes' questionnaires to answer (issue 16); 34th: the facilitators' pool's calls to
    # answer and to confirm, both in one query (issue 19); 35th to 37th: small help (issue 19: the units one
    # hosts, the coups de main awaiting an agreement, the return programme proposed)
    assert max(q for q, _ in large) <= 37
