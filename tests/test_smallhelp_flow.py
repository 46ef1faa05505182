"""The light path and immersion days through the services and pages (issue 19, Deliver 5 and 6): the three
agreements and the lettre; the host's proposal with the agent's consent first (the manager hears nothing
before); a neutral answer when nobody matches; caps, past days, weekends and another employer refused with
nothing written; any party declines; an immersion agreed by the host with the manager informed; a return
programme accepted by the agent before any host is asked; the organisation's parameter."""

import datetime

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.notifications.models import Notification
from passerelles.smallhelp import immersions, services
from passerelles.smallhelp.models import Immersion, LightHelp, ReturnProgramme, SmallHelpSettings
from passerelles.smallhelp.rules import HelpState, ImmersionState, ProgrammeState
from tests.cast import MARKER, make_agent
from tests.smallhelp_helpers import pdf_text, working_days_of_a_coming_month

pytestmark = pytest.mark.django_db

DAYS = working_days_of_a_coming_month()


@pytest.fixture
def world(cast):
    """Paul (agent, service des écoles, managed by Maud) and Hugo, host in the direction de l'éducation."""
    agent = cast.agents["agent"]
    host = cast.agents[Role.HOST]
    return {
        "agent": agent,
        "manager": cast.agents["manager"],
        "host": host,
        "unit": host.unit,
        "hr": cast.agents[Role.HR],
    }


def _told(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("subject", flat=True))


def _ask(client, world, days=DAYS[:2], purpose="Renfort pour l'inventaire des écoles"):
    data = {"host_unit": world["unit"].pk, "purpose": purpose}
    for index, day in enumerate(days, start=1):
        data[f"date_{index}"] = f"{day:%Y-%m-%d}"
        data[f"moment_{index}"] = "am" if index % 2 else "pm"
    return client.post("/coups-de-main/demander/", data)


def test_agent_asks_manager_and_host_agree_lettre_for_the_three_parties_and_hr(world, client_for, cast):
    agent_client = client_for(world["agent"].user)
    response = _ask(agent_client, world)
    help = LightHelp.objects.get()
    assert response.status_code == 302 and response.url == f"/coups-de-main/{help.pk}/"
    assert help.agent_agreed_at is not None and help.state == HelpState.ASKED
    assert _told(world["manager"].user) and _told(world["host"].user)
    # no lettre before the three agreements
    assert agent_client.get(f"/coups-de-main/{help.pk}/lettre-de-mission.pdf").status_code == 403
    assert client_for(world["manager"].user).post(f"/coups-de-main/{help.pk}/accord/").status_code == 302
    help.refresh_from_db()
    assert help.manager_agreed_at is not None and help.state == HelpState.ASKED
    client_for(world["host"].user).post(f"/coups-de-main/{help.pk}/accord/")
    help.refresh_from_db()
    assert help.state == HelpState.AGREED and help.host_agreed_by == world["host"].user
    for user in (world["agent"].user, world["manager"].user, world["host"].user, world["hr"].user):
        response = client_for(user).get(f"/coups-de-main/{help.pk}/lettre-de-mission.pdf")
        assert response.status_code == 200, user
    text = " ".join(pdf_text(response.content).split())
    assert "Paul Agent apporte son concours au service Direction de l'éducation" in text
    assert "mesure d'ordre intérieur, CGFP L512-23" in text and "Renfort pour l'inventaire" in text
    # a colleague who is none of the parties, and the outsider, get nothing
    colleague = make_agent(cast.home, "Colette", "Collegue", unit=world["agent"].unit)
    assert client_for(colleague.user).get(f"/coups-de-main/{help.pk}/").status_code == 404
    assert (
        client_for(cast.outsider_agent.user)
        .get(f"/coups-de-main/{help.pk}/lettre-de-mission.pdf")
        .status_code
        == 404
    )


