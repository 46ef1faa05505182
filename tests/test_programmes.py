"""Programmes run as tests for real (issue 16): consent of participants, expiry and decisions, reminders, the
learning log, the participants' questionnaire, the pages (who sees what, bad input) and the review PDF."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import ConsentChannel, State, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import (
    engagement_express_interest,
    engagement_record_interest_for,
    engagement_transition,
)
from passerelles.missions.forms import MissionForm
from passerelles.missions.models import MissionStatus, Programme, ProgrammeStatus
from passerelles.missions.services import MissionStepRefused, mission_review, mission_submit
from passerelles.notifications.models import Notification
from passerelles.programmes import services
from passerelles.programmes.models import LogEntry, ParticipantResponse, ProgrammeDecision, ProgrammeIndicator
from tests.cast import make_engagement, make_mission, make_workshop_mission

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
QUESTIONS = "Le programme m'aide.\n[oui/non] Je recommencerais.\n[texte] Ce qu'il faudrait mesurer."


def make_programme(cast, **extra):
    values = {
        "organisation": cast.home,
        "name": "Saison 1",
        "hypothesis": "Les missions courtes donnent envie d'y revenir.",
        "is_test": True,
        "starts_on": TODAY - datetime.timedelta(days=30),
        "expires_on": TODAY + datetime.timedelta(days=90),
        "participant_notice": "Vous participez à un test jusqu'à l'été.",
        "participant_questions": QUESTIONS,
        **extra,
    }
    return Programme.objects.create(**values)


@pytest.fixture
def programme(cast):
    return make_programme(cast)


@pytest.fixture
def mission(cast, programme):
    return make_workshop_mission(cast, programme=programme)


def expire(programme, days=1):
    programme.expires_on = TODAY - datetime.timedelta(days=days)
    programme.save()


# --- consent ------------------------------------------------------------------------------------------------------


def test_interest_in_a_test_needs_the_agents_consent_and_records_it(cast, mission):
    agent_user = cast.users[Role.AGENT]
    with pytest.raises(TransitionRefused, match="cochez la case"):
        engagement_express_interest(mission=mission, by=agent_user)
    assert not Engagement.objects.filter(mission=mission).exists()
    engagement = engagement_express_interest(mission=mission, by=agent_user, programme_consent=True)
    assert engagement.programme_consent_at is not None
    assert engagement.programme_notice == "Vous participez à un test jusqu'à l'été."
    # a later change of the notice never changes what the agent agreed to
    mission.programme.participant_notice = "Autre texte"
    mission.programme.save()
    engagement.refresh_from_db()
    assert engagement.programme_notice == "Vous participez à un test jusqu'à l'été."


def test_no_consent_is_asked_outside_a_test(cast):
    mission = make_workshop_mission(cast)
    engagement = engagement_express_interest(mission=mission, by=cast.users[Role.AGENT])
    assert engagement.programme_consent_at is None and engagement.programme_notice == ""
    generalised = make_programme(cast, name="Généralisé", is_test=False, status=ProgrammeStatus.GENERALISED)
    other = make_workshop_mission(cast, title="Autre", programme=generalised)
    assert engagement_express_interest(mission=other, by=cast.users[Role.AGENT]).programme_consent_at is None


def test_a_notice_is_built_when_the_programme_has_none(cast):
    bare = make_programme(cast, name="Sans texte", participant_notice="")
    mission = make_workshop_mission(cast, programme=bare)
    engagement = engagement_express_interest(
        mission=mission, by=cast.users[Role.AGENT], programme_consent=True
    )
    assert "« Sans texte », mené comme un test" in engagement.programme_notice
    assert bare.hypothesis in engagement.programme_notice


def test_interest_recorded_on_behalf_needs_the_persons_consent_to_the_test(cast, mission):
    hr, agent = cast.users[Role.HR], cast.agents["agent"]
    with pytest.raises(TransitionRefused, match="la personne"):
        engagement_record_interest_for(mission=mission, agent=agent, by=hr, channel=ConsentChannel.PHONE)
    assert not Engagement.objects.filter(mission=mission).exists()
    engagement = engagement_record_interest_for(
        mission=mission, agent=agent, by=hr, channel=ConsentChannel.PHONE, programme_consent=True
    )
    assert engagement.programme_consent_at is not None


def test_accepting_a_proposal_in_a_test_needs_the_consent(cast, mission):
    engagement = make_engagement(cast.agents["agent"], mission, State.PROPOSAL)
    agent_user = cast.users[Role.AGENT]
    with pytest.raises(TransitionRefused, match="cochez la case"):
        engagement_transition(engagement=engagement, action="accept_proposal", by=agent_user)
    engagement.refresh_from_db()
    assert engagement.state == State.PROPOSAL and engagement.programme_consent_at is None
    engagement_transition(
        engagement=engagement, action="accept_proposal", by=agent_user, programme_consent=True
    )
    engagement.refresh_from_db()
    assert engagement.state == State.MEETING and engagement.programme_consent_at is not None


def test_the_pages_ask_for_the_box_and_refuse_without_it(cast, mission, client_for):
    agent = client_for(cast.users[Role.AGENT])
    page = agent.get(f"/missions/{mission.pk}/").content.decode().replace("&#x27;", "'")
    assert "data-programme-consent" in page and "Vous participez à un test jusqu" in page
    refused = (
        agent.post(f"/missions/{mission.pk}/interet/", follow=True).content.decode().replace("&#x27;", "'")
    )
    assert "cochez la case" in refused and not Engagement.objects.filter(mission=mission).exists()
    agent.post(f"/missions/{mission.pk}/interet/", {"programme_consent": "1"})
    engagement = Engagement.objects.get(mission=mission)
    shown = agent.get(f"/engagements/{engagement.pk}/").content.decode().replace("&#x27;", "'")
    assert "Vous participez au test « Saison 1 » depuis le" in shown


# --- expiry and decisions ----------------------------------------------------------------------------------------


def test_an_expired_test_refuses_a_new_mission_until_a_decision(cast, programme):
    lead = cast.agents["host"]
    expire(programme)
    form_data = {"programme": programme.pk}
    form = MissionForm(data=form_data, organisation=cast.home, user=cast.users[Role.HR])
    form.is_valid()
    assert "arrivé à échéance" in " ".join(form.errors.get("programme", []))
    draft = make_mission(cast.home, lead.unit, lead, programme=programme)
    with pytest.raises(MissionStepRefused, match="arrivé à échéance"):
        mission_submit(mission=draft, by=lead.user)
    submitted = make_mission(
        cast.home, lead.unit, lead, title="Relue", status=MissionStatus.SUBMITTED, programme=programme
    )
    with pytest.raises(MissionStepRefused, match="arrivé à échéance"):
        mission_review(mission=submitted, by=cast.users[Role.HR], decision=MissionStatus.PUBLISHED)
    # a mission already published goes on: people can still take part
    running = make_workshop_mission(cast, title="En cours", programme=programme)
    assert engagement_express_interest(mission=running, by=cast.users[Role.AGENT], programme_consent=True)

    services.programme_decide(
        programme=programme,
        by=cast.users[Role.HR],
        status=ProgrammeStatus.EXTENDED,
        reasons="Pas assez de recul.",
        new_expires_on=TODAY + datetime.timedelta(days=180),
    )
    mission_submit(mission=draft, by=lead.user)
    mission_review(mission=submitted, by=cast.users[Role.HR], decision=MissionStatus.PUBLISHED)
    submitted.refresh_from_db()
    assert submitted.status == MissionStatus.PUBLISHED


def test_a_decision_updates_the_programme_in_one_go(cast, programme):
    hr = cast.users[Role.HR]
    with pytest.raises(services.ProgrammeRefused):
        services.programme_decide(programme=programme, by=hr, status=ProgrammeStatus.EXTENDED, reasons="")
    assert not ProgrammeDecision.objects.exists()
    services.programme_decide(
        programme=programme, by=hr, status=ProgrammeStatus.GENERALISED, reasons="Réussi."
    )
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.GENERALISED and not programme.is_test
    services.programme_decide(programme=programme, by=hr, status=ProgrammeStatus.STOPPED, reasons="Fini.")
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.STOPPED
    assert list(programme.decisions.values_list("status", flat=True)) == ["stopped", "generalised"]
    lead = cast.agents["host"]
    with pytest.raises(MissionStepRefused, match="arrêté"):
        mission_submit(mission=make_mission(cast.home, lead.unit, lead, programme=programme), by=lead.user)


def test_only_hr_or_an_administrator_decides(cast, programme):
    from django.core.exceptions import PermissionDenied

    for role in (Role.SIGNATORY, Role.AGENT, Role.HOST):
        with pytest.raises(PermissionDenied):
            services.programme_decide(
                programme=programme, by=cast.users[role], status=ProgrammeStatus.STOPPED, reasons="Non."
            )
    services.programme_decide(
        programme=programme, by=cast.users[Role.ADMIN], status=ProgrammeStatus.STOPPED, reasons="Oui."
    )


# --- reminders ----------------------------------------------------------------------------------------------------


def test_reminders_go_to_hr_60_and_15_days_before_once_per_date(cast, programme):
    hr = cast.users[Role.HR]
    programme.expires_on = TODAY + datetime.timedelta(days=60)
    programme.save()
    assert services.send_expiry_reminders(today=TODAY) == 1
    assert services.send_expiry_reminders(today=TODAY) == 0  # the daily job twice the same day
    note = Notification.objects.get(user=hr)
    assert "arrive à échéance" in note.subject and note.url == f"/programmes/{programme.pk}/"
    assert "enregistrez la décision" in note.message
    assert not Notification.objects.filter(user=cast.users[Role.AGENT]).exists()
    assert services.send_expiry_reminders(today=TODAY + datetime.timedelta(days=45)) == 1  # 15 days before
    assert services.send_expiry_reminders(today=TODAY + datetime.timedelta(days=50)) == 0
    assert Notification.objects.filter(user=hr).count() == 2
    # extended: a new date, reminded again
    programme.refresh_from_db()
    programme.expires_on = TODAY + datetime.timedelta(days=100)
    programme.save()
    assert services.send_expiry_reminders(today=TODAY + datetime.timedelta(days=45)) == 1


def test_the_daily_job_sends_the_reminders(cast, programme):
    from passerelles.core.daily import daily

    programme.expires_on = TODAY + datetime.timedelta(days=15)
    programme.save()
    counts = daily.call(today=TODAY.isoformat())
    assert counts["programme_reminders"] == 1
    assert (
        any("arrive à échéance" in message.subject for message in mail.outbox)
        or Notification.objects.filter(
            user=cast.users[Role.HR], subject__contains="arrive à échéance"
        ).exists()
    )


# --- the participants' questionnaire ------------------------------------------------------------------------------


def test_participants_answer_once_and_results_show_from_five(cast, programme, mission, client_for):
    agent = cast.agents["agent"]
    make_engagement(agent, mission, State.ACTIVE)
    url = f"/programmes/{programme.pk}/questionnaire/"
    client = client_for(agent.user)
    assert "Questionnaires des programmes en test" in client.get("/a-faire/").content.decode().replace(
        "&#x27;", "'"
    )
    refused = client.post(url, {"q0": "9"}, follow=True).content.decode().replace("&#x27;", "'")
    assert "Répondez à la question" in refused and not ParticipantResponse.objects.exists()
    client.post(url, {"q0": "4", "q1": "oui", "q2": "Le retour"})
    assert ParticipantResponse.objects.get().answers == {"0": "4", "1": "oui", "2": "Le retour"}
    client.post(url, {"q0": "1", "q1": "non"})
    assert ParticipantResponse.objects.count() == 1
    assert "Questionnaires des programmes en test" not in client.get("/a-faire/").content.decode().replace(
        "&#x27;", "'"
    )
    hr = client_for(cast.users[Role.HR])
    page = hr.get(f"/programmes/{programme.pk}/").content.decode().replace("&#x27;", "'")
    assert "caché : moins de cinq réponses" in page
    # someone who takes no part may not answer
    assert client_for(cast.users[Role.HOST]).get(url).status_code == 403


# --- pages -------------------------------------------------------------------------------------------------------


def test_who_sees_and_who_edits_a_programme(cast, programme, client_for):
    pages = [
        f"/programmes/{programme.pk}/",
        f"/programmes/{programme.pk}/bilan/",
        "/organisations/ville-alpha/programmes/",
    ]
    for role in (Role.HR, Role.ADMIN, Role.SIGNATORY):
        for url in pages:
            assert client_for(cast.users[role]).get(url).status_code == 200, (role, url)
    for role in (Role.AGENT, Role.HOST, Role.MANAGER):
        for url in pages:
            assert client_for(cast.users[role]).get(url).status_code == 403, (role, url)
    edit = f"/programmes/{programme.pk}/modifier/"
    assert client_for(cast.users[Role.SIGNATORY]).get(edit).status_code == 403
    assert client_for(cast.users[Role.HR]).get(edit).status_code == 200
    assert client_for(cast.outsider_agent.user).get(f"/programmes/{programme.pk}/").status_code in (403, 404)
    assert (
        client_for(cast.users[Role.HR]).get(f"/programmes/{cast.outsider_programme.pk}/").status_code == 404
    )


def test_hr_creates_and_edits_a_programme(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    url = "/organisations/ville-alpha/programmes/nouveau/"
    no_end = hr.post(url, {"name": "Essai", "is_test": "on"}).content.decode().replace("&#x27;", "'")
    assert (
        "Un test a une date de fin" in no_end
        and not Programme.objects.filter(organisation=cast.home).exists()
    )
    bad = hr.post(
        url, {"name": "Essai", "is_test": "on", "expires_on": "2030-01-01", "participant_questions": "Oui"}
    )
    assert "trop courte" in bad.content.decode().replace("&#x27;", "'")
    response = hr.post(
        url,
        {
            "name": "Essai",
            "is_test": "on",
            "starts_on": "2029-01-01",
            "expires_on": "2030-01-01",
            "participant_questions": QUESTIONS,
        },
    )
    created = Programme.objects.get(organisation=cast.home)
    assert response.url == f"/programmes/{created.pk}/"
    hr.post(
        f"/programmes/{created.pk}/modifier/",
        {"name": "Essai renommé", "is_test": "on", "expires_on": "2030-02-01"},
    )
    created.refresh_from_db()
    assert created.name == "Essai renommé" and created.expires_on == datetime.date(2030, 2, 1)
    assert created.status == ProgrammeStatus.TEST  # the status changes only through a decision


def test_indicators_are_added_edited_and_removed_after_a_confirmation(cast, programme, mission, client_for):
    hr = client_for(cast.users[Role.HR])
    add = f"/programmes/{programme.pk}/indicateurs/nouveau/"
    bad = hr.post(
        add,
        {"label": "Missions", "metric": "missions_published", "direction": "at_least", "target": "beaucoup"},
    )
    assert "La cible est un nombre" in bad.content.decode().replace("&#x27;", "'")
    # small help and facilitation have no mission: a programme's indicator cannot pick them (always 0 there)
    assert 'value="light_half_days"' not in hr.get(add).content.decode()
    outside = hr.post(
        add, {"label": "Coups de main", "metric": "light_half_days", "direction": "at_least", "target": "3"}
    )
    assert outside.status_code == 200 and not ProgrammeIndicator.objects.filter(programme=programme).exists()
    hr.post(
        add,
        {
            "label": "Missions publiées",
            "metric": "missions_published",
            "direction": "at_least",
            "target": "1",
        },
    )
    hr.post(
        add,
        {
            "label": "Retour",
            "metric": "manual",
            "direction": "at_least",
            "target": "70",
            "manual_value": "64",
            "chosen_with_users": "on",
        },
    )
    computed, manual = ProgrammeIndicator.objects.filter(programme=programme).order_by("position")
    page = hr.get(f"/programmes/{programme.pk}/").content.decode().replace("&#x27;", "'")
    assert f'data-indicator="{computed.pk}" data-state="met"' in page  # one published mission in it
    assert f'data-indicator="{manual.pk}" data-state="not_met"' in page
    hr.post(
        f"/programmes/{programme.pk}/indicateurs/{manual.pk}/",
        {
            "label": "Retour",
            "metric": "manual",
            "direction": "at_least",
            "target": "60",
            "manual_value": "64",
        },
    )
    manual.refresh_from_db()
    assert manual.target == 60
    confirm = (
        hr.get(f"/programmes/{programme.pk}/indicateurs/{manual.pk}/retirer/")
        .content.decode()
        .replace("&#x27;", "'")
    )
    assert "Retirer l'indicateur ?" in confirm and ProgrammeIndicator.objects.filter(pk=manual.pk).exists()
    hr.post(f"/programmes/{programme.pk}/indicateurs/{manual.pk}/retirer/")
    assert not ProgrammeIndicator.objects.filter(pk=manual.pk).exists()


def test_the_expired_page_asks_for_a_decision_and_the_form_records_it(cast, programme, client_for):
    expire(programme)
    hr = client_for(cast.users[Role.HR])
    url = f"/programmes/{programme.pk}/"
    assert "Test arrivé à échéance : enregistrez une décision" in hr.get(url).content.decode().replace(
        "&#x27;", "'"
    )
    no_reasons = hr.post(
        f"{url}decision/", {"status": "extended", "new_expires_on": "2000-01-01"}, follow=True
    )
    assert (
        "Donnez les raisons" in no_reasons.content.decode().replace("&#x27;", "'")
        and not programme.decisions.exists()
    )
    past = hr.post(
        f"{url}decision/",
        {"status": "extended", "new_expires_on": "2000-01-01", "reasons": "Recul"},
        follow=True,
    )
    assert (
        "postérieure à aujourd'hui" in past.content.decode().replace("&#x27;", "'")
        and not programme.decisions.exists()
    )
    unknown = hr.post(f"{url}decision/", {"status": "test", "reasons": "Recul"}, follow=True)
    assert unknown.status_code == 200 and not programme.decisions.exists()
    later = (TODAY + datetime.timedelta(days=100)).isoformat()
    hr.post(f"{url}decision/", {"status": "extended", "new_expires_on": later, "reasons": "Recul"})
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.EXTENDED and programme.expires_on.isoformat() == later
    assert "Test arrivé à échéance" not in hr.get(url).content.decode().replace("&#x27;", "'")


def test_the_learning_log_lists_newest_first(cast, programme, client_for):
    hr = client_for(cast.users[Role.HR])
    url = f"/programmes/{programme.pk}/journal/"
    assert "l'entrée est vide" in hr.post(
        url, {"written_on": "2027-01-01", "text": " "}, follow=True
    ).content.decode().replace("&#x27;", "'")
    hr.post(url, {"written_on": "2027-01-01", "text": "Premier atelier."})
    hr.post(url, {"written_on": "2027-02-01", "text": "Deuxième atelier."})
    assert list(LogEntry.objects.filter(programme=programme).values_list("text", flat=True)) == [
        "Deuxième atelier.",
        "Premier atelier.",
    ]
    page = hr.get(f"/programmes/{programme.pk}/").content.decode().replace("&#x27;", "'")
    assert page.index("Deuxième atelier.") < page.index("Premier atelier.")
    assert (
        client_for(cast.users[Role.SIGNATORY])
        .post(url, {"written_on": "2027-01-01", "text": "X"})
        .status_code
        == 403
    )


def test_the_list_filters_sorts_and_exports(cast, programme, client_for):
    make_programme(cast, name="Échu", expires_on=TODAY - datetime.timedelta(days=2))
    make_programme(cast, name="Pas un test", is_test=False, expires_on=None)
    make_programme(cast, name='=HYPERLINK("http://x.test")', is_test=False, expires_on=None)
    hr = client_for(cast.users[Role.HR])
    url = "/organisations/ville-alpha/programmes/"
    page = hr.get(url).content.decode().replace("&#x27;", "'")
    assert "Saison 1" in page and "Échu" in page and "Pas un test" in page
    expired = hr.get(url, {"echu": "oui"}).content.decode().replace("&#x27;", "'")
    assert "Échu" in expired and "Saison 1" not in expired
    not_test = hr.get(url, {"test": "non"}).content.decode().replace("&#x27;", "'")
    assert "Pas un test" in not_test and "Saison 1" not in not_test
    bad = hr.get(url, {"statut": "n'importe quoi", "sort": "zzz"})
    assert bad.status_code == 200 and "Un filtre n'est pas valide" in bad.content.decode().replace(
        "&#x27;", "'"
    )
    exported = hr.get(url, {"echu": "non", "_export": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    # the CSV of every list: UTF-8 with a byte order mark, « ; » between cells, formulas never run
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Programme" and {row[0] for row in rows[1:]} == {
        "Saison 1",
        "Pas un test",
        '\'=HYPERLINK("http://x.test")',
    }
    xlsx = hr.get(url, {"_export": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        '\'=HYPERLINK("http://x.test")',
        "Pas un test",
        "Saison 1",
        "Échu",
    ]
    assert hr.get(url, {"_export": "exe"}, follow=True).status_code == 200


def test_the_review_pdf_holds_the_indicators_and_the_decision(cast, programme, client_for):
    from pypdf import PdfReader

    ProgrammeIndicator.objects.create(
        programme=programme, label="Agents partis en mission", metric="participants", target=3
    )
    services.log_add(
        programme=programme, by=cast.users[Role.HR], text="Atelier avec les agents.", written_on=TODAY
    )
    services.programme_decide(
        programme=programme,
        by=cast.users[Role.HR],
        status=ProgrammeStatus.STOPPED,
        reasons="Trop peu de demandes.",
    )
    response = client_for(cast.users[Role.SIGNATORY]).get(f"/programmes/{programme.pk}/bilan.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Saison 1",
        "Agents partis en mission",
        "Trop peu de demandes.",
        "Atelier avec les agents.",
        "Arrêté",
    ):
        assert expected in text, expected
    assert client_for(cast.users[Role.AGENT]).get(f"/programmes/{programme.pk}/bilan.pdf").status_code == 403


def test_the_review_shows_only_published_stories(cast, programme, mission):
    from passerelles.programmes.queries import published_stories
    from passerelles.stories.models import Story, StoryStatus

    engagement = make_engagement(cast.agents["agent"], mission, State.ENDED)
    now = timezone.now()
    Story.objects.create(
        agent=engagement.agent,
        engagement=engagement,
        title="Publié",
        text="x",
        status=StoryStatus.PUBLISHED,
        consent_at=now,
        published_at=now,
    )
    Story.objects.create(agent=engagement.agent, engagement=engagement, title="Brouillon", text="x")
    Story.objects.create(
        agent=engagement.agent,
        engagement=engagement,
        title="Soumis",
        text="x",
        status=StoryStatus.SUBMITTED,
        consent_at=now,
    )
    assert [s.title for s in published_stories(programme)] == ["Publié"]


def test_the_review_hides_what_describes_fewer_than_five_participants(cast, programme):
    from passerelles.programmes.queries import review

    mission = make_workshop_mission(cast, programme=programme, start_date=TODAY - datetime.timedelta(days=10))
    for first in ("Ana", "Bea"):
        from tests.cast import make_agent

        agent = make_agent(cast.home, first, "Participante", unit=cast.agents["agent"].unit)
        make_engagement(agent, mission, State.ACTIVE)
    shown = {label: (value, hidden) for label, value, hidden in review(programme)["headlines"]}
    assert shown["Agents partis en mission"] == (None, True)
    assert shown["Part de premières participations (%)"] == (None, True)
    funnel = dict(review(programme)["funnel"])
    assert funnel["Missions publiées"] == 1  # missions count no one
    assert funnel["Missions accordées (prêtes à démarrer ou plus loin)"] is None
