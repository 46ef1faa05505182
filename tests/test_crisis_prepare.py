"""Crisis mode, preparation and activation (issue 17 §1–2): the continuity plan's rules, the registry (only the
agent joins, changes, leaves), activation (units copied, volunteers asked once through their channel, one crisis
at a time, dates), answers by token, the broadcast once an hour, needs."""

import datetime

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.crisis import activation, needs, preparation
from passerelles.crisis.models import Availability, Crisis, CrisisUnit, Need, Volunteer
from passerelles.crisis.vocabulary import Answer, Priority, UnitRole
from passerelles.notifications.models import Notification, NotificationKind
from passerelles.organisations.models import OrgUnit, WorkSite
from tests.cast import make_agent

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 1)


def choices(**changes):
    values = {
        "skills": ["accueil", "logistique"],
        "habilitations": ["psc1"],
        "max_hours_per_week": 20,
        "days": [0, 1, 2],
        "sites": [],
        "rather_not": ["cuisine"],
        "rather_not_note": "Pas de nuit",
    }
    values.update(changes)
    return preparation.Choices(**values)


@pytest.fixture
def service(cast):
    return cast.agents["agent"].unit


@pytest.fixture
def closing(cast):
    """A unit that closes in the heatwave, with one agent."""
    unit = OrgUnit.objects.create(organisation=cast.home, name="Médiathèque")
    make_agent(cast.home, "Lina", "Livre", unit=unit)
    return unit


def volunteer(agent, **changes):
    return preparation.volunteer_join(by=agent.user, choices=choices(**changes))


def activate(cast, **changes):
    values = {
        "by": cast.users[Role.SIGNATORY],
        "organisation": cast.home,
        "name": "Canicule",
        "starts_on": TODAY,
        "expected_end": TODAY + datetime.timedelta(days=10),
        "today": TODAY,
    }
    values.update(changes)
    return activation.crisis_activate(**values)


# --- the plan -------------------------------------------------------------------------------------------------


def test_minimum_staff_at_most_the_units_agents(cast, service):
    hr = cast.users[Role.HR]
    essential = preparation.essential_unit_save(organisation=cast.home, unit=service, minimum_staff=2, by=hr)
    assert essential.minimum_staff == 2  # the manager and the agent
    with pytest.raises(preparation.PreparationRefused, match="ne peut pas dépasser ses agents en poste"):
        preparation.essential_unit_save(organisation=cast.home, unit=service, minimum_staff=3, by=hr)


def test_only_hr_or_admin_prepares_and_only_their_units(cast, service):
    for role in (Role.AGENT, Role.MANAGER, Role.SIGNATORY, Role.HOST):
        with pytest.raises(preparation.PreparationRefused):
            preparation.essential_unit_save(
                organisation=cast.home, unit=service, minimum_staff=1, by=cast.users[role]
            )
    preparation.essential_unit_save(
        organisation=cast.home, unit=service, minimum_staff=1, by=cast.users[Role.ADMIN]
    )
    with pytest.raises(preparation.PreparationRefused, match="pas de votre organisation"):
        preparation.essential_unit_save(
            organisation=cast.home, unit=cast.outsider_unit, minimum_staff=0, by=cast.users[Role.HR]
        )
    with pytest.raises(preparation.PreparationRefused, match="pas de votre organisation"):
        preparation.scenario_save(
            organisation=cast.home,
            by=cast.users[Role.HR],
            name="Canicule",
            kind="canicule",
            description="",
            closed_units=[cast.outsider_unit],
        )


def test_a_unit_is_never_both_essential_and_closed(cast, service, closing):
    hr = cast.users[Role.HR]
    preparation.essential_unit_save(organisation=cast.home, unit=service, minimum_staff=1, by=hr)
    with pytest.raises(preparation.PreparationRefused, match="unité essentielle"):
        preparation.scenario_save(
            organisation=cast.home,
            by=hr,
            name="Canicule",
            kind="canicule",
            description="",
            closed_units=[service],
        )
    preparation.scenario_save(
        organisation=cast.home,
        by=hr,
        name="Canicule",
        kind="canicule",
        description="",
        closed_units=[closing],
    )
    with pytest.raises(preparation.PreparationRefused, match="fermée dans le scénario"):
        preparation.essential_unit_save(organisation=cast.home, unit=closing, minimum_staff=0, by=hr)
    with pytest.raises(preparation.PreparationRefused, match="déjà ce nom"):
        preparation.scenario_save(
            organisation=cast.home, by=hr, name="canicule", kind="canicule", description="", closed_units=[]
        )