def test_host_proposes_the_agent_agrees_first_and_only_then_the_manager_hears(world, client_for):
    host_client = client_for(world["host"].user)
    data = {
        "host_unit": world["unit"].pk,
        "identifier": world["agent"].email.upper(),
        "purpose": "Accueil du public",
        "date_1": f"{DAYS[0]:%Y-%m-%d}",
        "moment_1": "pm",
    }
    response = host_client.post("/coups-de-main/proposer/", data, follow=True)
    help = LightHelp.objects.get()
    neutral = response.content.decode()
    assert help.initiated_by == "host" and help.host_agreed_at is not None
    assert _told(world["agent"].user) and not _told(world["manager"].user)
    # the manager can neither see nor act on it yet; the host does not see it either until the agent answers
    manager_client = client_for(world["manager"].user)
    assert manager_client.get(f"/coups-de-main/{help.pk}/").status_code == 404
    assert host_client.get(f"/coups-de-main/{help.pk}/").status_code == 404
    with pytest.raises(services.Refused):
        services.help_agree(help=help, by=world["hr"].user)
    client_for(world["agent"].user).post(f"/coups-de-main/{help.pk}/accord/")
    help.refresh_from_db()
    assert help.agent_agreed_at is not None and help.state == HelpState.ASKED
    assert _told(world["manager"].user)
    assert manager_client.get(f"/coups-de-main/{help.pk}/").status_code == 200
    manager_client.post(f"/coups-de-main/{help.pk}/accord/")
    help.refresh_from_db()
    assert help.state == HelpState.AGREED
    # nobody matches: the same answer, nothing written
    data["identifier"] = "personne.inconnue@ville-alpha.test"
    again = host_client.post("/coups-de-main/proposer/", data, follow=True).content.decode()
    assert LightHelp.objects.count() == 1
    assert "Si cette adresse est celle d" in again and "Si cette adresse est celle d" in neutral


def test_agent_declining_a_proposal_leaves_the_manager_unaware(world, client_for):
    help = services.help_propose(
        by=world["host"].user,
        host_unit=world["unit"],
        identifier=world["agent"].email,
        half_days=[(DAYS[0], "am")],
        purpose="Archives",
    )
    client_for(world["agent"].user).post(f"/coups-de-main/{help.pk}/refus/", {"reason": "Pas ce mois-ci"})
    help.refresh_from_db()
    assert help.state == HelpState.DECLINED and help.declined_by == "agent"
    assert not _told(world["manager"].user)
    assert client_for(world["manager"].user).get(f"/coups-de-main/{help.pk}/").status_code == 404


def test_manager_declines_with_a_reason_and_nothing_else_is_written(world, client_for):
    _ask(client_for(world["agent"].user), world)
    help = LightHelp.objects.get()
    client_for(world["manager"].user).post(
        f"/coups-de-main/{help.pk}/refus/", {"reason": "Service en sous-effectif"}
    )
    help.refresh_from_db()
    assert help.state == HelpState.DECLINED and help.decline_reason == "Service en sous-effectif"
    assert help.host_agreed_at is None and help.closed_at is not None
    response = client_for(world["host"].user).post(f"/coups-de-main/{help.pk}/accord/", follow=True)
    help.refresh_from_db()
    assert help.state == HelpState.DECLINED and "plus d" in response.content.decode()
    assert (
        client_for(world["host"].user).get(f"/coups-de-main/{help.pk}/lettre-de-mission.pdf").status_code
        == 403
    )


def test_monthly_cap_and_overlap_are_enforced_across_requests(world, client_for):
    client = client_for(world["agent"].user)
    _ask(client, world, days=DAYS[:3])  # three half-days (am, pm, am)
    assert LightHelp.objects.count() == 1
    response = _ask(client, world, days=DAYS[3:5])  # two more: five in the month, over the four allowed
    assert response.status_code == 200 and "au-delà des 4 permises" in response.content.decode()
    assert "Voir les missions" in response.content.decode()
    response = _ask(client, world, days=DAYS[:1])  # the same morning again
    assert "déjà un coup de main" in response.content.decode()
    assert LightHelp.objects.count() == 1


