"""Query budgets: the main pages of each role cost as many database queries with a few missions, engagements,
agents and e-mails as with several times more (issue 21: every main page of every role, the second page of the
pool and the directory among them). A page that runs one more query per line it shows (an « N+1 »)
is fast in tests and slow in a département of 1,500 agents; this test fails first.

Each page is read once on the test distribution grown by SMALL of everything, then again after growing it to
LARGE; the two counts must be equal. Both stay under one page of results (settings.PAGE_SIZE), so every
added line is really shown.
"""

import datetime
import itertools

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.accounts.middleware import SessionActivityMiddleware
from passerelles.documents.models import EngagementDocument
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Agreement, Engagement, Party
from passerelles.followup.models import TimeEntry
from passerelles.foundation import keyset
from passerelles.frameworks.models import EngagementFramework
from passerelles.matching.index import rebuild as rebuild_index
from passerelles.matching.models import Shortlist
from passerelles.missions.models import MissionStatus, Visibility
from passerelles.notifications.models import Notification
from passerelles.outbox.models import OutboxMessage, OutboxState
from passerelles.people.models import Agent, Profile, ProfileTag
from passerelles.people.models import Visibility as ProfileVisibility
from tests.cast import grant, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 12
STATES = itertools.cycle([State.INTEREST, State.MEETING, State.AGREEMENTS, State.READY, State.ACTIVE])
serial = itertools.count()


def _document(engagement, kind: str) -> None:
    EngagementDocument.objects.create(
        engagement=engagement,
        kind=kind,
        version=1,
        context={"intention": "Essai"},
        docx=ContentFile(b"docx", name=f"{kind}.docx"),
        odt=ContentFile(b"odt", name=f"{kind}.odt"),
        pdf=ContentFile(b"pdf", name=f"{kind}.pdf"),
        sha256="0" * 64,
    )


def grow(cast, count: int) -> None:
    """``count`` more of everything the main pages list: agents in the manager's team with open profiles and
    a role, published and submitted missions of the host, engagements on them at every step with their
    pacts, e-mails, notifications."""
    home, host = cast.home, cast.agents[Role.HOST]
    manager = cast.agents["manager"]
    for _ in range(count):
        n = next(serial)
        agent = make_agent(home, f"Agent{n}", f"Croissance{n}", unit=manager.unit, manager=manager)
        profile = Profile.objects.create(agent=agent, visibility=ProfileVisibility.HR, available=True)
        ProfileTag.objects.create(profile=profile, kind="skill", label=f"Savoir {n}", key=f"savoir-{n}")
        mission = make_mission(
            home,
            host.unit,
            host,
            title=f"Mission publiée {n}",
            status=MissionStatus.PUBLISHED,
            visibility=Visibility.ORGANISATION,
        )
        make_mission(home, host.unit, host, title=f"Mission à relire {n}", status=MissionStatus.SUBMITTED)
        state = next(STATES)
        extra = {"agreement_round": 1} if state != State.INTEREST else {}
        engagement = make_engagement(agent, mission, state, **extra)
        if state == State.AGREEMENTS:  # every party's answer awaited
            for party in Party.values:
                Agreement.objects.create(engagement=engagement, round=1, party=party)
        if state in (State.AGREEMENTS, State.READY):  # a pact waiting for its parties' acceptance
            _document(engagement, "pacte")
        if state == State.ACTIVE:  # a half-day logged today: the month's time entries and payroll
            TimeEntry.objects.create(engagement=engagement, day=timezone.localdate(), half_days=1)
        if state == State.AGREEMENTS:  # a framework calling for a convention and an arrêté
            EngagementFramework.objects.create(
                engagement=engagement,
                code="mise_a_disposition",
                situation={},
                parameters={},
                recommendation={},
            )
        grant(agent, home, Role.HOST)
        make_engagement(cast.agents["agent"], mission, State.INTEREST)
        OutboxMessage.objects.create(
            organisation=home,
            user=agent.user,
            to=agent.user.email,
            subject=f"Courriel {n}",
            body="…",
            message_id=f"<croissance-{n}@passerelles.test>",
            state=OutboxState.FAILED if n % 2 else OutboxState.SENT,
            sent_at=None if n % 2 else timezone.now(),
            attempts=1,
            next_attempt_at=timezone.now() + datetime.timedelta(hours=1),
        )
        for user in cast.users.values():
            Notification.objects.create(user=user, subject=f"Avis {n}", message="…")
        # HR keeps the newcomer in mind for the host's first published mission (the suggestions' shortlist)
        Shortlist.objects.create(mission=first_published(cast), agent=agent, by=cast.users[Role.HR])
    rebuild_index()  # the suggestions read the matching index: the newcomers' skills in it