# --- the registry ---------------------------------------------------------------------------------------------


def test_the_agent_joins_changes_and_leaves(cast):
    agent = cast.agents["agent"]
    entry = volunteer(agent, sites=[agent.site])
    assert (
        entry.is_active
        and entry.skills == ["accueil", "logistique"]
        and list(entry.sites.all()) == [agent.site]
    )
    volunteer(agent, max_hours_per_week=48)
    assert Volunteer.objects.get(agent=agent).max_hours_per_week == 48
    preparation.volunteer_leave(by=agent.user)
    entry.refresh_from_db()
    assert not entry.is_active and entry.left_at is not None
    with pytest.raises(preparation.PreparationRefused):
        preparation.volunteer_leave(by=agent.user)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"max_hours_per_week": 49}, "48"),
        ({"max_hours_per_week": 0}, "48"),
        ({"days": []}, "au moins un jour"),
        ({"days": [7]}, "au moins un jour"),
        ({"skills": ["pilote"]}, "compétence"),
        ({"habilitations": ["permis_avion"]}, "habilitation"),
    ],
)
def test_bad_registry_choices_are_refused(cast, changes, message):
    with pytest.raises(preparation.PreparationRefused, match=message):
        volunteer(cast.agents["agent"], **changes)
    assert not Volunteer.objects.filter(agent=cast.agents["agent"]).exists()


def test_a_site_of_another_organisation_is_refused(cast):
    foreign = WorkSite.objects.filter(organisation=cast.outsider).first()
    with pytest.raises(preparation.PreparationRefused, match="pas de votre organisation"):
        volunteer(cast.agents["agent"], sites=[foreign])


def test_hr_never_joins_for_someone_without_an_agent_record(cast):
    from passerelles.accounts.models import User

    nobody = User.objects.create_user(email="sans.agent@example.test", password="x-long-enough-42")
    with pytest.raises(preparation.PreparationRefused, match="Seul un agent"):
        preparation.volunteer_join(by=nobody, choices=choices())


def test_registry_counts(cast):
    volunteer(cast.agents["agent"])
    volunteer(cast.agents["manager"], skills=["accueil"], habilitations=[])
    counts = preparation.registry_counts(cast.home)
    assert counts["total"] == 2
    assert dict(counts["skills"])["Accueil du public"] == 2


# --- activation -----------------------------------------------------------------------------------------------


def test_activation_copies_units_and_asks_each_volunteer_once(
    cast, service, closing, django_capture_on_commit_callbacks
):
    hr = cast.users[Role.HR]
    preparation.essential_unit_save(organisation=cast.home, unit=service, minimum_staff=1, by=hr)
    scenario = preparation.scenario_save(
        organisation=cast.home,
        by=hr,
        name="Canicule",
        kind="canicule",
        description="",
        closed_units=[closing],
    )
    volunteer(cast.agents["agent"])
    volunteer(cast.agents["manager"])
    preparation.volunteer_leave(by=cast.agents["manager"].user)
    with django_capture_on_commit_callbacks(execute=True):
        crisis = activate(cast, scenario=scenario)
    roles = dict(CrisisUnit.objects.filter(crisis=crisis).values_list("unit_id", "role"))
    assert roles == {service.pk: UnitRole.ESSENTIAL, closing.pk: UnitRole.CLOSED}
    asked = Availability.objects.get(crisis=crisis)
    assert asked.volunteer.agent == cast.agents["agent"] and len(asked.token) >= 40
    sent = Notification.objects.filter(kind=NotificationKind.CRISIS, user=cast.agents["agent"].user)
    assert sent.count() == 1 and sent.get().url == f"/crises/disponibilite/{asked.token}/"
    # running the task again notifies nobody twice
    activation.send_availability_calls.call(crisis_id=crisis.pk)
    assert sent.count() == 1
    # a later change of the plan never changes the crisis under way
    preparation.essential_unit_remove(organisation=cast.home, unit_id=service.pk, by=hr)
    assert CrisisUnit.objects.filter(crisis=crisis).count() == 2


def test_one_active_crisis_per_organisation(cast):
    activate(cast)
    with pytest.raises(activation.ActivationRefused, match="déjà en cours"):
        activate(cast, name="Deuxième")
    with pytest.raises(activation.ActivationRefused, match="déjà en cours"):
        activation.crisis_activate_network(
            by=cast.users[Role.NETWORK_COORDINATOR],
            network=cast.network,
            name="Réseau",
            starts_on=TODAY,
            expected_end=TODAY,
            today=TODAY,
        )
    assert Crisis.objects.filter(organisation=cast.home).count() == 1


