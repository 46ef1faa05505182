"""Renewals that leave no one « sans pilote » (issue 18): alerts 90 and 30 days before the end of a loan
between employers or a key post, once each; the renewal path (a new agreement round, the agent asked again);
the hand-over note for the host; HR's « Échéances » list; who may see and act."""

import datetime

import pytest

from passerelles.access.models import Role
from passerelles.core.daily import daily
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Agreement, Decision, Party
from passerelles.notifications.models import Notification
from passerelles.organisations.models import OrgUnit
from passerelles.renewals import rules, services
from passerelles.renewals.models import HandoverNote, KeyPost, RenewalAlert
from tests.cast import MARKER, grant, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def test_the_due_alert_and_the_length_of_a_renewal():
    assert rules.due_threshold(TODAY + datetime.timedelta(days=91), TODAY) is None
    assert rules.due_threshold(TODAY + datetime.timedelta(days=90), TODAY) == 90
    assert rules.due_threshold(TODAY + datetime.timedelta(days=31), TODAY) == 90
    assert rules.due_threshold(TODAY + datetime.timedelta(days=30), TODAY) == 30
    assert rules.due_threshold(TODAY, TODAY) == 30
    assert rules.due_threshold(TODAY - datetime.timedelta(days=1), TODAY) is None
    end = datetime.date(2027, 3, 31)
    assert rules.renewal_period_refusal(end, datetime.date(2030, 3, 31)) == ""
    assert "trois ans au plus" in rules.renewal_period_refusal(end, datetime.date(2030, 4, 1))
    assert "doit suivre" in rules.renewal_period_refusal(end, end)


@pytest.fixture
def partner_hr(cast):
    agent = make_agent(cast.partner, "Paula", "Partenaire")
    grant(agent, cast.partner, Role.HR)
    return agent.user


@pytest.fixture
def loan(cast, partner_hr):
    """Paul, of the Ville d'Alpha, lent to its CCAS: under way, ending in 90 days."""
    unit = OrgUnit.objects.create(organisation=cast.partner, name="Direction du CCAS")
    lead = make_agent(cast.partner, "Léa", "Porteuse", unit=unit)
    mission = make_mission(
        cast.partner,
        unit,
        lead,
        title="Pilotage du CCAS",
        start_date=TODAY - datetime.timedelta(days=60),
        end_date=TODAY + datetime.timedelta(days=90),
    )
    return make_engagement(cast.agents["agent"], mission, State.ACTIVE, agreement_round=1)


def _alerts_about(engagement):
    return Notification.objects.filter(
        subject__contains=engagement.mission.title, subject__startswith="Fin dans"
    )


def test_alerts_go_once_at_90_and_once_at_30_days_to_both_employers_and_the_project_lead(
    cast, loan, partner_hr
):
    assert services.send_renewal_alerts(today=TODAY) == 1
    told = set(_alerts_about(loan).values_list("user_id", flat=True))
    assert told == {cast.users[Role.HR].pk, partner_hr.pk, loan.mission.project_lead.user_id}
    assert services.send_renewal_alerts(today=TODAY) == 0  # the same day again
    assert services.send_renewal_alerts(today=TODAY + datetime.timedelta(days=1)) == 0  # the next day
    assert services.send_renewal_alerts(today=TODAY + datetime.timedelta(days=60)) == 1  # 30 days left
    assert services.send_renewal_alerts(today=TODAY + datetime.timedelta(days=61)) == 0
    assert sorted(RenewalAlert.objects.values_list("threshold", flat=True)) == [30, 90]
    assert _alerts_about(loan).count() == 6


def test_the_daily_task_sends_them(cast, loan):
    counts = daily.call(today=TODAY.isoformat())
    assert counts["renewal_alerts"] == 1
    assert daily.call(today=TODAY.isoformat())["renewal_alerts"] == 0


def test_an_internal_mission_is_followed_only_once_marked_as_a_key_post(cast, client_for):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home,
        lead.unit,
        lead,
        start_date=TODAY - datetime.timedelta(days=10),
        end_date=TODAY + datetime.timedelta(days=20),
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.ACTIVE, agreement_round=1)
    assert services.send_renewal_alerts(today=TODAY) == 0
    response = client_for(cast.users[Role.HR]).post(
        f"/engagements/{engagement.pk}/echeance/poste-cle/", {"marked": "oui"}
    )
    assert response.status_code == 302 and KeyPost.objects.filter(engagement=engagement).exists()
    assert services.send_renewal_alerts(today=TODAY) == 1
    assert RenewalAlert.objects.get().threshold == 30
    # only HR marks a key post
    assert (
        client_for(cast.users[Role.AGENT])
        .post(f"/engagements/{engagement.pk}/echeance/poste-cle/", {"marked": "non"})
        .status_code
        == 403
    )
    assert KeyPost.objects.exists()


