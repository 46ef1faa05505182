"""Mission forums and café-missions (issue 19): who may organise, pitch, register and answer; the states; the
announcement sent once by a task; the agendas with their calendar file; both « oui » → an engagement at the
rencontre step; the agent's manager never told."""

import datetime

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.encounters import scheduling, services
from passerelles.encounters.models import Conversation, Encounter, Notice, NoticePurpose
from passerelles.encounters.rules import Kind, Status
from passerelles.encounters.tasks import notify_all
from passerelles.engagements.lifecycle import EventKind, State
from passerelles.engagements.models import Engagement, EngagementEvent, Meeting
from passerelles.missions.models import MissionStatus, Visibility
from passerelles.notifications.models import Notification
from passerelles.outbox.models import OutboxMessage
from tests.cast import grant, make_agent, make_mission, make_workshop_mission
from tests.working_days import working_day

pytestmark = pytest.mark.django_db


def details(**changes):
    values = {
        "kind": Kind.CAFE,
        "title": "Café-missions de juin",
        "date": working_day(10),
        "start_time": datetime.time(9, 0),
        "place": "Salle du conseil",
        "visio_url": "",
        "conversation_minutes": 15,
        "pause_minutes": 5,
        "rounds": 3,
        "tables": 2,
        "seats": 2,
    }
    values.update(changes)
    return values