@pytest.mark.parametrize(
    "start, end, message",
    [
        (TODAY - datetime.timedelta(days=1), TODAY, "pas dans le passé"),
        (TODAY, TODAY - datetime.timedelta(days=1), "après le début"),
        (TODAY, TODAY + datetime.timedelta(days=91), "90 jours"),
        (None, TODAY, "date de début"),
    ],
)
def test_activation_dates(cast, start, end, message):
    with pytest.raises(activation.ActivationRefused, match=message):
        activate(cast, starts_on=start, expected_end=end)
    assert not Crisis.objects.filter(organisation=cast.home).exists()


def test_who_activates(cast):
    for role in (Role.AGENT, Role.MANAGER, Role.HR, Role.HOST, Role.NETWORK_COORDINATOR):
        with pytest.raises(activation.ActivationRefused):
            activate(cast, by=cast.users[role])
    assert activate(cast, by=cast.users[Role.ADMIN]).organisation == cast.home


def test_a_scenario_of_another_organisation_is_refused(cast):
    from passerelles.crisis.models import Scenario

    foreign = Scenario.objects.get(plan__organisation=cast.outsider)
    with pytest.raises(activation.ActivationRefused, match="pas celui de votre organisation"):
        activate(cast, scenario=foreign)


def test_a_network_crisis_asks_every_members_volunteers(cast, django_capture_on_commit_callbacks):
    volunteer(cast.agents["agent"])
    partner_agent = make_agent(cast.partner, "Pia", "Partenaire")
    volunteer(partner_agent)
    with django_capture_on_commit_callbacks(execute=True):
        crisis = activation.crisis_activate_network(
            by=cast.users[Role.NETWORK_COORDINATOR],
            network=cast.network,
            name="Inondation",
            starts_on=TODAY,
            expected_end=TODAY + datetime.timedelta(days=3),
            today=TODAY,
        )
    assert crisis.availabilities.count() == 2
    with pytest.raises(activation.ActivationRefused):
        activation.crisis_activate_network(
            by=cast.users[Role.SIGNATORY], network=cast.network, name="x", starts_on=TODAY, expected_end=TODAY
        )


# --- answers --------------------------------------------------------------------------------------------------


def test_answer_by_token(cast):
    volunteer(cast.agents["agent"])
    crisis = activate(cast)
    asked = Availability.objects.get(crisis=crisis)
    day = (TODAY + datetime.timedelta(days=2)).isoformat()
    activation.availability_answer(token=asked.token, answer=Answer.AVAILABLE, dates=[day], note="le matin")
    asked.refresh_from_db()
    assert asked.answer == Answer.AVAILABLE and asked.dates == [day] and asked.answered_at
    with pytest.raises(activation.ActivationRefused, match="jours parmi ceux de la crise"):
        activation.availability_answer(token=asked.token, answer=Answer.AVAILABLE, dates=["2026-12-25"])
    with pytest.raises(activation.ActivationRefused, match="n'existe pas"):
        activation.availability_answer(token="faux", answer=Answer.AVAILABLE, dates=[])
    with pytest.raises(activation.ActivationRefused, match="disponible ou non"):
        activation.availability_answer(token=asked.token, answer=Answer.ASKED, dates=[])
    Crisis.objects.filter(pk=crisis.pk).update(status="closed")
    with pytest.raises(activation.ActivationRefused, match="close"):
        activation.availability_answer(token=asked.token, answer=Answer.UNAVAILABLE, dates=[])