def first_published(cast):
    return (
        cast.agents[Role.HOST].led_missions.filter(title__startswith="Mission publiée").order_by("pk").first()
    )


def pages(cast) -> list[tuple[str, str]]:
    """(role, url): the main pages of each role."""
    org = cast.home.slug
    under_way = timezone.localdate() + datetime.timedelta(days=60)  # the engagements' missions run then
    own_mission = first_published(cast)
    agent = cast.agents["agent"]
    engagement = Engagement.objects.filter(agent=agent).order_by("pk").first()
    network = cast.network.slug
    # a second page of the pool and the directory: after the first agent in name order (foundation/keyset.py)
    first_name_order = Agent.objects.filter(organisation=cast.home).order_by("last_name", "first_name", "pk")[
        0
    ]
    by_name = ["last_name", "first_name", "pk"]
    after_first = {
        name: f"?{keyset.CURSOR_PARAM}={keyset.cursor_for(name, by_name, first_name_order.pk)}"
        for name in ("pool", "agent_directory")
    }
    urls = [
        (Role.AGENT, reverse("dashboard")),
        (Role.AGENT, reverse("mission_list")),
        (Role.AGENT, reverse("my_engagements")),
        (Role.MANAGER, reverse("dashboard")),
        (Role.MANAGER, reverse("my_team")),
        (Role.HOST, reverse("dashboard")),
        (Role.HOST, reverse("my_missions")),
        (Role.HR, reverse("dashboard")),
        (Role.HR, reverse("review_queue", kwargs={"org_slug": org})),
        (Role.HR, reverse("pool", kwargs={"org_slug": org})),
        (Role.HR, reverse("agent_directory", kwargs={"org_slug": org})),
        (Role.HR, reverse("access_list", kwargs={"org_slug": org})),
        (Role.SIGNATORY, reverse("dashboard")),
        (Role.ADMIN, reverse("dashboard")),
        (Role.ADMIN, reverse("outbox_list", kwargs={"org_slug": org})),
        (Role.ADMIN, reverse("roles_page", kwargs={"org_slug": org})),
        (Role.NETWORK_COORDINATOR, reverse("network_detail", kwargs={"network_slug": cast.network.slug})),
        (Role.HOST, reverse("mission_detail", kwargs={"mission_id": own_mission.pk})),
        # issue 16: the lists and their exports
        (Role.HR, reverse("organisation_engagements", kwargs={"org_slug": org})),
        (Role.HR, reverse("organisation_engagements", kwargs={"org_slug": org}) + "?export=xlsx&tri=agent"),
        (Role.HR, reverse("organisation_missions", kwargs={"org_slug": org}) + "?tri=-engagement_count"),
        (Role.HR, reverse("organisation_missions", kwargs={"org_slug": org}) + "?export=csv"),
        (Role.HR, reverse("time_entries", kwargs={"org_slug": org})),
        (Role.HR, reverse("payroll_export_xlsx", kwargs={"org_slug": org}) + f"?mois={under_way:%Y-%m}"),
        (Role.HR, reverse("acts_export_csv", kwargs={"org_slug": org})),
        (Role.HR, reverse("agent_directory", kwargs={"org_slug": org}) + "?export=xlsx"),
        (Role.SIGNATORY, reverse("organisation_engagements", kwargs={"org_slug": org})),
        (Role.SIGNATORY, reverse("organisation_missions", kwargs={"org_slug": org})),
        (Role.NETWORK_COORDINATOR, reverse("network_missions", kwargs={"network_slug": cast.network.slug})),
        # issue 21: every main page of every role
        (Role.HR, reverse("agent_detail", kwargs={"pk": agent.pk})),  # « Proposer une mission » among many
        (Role.AGENT, reverse("engagement_detail", kwargs={"engagement_id": engagement.pk})),
        (Role.HOST, reverse("engagement_detail", kwargs={"engagement_id": engagement.pk})),
        (Role.AGENT, reverse("todo")),
        (Role.MANAGER, reverse("todo")),
        (Role.HOST, reverse("todo")),
        (Role.HR, reverse("todo")),
        (Role.AGENT, reverse("mission_list") + "?q=mission"),
        (Role.HR, reverse("mission_list") + "?q=publi%C3%A9e&tri=recent"),
        (
            Role.HR,
            reverse("mission_suggestions", kwargs={"mission_id": own_mission.pk}),
        ),  # agents for a mission
        (
            Role.HOST,
            reverse("mission_suggestions", kwargs={"mission_id": own_mission.pk}),
        ),  # the same, nameless
        (Role.HOST, reverse("mission_create")),  # the project lead is searched, never listed
        (Role.HOST, reverse("organisation_detail", kwargs={"org_slug": org})),
        (Role.HR, reverse("organisation_detail", kwargs={"org_slug": org})),
        (Role.HR, reverse("organisation_dashboard", kwargs={"org_slug": org})),
        (Role.SIGNATORY, reverse("organisation_dashboard", kwargs={"org_slug": org})),
        (Role.NETWORK_COORDINATOR, reverse("network_dashboard", kwargs={"network_slug": network})),
        (Role.HR, reverse("pool", kwargs={"org_slug": org}) + after_first["pool"]),
        (Role.HR, reverse("pool", kwargs={"org_slug": org}) + "?partenaires=1&disponibles=1"),
        (Role.HR, reverse("agent_directory", kwargs={"org_slug": org}) + after_first["agent_directory"]),
        (Role.HR, reverse("agent_directory", kwargs={"org_slug": org}) + "?q=croissance&tri=unit"),
    ]
    return urls


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def test_the_main_pages_do_not_grow_with_the_data(cast, client_for, monkeypatch):
    # « last seen » is written once a minute per session (SessionActivityMiddleware): a cost of the clock, not
    # of the data — on a busy machine a minute can pass between the two reads of a page
    monkeypatch.setattr(SessionActivityMiddleware, "EVERY", 24 * 3600)
    clients = {role: client_for(user) for role, user in cast.users.items()}
    grow(cast, SMALL)
    urls = pages(cast)
    for role, url in urls:  # once first: what is computed once per process (content types…) is not counted
        count_queries(clients[role], url)
    before = {(role, url): count_queries(clients[role], url) for role, url in urls}
    grow(cast, LARGE - SMALL)
    after = {(role, url): count_queries(clients[role], url) for role, url in urls}
    grown = {key: (before[key], after[key]) for key in before if after[key] != before[key]}
    assert not grown, "Requêtes qui croissent avec les données (avant, après) :\n" + "\n".join(
        f"- {role} {url}: {b} → {a}" for (role, url), (b, a) in grown.items()
    )


def test_the_engagement_page_does_not_grow_with_its_documents(cast, client_for, monkeypatch):
    """Each current document used to fetch its engagement, agent, manager and organisations again, and ask
    for the required parties again (66 queries for an engagement with three acts at 100,000 agents)."""
    monkeypatch.setattr(SessionActivityMiddleware, "EVERY", 24 * 3600)
    engagement = make_engagement(
        cast.agents["agent"], _four_acts_mission(cast), State.AGREEMENTS, agreement_round=1
    )
    _document(engagement, "pacte")
    url = reverse("engagement_detail", kwargs={"engagement_id": engagement.pk})
    clients = {role: client_for(cast.users[role]) for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.HR)}
    for client in clients.values():
        count_queries(client, url)
    before = {role: count_queries(client, url) for role, client in clients.items()}
    for kind in ("lettre_mission", "convention_association", "contrat_reserve"):
        _document(engagement, kind)
    after = {role: count_queries(client, url) for role, client in clients.items()}
    assert after == before


def _four_acts_mission(cast):
    host = cast.agents[Role.HOST]
    return make_mission(
        cast.home,
        host.unit,
        host,
        title="Mission aux quatre actes",
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.ORGANISATION,
    )