def test_the_renewal_path_opens_a_new_agreement_round_asking_the_agent_again(cast, loan, client_for):
    response = client_for(cast.users[Role.HR]).post(
        f"/engagements/{loan.pk}/echeance/renouveler/",
        {"end_date": (loan.end_date + datetime.timedelta(days=365)).isoformat()},
    )
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.agreement_round == 2 and loan.extension_end_date == loan.end_date + datetime.timedelta(
        days=365
    )
    asked = set(
        Agreement.objects.filter(engagement=loan, round=2, decision=Decision.PENDING).values_list(
            "party", flat=True
        )
    )
    assert Party.AGENT in asked and Party.HR in asked
    assert Notification.objects.filter(user=cast.users[Role.AGENT], subject__startswith="Prolonger").exists()
    page = client_for(cast.users[Role.HR]).get(f"/organisations/{cast.home.slug}/echeances/")
    assert 'data-deadline="renewal"' in page.content.decode()


def test_a_renewal_beyond_three_years_or_by_the_agent_is_refused_with_nothing_written(cast, loan, client_for):
    response = client_for(cast.users[Role.HR]).post(
        f"/engagements/{loan.pk}/echeance/renouveler/",
        {"end_date": (loan.end_date + datetime.timedelta(days=3 * 366)).isoformat()},
    )
    assert response.status_code == 200 and "trois ans au plus" in response.content.decode()
    response = client_for(cast.users[Role.HR]).post(
        f"/engagements/{loan.pk}/echeance/renouveler/", {"end_date": "demain"}
    )
    assert response.status_code == 200 and "Saisissez une date valide" in response.content.decode()
    assert (
        client_for(cast.users[Role.AGENT])
        .post(
            f"/engagements/{loan.pk}/echeance/renouveler/",
            {"end_date": (loan.end_date + datetime.timedelta(days=30)).isoformat()},
        )
        .status_code
        == 403
    )
    loan.refresh_from_db()
    assert loan.agreement_round == 1 and loan.extension_end_date is None
    assert not Agreement.objects.filter(engagement=loan, round=2).exists()


def test_the_agent_writes_the_hand_over_note_the_host_reads_it(cast, loan, client_for):
    url = f"/engagements/{loan.pk}/passation/"
    agent = client_for(cast.users[Role.AGENT])
    assert "Dossiers en cours" in agent.get(url).content.decode()
    assert agent.post(url, {"ongoing": "  "}).status_code == 200 and not HandoverNote.objects.exists()
    assert (
        agent.post(url, {"ongoing": "Le budget 2027 est à valider.", "contacts": "La trésorière"}).status_code
        == 302
    )
    host = client_for(loan.mission.project_lead.user)
    page = host.get(url).content.decode()
    assert "Le budget 2027 est à valider." in page and 'name="ongoing"' not in page
    assert host.post(url, {"ongoing": "Effacé"}).status_code == 403
    assert HandoverNote.objects.get().ongoing == "Le budget 2027 est à valider."
    assert Notification.objects.filter(
        user=loan.mission.project_lead.user, subject__startswith="Note de passation"
    ).exists()
    hr_list = (
        client_for(cast.users[Role.HR]).get(f"/organisations/{cast.home.slug}/echeances/").content.decode()
    )
    assert 'data-deadline="handover"' in hr_list


def test_who_sees_the_deadline_pages(cast, loan, client_for):
    pages = [f"/engagements/{loan.pk}/echeance/", f"/engagements/{loan.pk}/passation/"]
    for user in (cast.users[Role.HR], cast.users[Role.AGENT], loan.mission.project_lead.user):
        for url in pages:
            assert client_for(user).get(url).status_code == 200, (user, url)
    outsider_hr = make_agent(cast.outsider, "Olga", f"{MARKER}rh")
    grant(outsider_hr, cast.outsider, Role.HR)
    for url in pages:
        assert client_for(outsider_hr.user).get(url).status_code == 404
        assert (
            client_for(cast.users[Role.MANAGER]).get(url).status_code == 403
        )  # the manager: not theirs to read
    assert (
        client_for(cast.users[Role.AGENT]).get(f"/organisations/{cast.home.slug}/echeances/").status_code
        == 403
    )
    assert client_for(outsider_hr.user).get(f"/organisations/{cast.home.slug}/echeances/").status_code == 404
    listing = (
        client_for(cast.users[Role.HR]).get(f"/organisations/{cast.home.slug}/echeances/").content.decode()
    )
    assert "Pilotage du CCAS" in listing and 'data-deadline="nothing"' in listing


def test_the_engagement_page_leads_to_its_deadline_for_those_who_read_it(cast, loan, client_for):
    link = f'href="/engagements/{loan.pk}/echeance/"'
    for user in (cast.users[Role.HR], cast.users[Role.AGENT], loan.mission.project_lead.user):
        assert link in client_for(user).get(f"/engagements/{loan.pk}/").content.decode(), user
    # the manager reads the engagement, not its deadline page: no link to a 403
    manager_page = client_for(cast.users[Role.MANAGER]).get(f"/engagements/{loan.pk}/")
    assert manager_page.status_code == 200 and link not in manager_page.content.decode()
    # before the agreements are through, there is no end to prepare yet
    loan.state = State.AGREEMENTS
    loan.save(update_fields=["state"])
    assert link not in client_for(cast.users[Role.HR]).get(f"/engagements/{loan.pk}/").content.decode()