def test_relaunch_reaches_only_those_who_did_not_answer(cast, django_capture_on_commit_callbacks):
    volunteer(cast.agents["agent"])
    volunteer(cast.agents["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        crisis = activate(cast)
    answered = Availability.objects.get(crisis=crisis, volunteer__agent=cast.agents["manager"])
    activation.availability_answer(token=answered.token, answer=Answer.UNAVAILABLE, dates=[])
    with django_capture_on_commit_callbacks(execute=True):
        assert activation.availability_relaunch(crisis=crisis, by=cast.users[Role.HR]) == 1
    assert (
        Notification.objects.filter(user=cast.agents["agent"].user, kind=NotificationKind.CRISIS).count() == 2
    )
    assert (
        Notification.objects.filter(user=cast.agents["manager"].user, kind=NotificationKind.CRISIS).count()
        == 1
    )
    with pytest.raises(activation.ActivationRefused):
        activation.availability_relaunch(crisis=crisis, by=cast.users[Role.AGENT])


# --- broadcast ------------------------------------------------------------------------------------------------


def test_broadcast_reaches_agents_not_in_the_registry_once_an_hour(cast, django_capture_on_commit_callbacks):
    volunteer(cast.agents["agent"])
    make_agent(cast.home, "Sam", "Sanscompte", with_account=False)
    crisis = activate(cast)
    with django_capture_on_commit_callbacks(execute=True):
        sent = activation.broadcast_send(crisis=crisis, by=cast.users[Role.HR], message="On a besoin de vous")
    assert sent.unreachable == 1
    notified = Notification.objects.filter(
        kind=NotificationKind.CRISIS, url=f"/crise/volontaire/?crise={crisis.pk}"
    )
    assert notified.count() == sent.reached > 0
    assert not notified.filter(user=cast.agents["agent"].user).exists()  # already in the registry
    with pytest.raises(activation.ActivationRefused, match="une fois par heure"):
        activation.broadcast_send(crisis=crisis, by=cast.users[Role.HR], message="Encore")
    crisis.broadcasts.update(sent_at=timezone.now() - datetime.timedelta(hours=2))
    activation.broadcast_send(crisis=crisis, by=cast.users[Role.HR], message="Encore")
    with pytest.raises(activation.ActivationRefused):
        activation.broadcast_send(crisis=crisis, by=cast.users[Role.AGENT], message="x")


def test_joining_through_the_broadcast_records_the_crisis(cast):
    crisis = activate(cast)
    entry = preparation.volunteer_join(by=cast.agents["agent"].user, choices=choices(), crisis=crisis)
    assert entry.joined_during == crisis


# --- needs ----------------------------------------------------------------------------------------------------


def need(cast, crisis, by, **changes):
    values = {
        "crisis": crisis,
        "by": by,
        "title": "Distribution d'eau",
        "unit": cast.agents["agent"].unit,
        "date": TODAY,
        "start_time": datetime.time(22),
        "end_time": datetime.time(6),
        "skills": ["distribution"],
        "habilitations": [],
        "head_count": 3,
        "priority": Priority.VITAL,
    }
    values.update(changes)
    return needs.need_post(**values)


def test_needs_rules(cast):
    crisis = activate(cast)
    posted = need(cast, crisis, cast.users[Role.MANAGER])  # a night: ends the next morning
    assert needs.hours(posted.start_time, posted.end_time) == 8
    direction = cast.agents[Role.HR].unit
    with pytest.raises(needs.NeedRefused, match="votre unité"):
        need(cast, crisis, cast.users[Role.MANAGER], unit=direction)  # not the manager's unit
    need(cast, crisis, cast.users[Role.HR], unit=direction)  # HR runs the crisis: any unit
    with pytest.raises(needs.NeedRefused, match="votre unité"):
        need(cast, crisis, cast.users[Role.HR], unit=cast.outsider_unit)
    with pytest.raises(needs.NeedRefused, match="jour de la crise"):
        need(cast, crisis, cast.users[Role.HR], date=TODAY + datetime.timedelta(days=11))
    with pytest.raises(needs.NeedRefused, match="200"):
        need(cast, crisis, cast.users[Role.HR], head_count=201)
    with pytest.raises(needs.NeedRefused, match="200"):
        need(cast, crisis, cast.users[Role.HR], head_count=0)
    with pytest.raises(needs.NeedRefused, match="même heure"):
        need(cast, crisis, cast.users[Role.HR], end_time=datetime.time(22))
    with pytest.raises(needs.NeedRefused):
        need(cast, crisis, cast.users[Role.AGENT])
    assert Need.objects.filter(crisis=crisis).count() == 2


def test_cancel_a_need(cast):
    crisis = activate(cast)
    posted = need(cast, crisis, cast.users[Role.MANAGER])
    with pytest.raises(needs.NeedRefused):
        needs.need_cancel(need=posted, by=cast.users[Role.HOST])  # posted by someone else
    needs.need_cancel(need=posted, by=cast.users[Role.MANAGER])
    posted.refresh_from_db()
    assert posted.cancelled_at is not None
    with pytest.raises(needs.NeedRefused):
        needs.need_cancel(need=posted, by=cast.users[Role.HR])  # already cancelled