def test_past_day_weekend_and_too_many_per_request_are_refused(world, client_for, cast):
    client = client_for(world["agent"].user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    saturday = DAYS[0] + datetime.timedelta(days=(5 - DAYS[0].weekday()) % 7)
    for days in ([yesterday], [saturday]):
        response = _ask(client, world, days=days)
        assert response.status_code == 200 and "data-refusal" in response.content.decode()
    SmallHelpSettings.objects.create(organisation=cast.home, light_path_half_days=2)
    assert 'name="date_2"' in client.get("/coups-de-main/demander/").content.decode()
    assert 'name="date_3"' not in client.get("/coups-de-main/demander/").content.decode()
    with pytest.raises(services.Refused, match="au plus"):
        services.help_ask(
            by=world["agent"].user,
            host_unit=world["unit"],
            half_days=[(DAYS[0], "am"), (DAYS[0], "pm"), (DAYS[1], "am")],
            purpose="x",
        )
    assert not LightHelp.objects.exists()


def test_another_employer_and_own_unit_are_refused(world, cast):
    with pytest.raises(services.Refused):
        services.help_ask(
            by=world["agent"].user, host_unit=cast.outsider_unit, half_days=[(DAYS[0], "am")], purpose="x"
        )
    with pytest.raises(services.Refused):
        services.help_ask(
            by=world["agent"].user, host_unit=world["agent"].unit, half_days=[(DAYS[0], "am")], purpose="x"
        )
    assert not LightHelp.objects.exists()


def test_unknown_unit_in_the_form_writes_nothing(world, client_for, cast):
    client = client_for(world["agent"].user)
    response = client.post(
        "/coups-de-main/demander/",
        {
            "host_unit": cast.outsider_unit.pk,
            "purpose": "x",
            "date_1": f"{DAYS[0]:%Y-%m-%d}",
            "moment_1": "am",
        },
    )
    assert response.status_code == 200 and MARKER not in response.content.decode()
    assert not LightHelp.objects.exists()


def test_light_path_off_explains_the_normal_path(world, client_for, cast):
    admin = client_for(cast.agents[Role.ADMIN].user)
    page = admin.get(f"/organisations/{cast.home.slug}/parametres/").content.decode()
    assert "coup-de-main-light_path_half_days" in page
    SmallHelpSettings.objects.create(organisation=cast.home, light_path_half_days=0)
    response = client_for(world["agent"].user).get("/coups-de-main/demander/")
    content = response.content.decode()
    assert "pas ouvert" in content and "/missions/" in content


def test_cancel_needs_a_confirmation_page(world, client_for):
    client = client_for(world["agent"].user)
    _ask(client, world)
    help = LightHelp.objects.get()
    assert client.get(f"/coups-de-main/{help.pk}/annuler/").status_code == 200
    help.refresh_from_db()
    assert help.state == HelpState.ASKED
    client.post(f"/coups-de-main/{help.pk}/annuler/")
    help.refresh_from_db()
    assert help.state == HelpState.CANCELLED
    assert client_for(world["manager"].user).get(f"/coups-de-main/{help.pk}/annuler/").status_code == 403


def test_immersion_host_agrees_and_the_manager_is_informed_only_then(world, client_for):
    client = client_for(world["agent"].user)
    response = client.post(
        "/immersions/demander/",
        {
            "host_unit": world["unit"].pk,
            "date": f"{DAYS[0]:%Y-%m-%d}",
            "length": "day",
            "reason": "discovery",
        },
    )
    immersion = Immersion.objects.get()
    assert response.status_code == 302 and immersion.state == ImmersionState.ASKED
    assert _told(world["host"].user) and not _told(world["manager"].user)
    assert client_for(world["manager"].user).get(f"/immersions/{immersion.pk}/").status_code == 404
    client_for(world["host"].user).post(f"/immersions/{immersion.pk}/reponse/", {"decision": "oui"})
    immersion.refresh_from_db()
    assert immersion.state == ImmersionState.AGREED
    assert any("Pour information" in s for s in _told(world["manager"].user))
    response = client_for(world["manager"].user).get(f"/immersions/{immersion.pk}/note.pdf")
    text = " ".join(pdf_text(response.content).split())
    assert "hors quotité de temps partagé" in text and "Direction de l'éducation" in text
    # not counted against the light path: four half-days the same day remain possible
    assert services.taken_half_days(world["agent"]) == []


def test_immersion_on_a_weekend_is_refused(world, client_for):
    saturday = DAYS[0] + datetime.timedelta(days=(5 - DAYS[0].weekday()) % 7)
    response = client_for(world["agent"].user).post(
        "/immersions/demander/",
        {"host_unit": world["unit"].pk, "date": f"{saturday:%Y-%m-%d}", "length": "am", "reason": "project"},
    )
    assert response.status_code == 200 and not Immersion.objects.exists()


def test_return_programme_agent_accepts_before_any_host_is_asked(world, client_for, cast):
    hr = client_for(world["hr"].user)
    response = hr.post(
        f"/organisations/{cast.home.slug}/parcours-de-retour/nouveau/",
        {
            "identifier": world["agent"].email,
            "reason": "long_absence",
            "note": "Bon retour",
            "service_1": world["unit"].pk,
            "date_1": f"{DAYS[0]:%Y-%m-%d}",
            "duree_1": "day",
            "service_2": world["unit"].pk,
            "date_2": f"{DAYS[2]:%Y-%m-%d}",
            "duree_2": "am",
        },
    )
    programme = ReturnProgramme.objects.get()
    assert response.status_code == 302
    assert list(programme.immersions.values_list("state", flat=True)) == [ImmersionState.PLANNED] * 2
    assert not _told(world["host"].user) and _told(world["agent"].user)
    assert (
        client_for(world["host"].user).get(f"/immersions/{programme.immersions.first().pk}/").status_code
        == 404
    )
    client_for(world["agent"].user).post(f"/parcours-de-retour/{programme.pk}/reponse/", {"decision": "oui"})
    programme.refresh_from_db()
    assert programme.state == ProgrammeState.ACCEPTED
    assert set(programme.immersions.values_list("state", flat=True)) == {ImmersionState.ASKED}
    assert len(_told(world["host"].user)) == 2
    first = programme.immersions.order_by("date").first()
    immersions.immersion_decide(immersion=first, by=world["host"].user, agree=True)
    page = hr.get(f"/parcours-de-retour/{programme.pk}/").content.decode()
    assert "1 immersion(s) acceptée(s) sur 2" in page
    # HR's list, filtered by state
    listing = hr.get(
        f"/organisations/{cast.home.slug}/coups-de-main/?type=immersions&etat=agreed"
    ).content.decode()
    assert listing.count('data-row="agreed"') == 1


def test_programme_for_an_unknown_address_writes_nothing(world, client_for, cast):
    response = client_for(world["hr"].user).post(
        f"/organisations/{cast.home.slug}/parcours-de-retour/nouveau/",
        {
            "identifier": cast.outsider_agent.email,
            "reason": "abroad",
            "service_1": world["unit"].pk,
            "date_1": f"{DAYS[0]:%Y-%m-%d}",
        },
    )
    assert response.status_code == 200 and not ReturnProgramme.objects.exists()


def test_hr_list_is_for_hr_only_and_ignores_bad_filters(world, client_for, cast):
    assert (
        client_for(world["agent"].user).get(f"/organisations/{cast.home.slug}/coups-de-main/").status_code
        == 403
    )
    response = client_for(world["hr"].user).get(
        f"/organisations/{cast.home.slug}/coups-de-main/?etat=%C3%A9%27&type=x&page=zz"
    )
    assert response.status_code == 200


def _agreed_help_and_immersion(world):
    help = services.help_ask(
        by=world["agent"].user,
        host_unit=world["unit"],
        half_days=[(DAYS[0], "am"), (DAYS[1], "pm")],
        purpose="Renfort inventaire",
    )
    services.help_agree(help=help, by=world["manager"].user)
    services.help_agree(help=help, by=world["host"].user)
    immersion = immersions.immersion_ask(
        by=world["agent"].user, host_unit=world["unit"], date=DAYS[2], length="am", reason="project"
    )
    immersions.immersion_decide(immersion=immersion, by=world["host"].user, agree=True)
    return help, immersion


def test_passport_lists_coups_de_main_and_immersions_page_and_pdf(world, client_for):
    help, immersion = _agreed_help_and_immersion(world)
    client = client_for(world["agent"].user)
    # an attestation: nothing before the day comes
    assert "Renfort inventaire" not in client.get("/passeport/").content.decode()
    assert "data-passport-immersions" not in client.get("/passeport/").content.decode()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    help.half_days.filter(date=DAYS[0]).update(date=yesterday)
    Immersion.objects.filter(pk=immersion.pk).update(date=yesterday)
    page = client.get("/passeport/").content.decode()
    assert (
        "data-passport-helps" in page and "Renfort inventaire" in page and "data-passport-immersions" in page
    )
    text = " ".join(pdf_text(client.get("/passeport/attestation.pdf").content).split())
    assert "Coups de main" in text and "Renfort inventaire" in text and "Immersions" in text


def test_dashboards_count_half_days_and_immersions(world, cast):
    from passerelles.insights import measures
    from passerelles.insights.catalogue import Metric
    from passerelles.insights.indicators import Context
    from passerelles.insights.scope import Scope

    _agreed_help_and_immersion(world)
    services.help_ask(  # waiting: not counted
        by=world["agent"].user, host_unit=world["unit"], half_days=[(DAYS[3], "am")], purpose="x"
    )
    scope = Scope((cast.home.pk,), DAYS[0].replace(day=1), DAYS[-1])
    values = measures.values(scope)
    assert values[Metric.LIGHT_HALF_DAYS] == 2 and values[Metric.IMMERSIONS] == 1
    headline = Context.build(scope, network=False).headline()
    assert headline[Metric.LIGHT_HALF_DAYS] == 2 and headline[Metric.IMMERSIONS] == 1
    assert measures.values(Scope((cast.outsider.pk,)))[Metric.LIGHT_HALF_DAYS] == 0
    before = Scope((cast.home.pk,), DAYS[0].replace(day=1), DAYS[0])
    assert measures.values(before)[Metric.LIGHT_HALF_DAYS] == 1


def test_the_administrator_sets_the_half_days_and_bad_values_write_nothing(cast, client_for):
    admin = client_for(cast.agents[Role.ADMIN].user)
    url = f"/organisations/{cast.home.slug}/parametres/"
    from tests.test_pages import FRAMEWORKS

    base = {"name": cast.home.name, "theme_colour": cast.home.theme_colour, **FRAMEWORKS}
    for bad in ("-1", "21", "beaucoup"):
        response = admin.post(url, {**base, "coup-de-main-light_path_half_days": bad})
        assert response.status_code == 200
        assert not SmallHelpSettings.objects.exists()
    admin.post(url, {**base, "coup-de-main-light_path_half_days": "6"})
    assert services.cap_for(cast.home) == 6
    admin.post(url, base)  # left empty: unchanged
    assert services.cap_for(cast.home) == 6


def test_an_answer_without_a_decision_writes_nothing(world, client_for):
    immersion = immersions.immersion_ask(
        by=world["agent"].user, host_unit=world["unit"], date=DAYS[0], length="day", reason="other"
    )
    client_for(world["host"].user).post(f"/immersions/{immersion.pk}/reponse/", {"decision": "peut-être"})
    immersion.refresh_from_db()
    assert immersion.state == ImmersionState.ASKED and immersion.decided_at is None
