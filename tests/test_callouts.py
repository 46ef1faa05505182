"""Calls for volunteers (issue 15): targeting by unit, site, category and matching profiles; counts by
channel; each person reached once per mission; answers; bad inputs refused with nothing sent."""

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.accounts.models import User
from passerelles.callouts.models import Criterion, VolunteerCall
from passerelles.callouts.services import CallRefused, answers, call_send, send_call
from passerelles.callouts.targeting import Group, preview
from passerelles.engagements.lifecycle import ConsentChannel
from passerelles.engagements.services import engagement_express_interest, engagement_record_interest_for
from passerelles.matching.index import index_agent
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification, NotificationKind
from passerelles.organisations.models import WorkSite
from passerelles.people.models import Agent, Category, EmploymentStatus, Profile, ProfileTag
from tests.cast import make_agent, make_mission, make_workshop_mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(cast):
    return make_workshop_mission(cast)


@pytest.fixture
def service(cast):
    return cast.agents["agent"].unit


@pytest.fixture
def crew(cast, service):
    """Three more people in the agent's service: one by SMS only, one in the app only, one without account."""
    now = timezone.now()
    sms_user = User.objects.create_user(
        email=None,
        login_name="lea.sms",
        phone="+33612345678",
        phone_verified_at=now,
        sms_opted_in_at=now,
    )
    app_user = User.objects.create_user(email=None, login_name="marc.app")
    people = {}
    for key, user, first in (("sms", sms_user, "Léa"), ("app", app_user, "Marc"), ("none", None, "Nina")):
        people[key] = Agent.objects.create(
            user=user,
            organisation=cast.home,
            unit=service,
            first_name=first,
            last_name="Terrain",
            category=Category.C,
            status=EmploymentStatus.TITULAIRE,
        )
    return people


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """call_send, with the sending task run once the transaction commits (as in real life)."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call_send(**kwargs)

    return run


def units(cast, *chosen):
    return Group(organisation=cast.home, criterion=Criterion.UNITS, units=tuple(chosen))


def test_preview_counts_by_channel_without_names(cast, mission, service, crew):
    counts = preview(mission=mission, group=units(cast, service), user=cast.users[Role.HR])
    # the service: Paul (e-mail), Maud the manager (e-mail), Léa (SMS), Marc (app), Nina (no account)
    assert counts.total == 5
    assert (counts.to_reach, counts.email, counts.sms, counts.app_only, counts.unreachable) == (4, 2, 1, 1, 1)
    assert counts.already == 0


def test_a_direction_includes_its_services(cast, mission, service, crew):
    direction = service.parent
    counts = preview(mission=mission, group=units(cast, direction), user=cast.users[Role.HR])
    # the direction's own people (HR, signatory, network, admin; not the host: project lead) and the service's
    assert counts.total == 4 + 5


def test_send_reaches_each_person_once_through_notify(cast, mission, service, crew, send):
    call = send(
        mission=mission, group=units(cast, service), by=cast.users[Role.HR], message="On compte sur vous"
    )
    call.refresh_from_db()
    assert call.reached == 4 and call.unreachable == 1 and call.skipped == 0
    assert call.sent_at is not None  # the immediate task backend ran the batches on commit
    told = Notification.objects.filter(kind=NotificationKind.VOLUNTEER_CALL)
    assert sorted(n.user_id for n in told) == sorted(
        [cast.users[Role.AGENT].pk, cast.users[Role.MANAGER].pk, crew["sms"].user_id, crew["app"].user_id]
    )
    text = told.first().message
    assert "Ateliers numériques" in text and "On compte sur vous" in text
    assert "Ne faites rien : personne ne vous le reprochera" in text
    assert dict(call.recipients.values_list("agent_id", "channel")) == {
        cast.agents["agent"].pk: "email",
        cast.agents["manager"].pk: "email",
        crew["sms"].pk: "sms",
        crew["app"].pk: "app",
    }
    # a second call to a group that includes them skips those already reached
    second = send(
        mission=mission,
        group=Group(organisation=cast.home, criterion=Criterion.CATEGORIES, categories=("A",)),
        by=cast.users[Role.HR],
    )
    assert second.skipped == 1  # Maud, category A, reached by the first call
    assert not second.recipients.filter(agent=cast.agents["manager"]).exists()
    assert (
        Notification.objects.filter(
            kind=NotificationKind.VOLUNTEER_CALL, user=cast.users[Role.MANAGER]
        ).count()
        == 1
    )
    # and when nobody is left to reach, nothing is sent
    with pytest.raises(CallRefused, match="déjà reçu un appel"):
        send(mission=mission, group=units(cast, service), by=cast.users[Role.HR])
    assert VolunteerCall.objects.filter(organisation=cast.home).count() == 2


def test_running_the_task_twice_sends_nothing_more(cast, mission, service, crew, send):
    call = send(mission=mission, group=units(cast, service), by=cast.users[Role.HR])
    before = Notification.objects.count()
    assert send_call.call(call_id=call.pk) == 0
    assert Notification.objects.count() == before


def test_sites_and_categories(cast, mission, service, crew):
    hall = cast.agents["agent"].site
    by_site = preview(
        mission=mission,
        group=Group(organisation=cast.home, criterion=Criterion.SITES, sites=(hall,)),
        user=cast.users[Role.HR],
    )
    # everyone of the cast works at the town hall, except the project lead who cannot candidate
    assert by_site.total == Agent.objects.filter(site=hall).exclude(pk=mission.project_lead_id).count()
    by_c = preview(
        mission=mission,
        group=Group(organisation=cast.home, criterion=Criterion.CATEGORIES, categories=("C",)),
        user=cast.users[Role.HR],
    )
    assert by_c.total == 4  # Paul, Léa, Marc, Nina


def test_matching_profiles_follow_the_suggestions_and_visibility(cast, mission):
    keen = make_agent(cast.home, "Karim", "Atelier", unit=cast.agents["agent"].unit)
    profile = Profile.objects.create(agent=keen, visibility="hr", available=True)
    ProfileTag.objects.create(
        profile=profile, kind="skill", label="animation d'ateliers", key="animation d'ateliers"
    )
    index_agent(keen.pk)
    hidden = make_agent(cast.home, "Hélène", "Cachee", unit=cast.agents["agent"].unit)
    profile = Profile.objects.create(agent=hidden, visibility="nobody", available=True)
    ProfileTag.objects.create(
        profile=profile, kind="skill", label="animation d'ateliers", key="animation d'ateliers"
    )
    index_agent(hidden.pk)
    call = call_send(
        mission=mission,
        group=Group(organisation=cast.home, criterion=Criterion.MATCHING),
        by=cast.users[Role.HR],
    )
    reached = set(call.recipients.values_list("agent_id", flat=True))
    assert keen.pk in reached
    assert hidden.pk not in reached  # « personne » : in no search, in no call


def test_answers_count_interest_after_the_call(cast, mission, service, crew):
    call = call_send(mission=mission, group=units(cast, service), by=cast.users[Role.HR])
    assert answers(call) == 0
    engagement_express_interest(mission=mission, by=cast.users[Role.AGENT])
    engagement_record_interest_for(
        mission=mission, agent=crew["app"], by=cast.users[Role.HR], channel=ConsentChannel.PHONE
    )
    assert answers(call) == 2


def test_people_already_engaged_and_the_lead_are_not_called(cast, mission, service):
    engagement_express_interest(mission=mission, by=cast.users[Role.AGENT])
    counts = preview(mission=mission, group=units(cast, service), user=cast.users[Role.HR])
    assert counts.total == 1  # Maud only: Paul is already on it


def test_a_unit_only_mission_reaches_its_unit_only(cast, service):
    lead = cast.agents[Role.HOST]
    unit_only = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, visibility="unit")
    counts = preview(mission=unit_only, group=units(cast, service), user=cast.users[Role.HR])
    assert counts.total == 0
    with pytest.raises(CallRefused, match="Personne dans ce groupe"):
        call_send(mission=unit_only, group=units(cast, service), by=cast.users[Role.HR])


@pytest.mark.parametrize(
    "make_group, error",
    [
        (lambda cast: Group(organisation=cast.home, criterion=Criterion.UNITS), "au moins une unité"),
        (lambda cast: Group(organisation=cast.home, criterion=Criterion.SITES), "au moins un site"),
        (
            lambda cast: Group(organisation=cast.home, criterion=Criterion.CATEGORIES),
            "au moins une catégorie",
        ),
        (lambda cast: Group(organisation=cast.home, criterion="tous"), "à qui envoyer"),
        (lambda cast: units(cast, cast.outsider_unit), "pas de votre organisation"),
        (
            lambda cast: Group(
                organisation=cast.home,
                criterion=Criterion.SITES,
                sites=(WorkSite.objects.get(organisation=cast.outsider),),
            ),
            "pas de votre organisation",
        ),
        (
            lambda cast: Group(organisation=cast.outsider, criterion=Criterion.CATEGORIES, categories=("C",)),
            "Seule la RH",
        ),
    ],
)
def test_bad_groups_are_refused_and_nothing_is_sent(cast, mission, make_group, error):
    with pytest.raises(CallRefused, match=error):
        call_send(mission=mission, group=make_group(cast), by=cast.users[Role.HR])
    assert not VolunteerCall.objects.filter(organisation=cast.home).exists()
    assert not Notification.objects.filter(kind=NotificationKind.VOLUNTEER_CALL).exists()


def test_an_unpublished_mission_cannot_be_called(cast, service):
    lead = cast.agents[Role.HOST]
    draft = make_mission(cast.home, lead.unit, lead)
    with pytest.raises(CallRefused, match="mission publiée"):
        call_send(mission=draft, group=units(cast, service), by=cast.users[Role.HR])


@pytest.mark.parametrize("role", [Role.AGENT, Role.MANAGER, Role.HOST, Role.SIGNATORY, Role.ADMIN])
def test_only_hr_calls(cast, mission, service, role):
    with pytest.raises(CallRefused):
        call_send(mission=mission, group=units(cast, service), by=cast.users[role])


# --- the pages -------------------------------------------------------------------------------------------


def test_hr_previews_then_sends_and_reads_the_counts(
    cast, mission, service, crew, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.users[Role.HR])
    assert "Appel à volontaires" in client.get(f"/missions/{mission.pk}/").content.decode()
    form = client.get(f"/missions/{mission.pk}/appel/").content.decode()
    assert service.name in form and "Voir l'aperçu" in form
    data = {"organisation": cast.home.slug, "criterion": "units", "units": [service.pk], "etape": "apercu"}
    page = client.post(f"/missions/{mission.pk}/appel/", data).content.decode()
    assert "4 personnes à prévenir" in page
    assert "2 par courriel, 1 par SMS, 1 dans l'application seulement" in page
    assert "1 personne sans compte : imprimez l'affiche ou des lettres" in page
    assert "Paul" not in page and "Léa" not in page  # counts, never names
    assert not VolunteerCall.objects.filter(organisation=cast.home).exists()  # a preview sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/missions/{mission.pk}/appel/", {**data, "etape": "envoyer"})
    call = VolunteerCall.objects.get(organisation=cast.home)
    assert response["Location"] == f"/appels/{call.pk}/"
    detail = client.get(f"/appels/{call.pk}/").content.decode()
    assert "4 personnes prévenues" in detail and "0 réponse" in detail
    listing = client.get(f"/organisations/{cast.home.slug}/appels/").content.decode()
    assert mission.title in listing


def test_a_forged_unit_from_elsewhere_is_a_form_error(cast, mission, client_for):
    client = client_for(cast.users[Role.HR])
    page = client.post(
        f"/missions/{mission.pk}/appel/",
        {"criterion": "units", "units": [cast.outsider_unit.pk], "etape": "envoyer"},
    ).content.decode()
    assert "pas de votre organisation" in page
    assert not VolunteerCall.objects.filter(organisation=cast.home).exists()


def test_call_pages_are_for_hr_only(cast, mission, service, client_for):
    call = call_send(mission=mission, group=units(cast, service), by=cast.users[Role.HR])
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.ADMIN):
        client = client_for(cast.users[role])
        assert client.get(f"/appels/{call.pk}/").status_code == 404, role
        assert client.get(f"/missions/{mission.pk}/appel/").status_code == 403, role
        assert client.get(f"/organisations/{cast.home.slug}/appels/").status_code == 403, role
    outsider_hr = client_for(cast.outsider_agent.manager.user)
    assert outsider_hr.get(f"/appels/{call.pk}/").status_code == 404