@pytest.fixture
def world(cast, django_capture_on_commit_callbacks):
    """The Ville d'Alpha's café-missions: two hosts pitch, three agents (Paul, Léa, Marc) register."""
    hr = cast.users[Role.HR]
    host = cast.agents[Role.HOST]
    second = make_agent(cast.home, "Inès", "Porteuse", unit=host.unit, job_title="Cheffe de projet")
    grant(second, cast.home, Role.HOST)
    first_mission = make_workshop_mission(cast)
    second_mission = make_mission(
        cast.home, host.unit, second, title="Jardins partagés", status=MissionStatus.PUBLISHED
    )
    agents = [cast.agents["agent"]] + [
        make_agent(cast.home, first, "Agent", manager=cast.agents["manager"], job_title="Gestionnaire")
        for first in ("Léa", "Marc")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        encounter = services.encounter_create(by=hr, organisation=cast.home, organisations=[], **details())
        services.encounter_invite_hosts(by=hr, encounter=encounter)
    pitch_a = services.pitch_save(
        by=host.user, encounter=encounter, mission=first_mission, text="Des ateliers."
    )
    pitch_b = services.pitch_save(
        by=second.user, encounter=encounter, mission=second_mission, text="Des jardins."
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.encounter_open(by=hr, encounter=encounter)
    return {
        "encounter": Encounter.objects.get(pk=encounter.pk),
        "hr": hr,
        "hosts": [host.user, second.user],
        "pitches": [pitch_a, pitch_b],
        "agents": agents,
    }


def register_all(world):
    a, b = world["pitches"]
    for agent in world["agents"]:
        services.registration_save(by=agent.user, encounter=world["encounter"], ranks={a.pk: 1, b.pk: 2})


def test_only_hr_of_the_organisation_creates_and_dates_are_checked(cast):
    with pytest.raises(services.Refused, match="RH"):
        services.encounter_create(
            by=cast.users[Role.AGENT], organisation=cast.home, organisations=[], **details()
        )
    with pytest.raises(services.Refused, match="passée"):
        services.encounter_create(
            by=cast.users[Role.HR],
            organisation=cast.home,
            organisations=[],
            **details(date=timezone.localdate() - datetime.timedelta(days=1)),
        )
    assert not Encounter.objects.exists()


def test_a_network_event_invites_members_only(cast):
    coordinator = cast.users[Role.NETWORK_COORDINATOR]
    with pytest.raises(services.Refused, match="membres"):
        services.encounter_create(
            by=coordinator, network=cast.network, organisations=[cast.home, cast.outsider], **details()
        )
    encounter = services.encounter_create(
        by=coordinator, network=cast.network, organisations=[cast.partner], **details()
    )
    assert set(encounter.organisations.all()) == {cast.partner}
    # the home's HR (not a coordinator) does not organise it
    assert not Encounter.objects.for_actor(cast.users[Role.HR]).filter(pk=encounter.pk).exists()
    assert Encounter.objects.for_actor(coordinator).filter(pk=encounter.pk).exists()


def test_hosts_are_invited_and_agents_announced_once_each(world, cast):
    encounter = world["encounter"]
    invited = set(Notice.objects.filter(purpose=NoticePurpose.INVITE_HOST).values_list("user_id", flat=True))
    assert {u.pk for u in world["hosts"]} <= invited
    announced = Notice.objects.filter(encounter=encounter, purpose=NoticePurpose.ANNOUNCE)
    assert set(announced.values_list("user_id", flat=True)) >= {a.user_id for a in world["agents"]}
    before = Notification.objects.count()
    assert notify_all(encounter, NoticePurpose.ANNOUNCE) == 0  # the task run again tells nobody twice
    assert Notification.objects.count() == before
    assert not Encounter.objects.for_actor(cast.outsider_agent.user).filter(pk=encounter.pk).exists()


def test_a_draft_is_seen_by_its_organisers_only(cast):
    encounter = services.encounter_create(
        by=cast.users[Role.HR], organisation=cast.home, organisations=[], **details()
    )
    assert Encounter.objects.for_actor(cast.users[Role.HR]).filter(pk=encounter.pk).exists()
    assert not Encounter.objects.for_actor(cast.users[Role.AGENT]).filter(pk=encounter.pk).exists()
    with pytest.raises(services.Refused, match="au moins une présentation"):
        services.encounter_open(by=cast.users[Role.HR], encounter=encounter)


def test_a_host_pitches_only_their_own_published_missions(world, cast):
    other = make_mission(
        cast.home, cast.agents["manager"].unit, cast.agents["manager"], status=MissionStatus.PUBLISHED
    )
    with pytest.raises(services.Refused, match="missions publiées que vous portez"):
        services.pitch_save(
            by=world["hosts"][0], encounter=world["encounter"], mission=other, text="Pas la mienne"
        )
    unit_only = make_mission(
        cast.home,
        cast.agents[Role.HOST].unit,
        cast.agents[Role.HOST],
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.UNIT,
        title="Interne",
    )
    with pytest.raises(services.Refused):
        services.pitch_save(by=world["hosts"][0], encounter=world["encounter"], mission=unit_only, text="x")
    with pytest.raises(services.Refused, match="600"):
        services.pitch_save(
            by=world["hosts"][0],
            encounter=world["encounter"],
            mission=world["pitches"][0].mission,
            text="x" * 601,
            pitch=world["pitches"][0],
        )


def test_registration_ranks_and_duplicates(world, cast):
    a, b = world["pitches"]
    paul = world["agents"][0]
    with pytest.raises(services.Refused, match="rang 1"):
        services.registration_save(by=paul.user, encounter=world["encounter"], ranks={a.pk: 1, b.pk: 1})
    assert not world["encounter"].registrations.exists()
    with pytest.raises(services.Refused):
        services.registration_save(by=cast.outsider_agent.user, encounter=world["encounter"], ranks={a.pk: 1})
    registration = services.registration_save(
        by=paul.user, encounter=world["encounter"], ranks={b.pk: 1, a.pk: 2}
    )
    assert list(registration.wishes.values_list("pitch_id", "rank")) == [(b.pk, 1), (a.pk, 2)]


def test_hosts_see_only_the_agents_who_wished_their_pitch(world, cast, client_for):
    a, b = world["pitches"]
    paul, lea = world["agents"][:2]
    services.registration_save(by=paul.user, encounter=world["encounter"], ranks={a.pk: 1})
    services.registration_save(by=lea.user, encounter=world["encounter"], ranks={b.pk: 1})
    page = client_for(world["hosts"][0]).get(f"/rencontres/presentations/{a.pk}/inscrits/").content.decode()
    assert paul.full_name in page and lea.full_name not in page
    # the manager of both is no host of the pitch: refused
    assert (
        client_for(cast.users[Role.MANAGER]).get(f"/rencontres/presentations/{a.pk}/inscrits/").status_code
        == 403
    )
    wish = a.wishes.get()
    services.wish_mark(by=world["hosts"][0], wish=wish, marked=True)
    with pytest.raises(services.Refused):
        services.wish_mark(by=world["hosts"][1], wish=wish, marked=False)


def test_the_whole_path_to_an_engagement_and_the_manager_never_told(
    world, cast, client_for, django_capture_on_commit_callbacks
):
    register_all(world)
    hr, encounter = world["hr"], world["encounter"]
    with pytest.raises(services.Refused):
        scheduling.schedule_compute(by=world["hosts"][0], encounter=encounter)
    coverage = scheduling.schedule_compute(by=hr, encounter=encounter)
    assert coverage["registered"] == 3 and coverage["wishes"] == 6
    assert coverage["without"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.schedule_send(by=hr, encounter=encounter)
    encounter.refresh_from_db()
    assert encounter.status == Status.SCHEDULED
    paul = world["agents"][0]
    agenda = Notification.objects.filter(user=paul.user, kind="meeting").get()
    email = OutboxMessage.objects.get(pk=agenda.email_id)
    ics = email.attachments[0]["content"] if isinstance(email.attachments, list) else ""
    mine = Conversation.objects.filter(agent=paul)
    assert ics.count("BEGIN:VEVENT") == mine.count() >= 1
    response = client_for(paul.user).get(f"/rencontres/{encounter.pk}/mon-agenda.ics")
    assert response.status_code == 200 and response.content.decode().count("BEGIN:VEVENT") == mine.count()
    # registration closed once the schedule left
    with pytest.raises(services.Refused):
        services.registration_save(by=paul.user, encounter=encounter, ranks={world["pitches"][0].pk: 1})

    with pytest.raises(services.Refused, match="pas encore eu lieu"):
        scheduling.encounter_hold(by=hr, encounter=encounter)
    Encounter.objects.filter(pk=encounter.pk).update(date=timezone.localdate())
    scheduling.encounter_hold(by=hr, encounter=encounter)

    conversation = mine.select_related("pitch").first()
    host = conversation.pitch.presenter
    scheduling.conversation_answer(by=paul.user, conversation=conversation, continues=True)
    assert not Engagement.objects.filter(agent=paul, mission=conversation.pitch.mission).exists()
    with pytest.raises(services.Refused):  # someone else than its two sides
        scheduling.conversation_answer(by=cast.users[Role.MANAGER], conversation=conversation, continues=True)
    scheduling.conversation_answer(by=host, conversation=conversation, continues=True)
    engagement = Engagement.objects.get(agent=paul, mission=conversation.pitch.mission)
    assert engagement.state == State.MEETING
    meeting = Meeting.objects.get(engagement=engagement)
    assert meeting.agent_continues and meeting.host_continues and meeting.starts_at == conversation.starts_at
    assert EngagementEvent.objects.filter(engagement=engagement, action=EventKind.FORUM_CONVERSATION).exists()

    manager = cast.users[Role.MANAGER]
    told = Notification.objects.filter(user=manager)
    assert not [n for n in told if paul.last_name in n.subject + n.message or "agenda" in n.subject.lower()]
    report = client_for(hr).get(f"/rencontres/{encounter.pk}/bilan/").content.decode()
    assert "data-engagements>1<" in report.replace(" ", "")


def test_one_open_engagement_per_agent_and_mission(world, cast):
    register_all(world)
    paul = world["agents"][0]
    mission = world["pitches"][0].mission
    existing = Engagement.objects.create(
        agent=paul,
        mission=mission,
        state=State.INTEREST,
        start_date=mission.start_date,
        end_date=mission.end_date,
        percent=20,
    )
    hr, encounter = world["hr"], world["encounter"]
    scheduling.schedule_compute(by=hr, encounter=encounter)
    scheduling.schedule_send(by=hr, encounter=encounter)
    Encounter.objects.filter(pk=encounter.pk).update(date=timezone.localdate())
    scheduling.encounter_hold(by=hr, encounter=encounter)
    conversation = Conversation.objects.get(agent=paul, pitch=world["pitches"][0])
    scheduling.conversation_answer(by=paul.user, conversation=conversation, continues=True)
    conversation = scheduling.conversation_answer(
        by=world["hosts"][0], conversation=conversation, continues=True
    )
    assert conversation.engagement_id == existing.pk
    assert Engagement.objects.filter(agent=paul, mission=mission).count() == 1


def test_cancel_needs_the_organiser_and_tells_the_registered(world, cast, django_capture_on_commit_callbacks):
    register_all(world)
    with pytest.raises(services.Refused):
        services.encounter_cancel(by=cast.users[Role.AGENT], encounter=world["encounter"])
    with django_capture_on_commit_callbacks(execute=True):
        services.encounter_cancel(by=world["hr"], encounter=world["encounter"], reason="Salle indisponible")
    assert Notice.objects.filter(purpose=NoticePurpose.CANCELLED).count() == 5  # 3 agents, 2 hosts


def test_a_pitch_photo_is_an_image_reencoded_and_served_to_the_scope_only(world, cast, client_for):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    pitch = world["pitches"][0]
    host = client_for(world["hosts"][0])
    url = f"/rencontres/presentations/{pitch.pk}/modifier/"
    fake = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", content_type="image/png")
    page = host.post(url, {"text": "Des ateliers.", "photo": fake, "photo_alt": "Un atelier"})
    assert page.status_code == 200 and "SVG" in page.content.decode()
    pitch.refresh_from_db()
    assert not pitch.photo
    data = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(data, "PNG")
    image = SimpleUploadedFile("photo.png", data.getvalue(), content_type="image/png")
    assert (
        host.post(url, {"text": "Des ateliers.", "photo": image, "photo_alt": "Un atelier"}).status_code
        == 302
    )
    pitch.refresh_from_db()
    assert pitch.photo.name.startswith("rencontres/") and "photo" not in pitch.photo.name
    photo = f"/rencontres/presentations/{pitch.pk}/photo/"
    served = client_for(world["agents"][1].user).get(photo)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    # reading the stream closes the response (the test client's wrapper); a second close() would fire
    # request_finished again and close the database connection under the test (PostgreSQL)
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert client_for(cast.outsider_agent.user).get(photo).status_code == 404


def test_a_mission_run_as_a_test_needs_the_agents_consent_with_their_yes(world, cast, client_for):
    """The forum path skips the mission page, where the agent ticks that they take part in a programme run as
    a test: their « je souhaite continuer » carries that consent, or nothing is written."""
    from passerelles.programmes.models import Programme

    register_all(world)
    paul = world["agents"][0]
    mission = world["pitches"][0].mission
    mission.programme = Programme.objects.create(
        organisation=mission.organisation,
        name="Saison des cafés",
        is_test=True,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        expires_on=timezone.localdate() + datetime.timedelta(days=90),
        participant_notice="Vous participez à un test jusqu'à l'été.",
    )
    mission.save()
    hr, encounter = world["hr"], world["encounter"]
    scheduling.schedule_compute(by=hr, encounter=encounter)
    scheduling.schedule_send(by=hr, encounter=encounter)
    Encounter.objects.filter(pk=encounter.pk).update(date=timezone.localdate())
    scheduling.encounter_hold(by=hr, encounter=encounter)
    conversation = Conversation.objects.get(agent=paul, pitch=world["pitches"][0])

    page = client_for(paul.user).get(f"/rencontres/conversations/{conversation.pk}/suite/").content.decode()
    assert "data-programme-consent" in page and "jusqu&#x27;à l&#x27;été" in page
    refused = client_for(paul.user).post(
        f"/rencontres/conversations/{conversation.pk}/suite/", {"continues": "oui"}
    )
    assert refused.status_code == 200 and "programme mené comme un test" in refused.content.decode()
    conversation.refresh_from_db()
    assert conversation.agent_continues is None and conversation.programme_consent_at is None

    client_for(paul.user).post(
        f"/rencontres/conversations/{conversation.pk}/suite/", {"continues": "oui", "programme_consent": "1"}
    )
    scheduling.conversation_answer(by=world["hosts"][0], conversation=conversation, continues=True)
    engagement = Engagement.objects.get(agent=paul, mission=mission)
    assert engagement.state == State.MEETING and engagement.programme_consent_at is not None
    assert engagement.programme_notice == "Vous participez à un test jusqu'à l'été."
