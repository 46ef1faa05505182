"""Dates (issue 13, « Dates »): no mission, rencontre or agreement for dates already gone — except a start HR
regularises, with the flag and its reason, shown on the page and in the documents; a warning for a rencontre
on a weekend or a public holiday; « Je souhaite continuer » only after the rencontre; points d'étape on
working days, a week apart."""

import datetime
import io

import docx
import pytest
from dateutil.easter import easter
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.documents.services import generate, missing_acceptances
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision, Engagement, Meeting, Party
from passerelles.engagements.services import (
    engagement_decide,
    engagement_express_interest,
    engagement_meeting_feedback,
    engagement_schedule_meeting,
    engagement_set_dates,
    missing_for_ready,
)
from passerelles.followup.models import CheckIn
from passerelles.followup.services import schedule_checkins
from passerelles.foundation.calendar_fr import CHECKIN_MIN_GAP_DAYS, is_working_day
from passerelles.missions.forms import MissionForm
from passerelles.missions.models import Mission, MissionStatus
from passerelles.missions.services import MissionStepRefused, mission_save
from passerelles.notifications.models import Notification
from tests.cast import choose_framework, make_engagement, make_mission, meeting_held, sign_pact, working_slot
from tests.test_documents import pdf_text, read
from tests.test_engagement_flow import agree_all, at_agreements
from tests.test_missions import form_data

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NEXT_YEAR = TODAY.year + 1


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def next_weekday(weekday: int) -> datetime.date:
    """The first such weekday at least three days from today."""
    day = days(3)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def mission(cast):
    lead = cast.agents[Role.HOST]
    return make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )


@pytest.fixture
def running_mission(cast):
    """A mission under way: it started ten days ago (written through the models, as history)."""
    lead = cast.agents[Role.HOST]
    return make_mission(
        cast.home,
        lead.unit,
        lead,
        status=MissionStatus.PUBLISHED,
        title="Renfort en cours",
        start_date=days(-10),
        end_date=days(80),
    )


@pytest.fixture
def engagement(cast, mission):
    return make_engagement(cast.agents["agent"], mission, State.INTEREST)


# --- missions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.HOST, Role.HR])
@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"start_date": days(-1).isoformat()}, "La date de début est passée"),
        (
            {"start_date": days(-30).isoformat(), "end_date": days(-2).isoformat()},
            "La date de fin est passée",
        ),
    ],
)
def test_a_mission_cannot_be_drafted_for_dates_already_gone(cast, client_for, role, changes, field_message):
    response = client_for(cast.users[role]).post("/missions/nouvelle/", form_data(cast, **changes))
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not Mission.objects.filter(title="Animation d'ateliers numériques").exists()


def test_a_running_mission_is_edited_without_touching_its_past_start(cast, client_for):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home,
        lead.unit,
        lead,
        status=MissionStatus.CHANGES_REQUESTED,
        start_date=days(-5),
        end_date=days(60),
    )
    host = client_for(cast.users[Role.HOST])
    data = form_data(cast, start_date=days(-5).isoformat(), end_date=days(60).isoformat())
    data["description"] = "Une coquille corrigée."
    assert host.post(f"/missions/{mission.pk}/modifier/", data).status_code == 302
    mission.refresh_from_db()
    assert mission.description == "Une coquille corrigée." and mission.start_date == days(-5)
    # a date that changes may not go into the past…
    moved = host.post(f"/missions/{mission.pk}/modifier/", {**data, "start_date": days(-3).isoformat()})
    assert moved.status_code == 200 and "La date de début est passée" in moved.content.decode()
    shortened = host.post(f"/missions/{mission.pk}/modifier/", {**data, "end_date": days(-1).isoformat()})
    assert "La date de fin est passée" in shortened.content.decode()
    mission.refresh_from_db()
    assert (mission.start_date, mission.end_date) == (days(-5), days(60))
    # …but may move to a date to come
    assert (
        host.post(
            f"/missions/{mission.pk}/modifier/", {**data, "start_date": days(2).isoformat()}
        ).status_code
        == 302
    )
    mission.refresh_from_db()
    assert mission.start_date == days(2)


def test_only_hr_records_a_mission_already_under_way_with_a_reason(cast, client_for):
    past = {"start_date": days(-7).isoformat(), "regularisation": "on", "regularisation_reason": "Crue du 3"}
    host = client_for(cast.users[Role.HOST])
    form_page = host.get("/missions/nouvelle/").content.decode()
    assert 'name="regularisation"' not in form_page  # the box is HR's
    refused = host.post("/missions/nouvelle/", form_data(cast, **past))
    assert refused.status_code == 200 and "La date de début est passée" in refused.content.decode()
    hr = client_for(cast.users[Role.HR])
    assert 'name="regularisation"' in hr.get("/missions/nouvelle/").content.decode()
    no_reason = hr.post("/missions/nouvelle/", form_data(cast, **{**past, "regularisation_reason": "  "}))
    assert "pourquoi la mission est enregistrée après son démarrage" in no_reason.content.decode()
    future = hr.post("/missions/nouvelle/", form_data(cast, **{**past, "start_date": days(5).isoformat()}))
    assert "Une régularisation concerne une mission déjà commencée" in future.content.decode()
    assert not Mission.objects.filter(title="Animation d'ateliers numériques").exists()
    assert hr.post("/missions/nouvelle/", form_data(cast, **past)).status_code == 302
    mission = Mission.objects.get(title="Animation d'ateliers numériques")
    assert mission.regularisation and mission.regularisation_reason == "Crue du 3"
    assert mission.start_date == days(-7)
    page = hr.get(f"/missions/{mission.pk}/").content.decode()
    assert "Régularisation : mission déjà commencée" in page and "Crue du 3" in page


def test_the_service_asks_the_dates_rule_again(cast):
    """No other way in saves a past date, nor a regularisation by anyone but HR."""
    data = form_data(cast, start_date=days(-7).isoformat(), regularisation="on", regularisation_reason="Crue")
    form = MissionForm(data, organisation=cast.home, user=cast.users[Role.HR])
    assert form.is_valid(), form.errors
    with pytest.raises(PermissionDenied):
        mission_save(form=form, by=cast.users[Role.HOST])
    form = MissionForm(form_data(cast), organisation=cast.home, user=cast.users[Role.HOST])
    assert form.is_valid(), form.errors
    form.instance.start_date = days(-2)  # changed after the form's checks
    with pytest.raises(MissionStepRefused, match="La date de début est passée"):
        mission_save(form=form, by=cast.users[Role.HOST])
    assert not Mission.objects.filter(title="Animation d'ateliers numériques").exists()


def test_an_agent_joining_a_mission_under_way_starts_today(cast, running_mission):
    engagement = engagement_express_interest(mission=running_mission, by=cast.users[Role.AGENT])
    assert engagement.start_date == TODAY and engagement.end_date == running_mission.end_date


# --- rencontres --------------------------------------------------------------------------------------------


def test_a_rencontre_in_the_past_is_refused(cast, engagement):
    with pytest.raises(TransitionRefused, match="La rencontre doit avoir lieu dans le futur"):
        engagement_schedule_meeting(
            engagement=engagement, by=cast.users[Role.HR], starts_at=at(days(-1)), place="Salle"
        )
    assert not Meeting.objects.exists()


def test_hr_alone_records_the_past_rencontre_of_a_regularised_engagement(
    cast, running_mission, django_capture_on_commit_callbacks
):
    engagement = make_engagement(
        cast.agents["agent"],
        running_mission,
        State.INTEREST,
        regularisation=True,
        regularisation_reason="Crue",
    )
    with pytest.raises(TransitionRefused, match="dans le futur"):
        engagement_schedule_meeting(
            engagement=engagement, by=cast.users[Role.HOST], starts_at=at(days(-3)), place="Salle"
        )
    with django_capture_on_commit_callbacks(execute=True):
        engagement_schedule_meeting(
            engagement=engagement, by=cast.users[Role.HR], starts_at=at(days(-3)), place="Salle"
        )
    engagement.refresh_from_db()
    assert engagement.state == State.MEETING and engagement.events.filter(action="record_meeting").exists()
    assert not [m for m in mail.outbox if m.attachments]  # no invitation to a rencontre that happened
    engagement_meeting_feedback(
        engagement=engagement, by=cast.users[Role.AGENT], continues=True
    )  # open at once


NON_WORKING = [
    pytest.param(lambda: next_weekday(5), "est un samedi", id="samedi"),
    pytest.param(lambda: next_weekday(6), "est un dimanche", id="dimanche"),
    pytest.param(lambda: datetime.date(NEXT_YEAR, 7, 14), "jour férié (Fête nationale)", id="14-juillet"),
    pytest.param(lambda: datetime.date(NEXT_YEAR, 5, 1), "jour férié (Fête du Travail)", id="1er-mai"),
    pytest.param(
        lambda: easter(NEXT_YEAR) + datetime.timedelta(days=1),
        "jour férié (Lundi de Pâques)",
        id="lundi-de-paques",
    ),
]


@pytest.mark.parametrize(("day", "warning"), NON_WORKING)
def test_a_rencontre_on_a_weekend_or_a_holiday_is_confirmed_first(
    cast, engagement, client_for, day, warning, django_capture_on_commit_callbacks
):
    hr = client_for(cast.users[Role.HR])
    slot = {"starts_at": at(day()).strftime("%Y-%m-%dT%H:%M"), "minutes": "45", "place": "Médiathèque"}
    with django_capture_on_commit_callbacks(execute=True):
        stopped = hr.post(f"/engagements/{engagement.pk}/rencontre/", slot)
    page = stopped.content.decode()
    assert stopped.status_code == 200  # the page again, with what was typed and a box to tick
    assert warning in page and "Confirmer quand même" in page and 'value="Médiathèque"' in page
    engagement.refresh_from_db()
    assert engagement.state == State.INTEREST and not Meeting.objects.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = hr.post(f"/engagements/{engagement.pk}/rencontre/", {**slot, "confirm_non_working": "on"})
    assert confirmed.status_code == 302
    engagement.refresh_from_db()
    assert engagement.state == State.MEETING and engagement.meeting.starts_at == at(day())
    assert any(m.attachments for m in mail.outbox)
    # the rencontre's information keeps the warning, for everyone who sees it
    for role in (Role.HR, Role.AGENT, Role.HOST):
        shown = client_for(cast.users[role]).get(f"/engagements/{engagement.pk}/").content.decode()
        assert "data-meeting-day-warning" in shown and warning in shown


def test_a_rencontre_on_a_working_day_goes_without_a_question(cast, engagement, client_for):
    hr = client_for(cast.users[Role.HR])
    slot = {"starts_at": working_slot(3).strftime("%Y-%m-%dT%H:%M"), "minutes": "45", "place": "Médiathèque"}
    assert hr.post(f"/engagements/{engagement.pk}/rencontre/", slot).status_code == 302
    page = hr.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "data-meeting-day-warning" not in page and "Confirmer quand même" not in page


def test_the_service_warns_never_refuses_a_weekend(cast, engagement):
    meeting = engagement_schedule_meeting(
        engagement=engagement, by=cast.users[Role.HR], starts_at=at(next_weekday(6)), place="Marché"
    )
    assert meeting.pk and meeting.starts_at.weekday() == 6


def test_a_proposal_with_a_rencontre_on_a_holiday_is_confirmed_first(cast, client_for, mission):
    hr = client_for(cast.users[Role.HR])
    agent = cast.agents[Role.AGENT]
    data = {
        "mission": mission.pk,
        "with_meeting": "1",
        "message": "Pensé pour vous",
        "starts_at": at(datetime.date(NEXT_YEAR, 7, 14)).strftime("%Y-%m-%dT%H:%M"),
        "minutes": "45",
        "place": "Médiathèque, salle 2",
    }
    stopped = hr.post(f"/agents/{agent.pk}/proposer/", data)
    page = stopped.content.decode()
    assert (
        stopped.status_code == 200
        and "jour férié (Fête nationale)" in page
        and "Confirmer quand même" in page
    )
    assert not Engagement.objects.filter(mission=mission).exists()
    confirmed = hr.post(f"/agents/{agent.pk}/proposer/", {**data, "confirm_non_working": "on"})
    engagement = Engagement.objects.get(mission=mission, agent=agent)
    assert confirmed["Location"] == f"/engagements/{engagement.pk}/"
    assert engagement.meeting.starts_at.date() == datetime.date(NEXT_YEAR, 7, 14)
    assert engagement.message == "Pensé pour vous"


# --- « Je souhaite continuer » -----------------------------------------------------------------------------


def test_je_souhaite_continuer_opens_only_after_the_rencontre_starts(cast, engagement, client_for):
    engagement_schedule_meeting(
        engagement=engagement, by=cast.users[Role.HR], starts_at=working_slot(3), place="x"
    )
    agent = client_for(cast.users[Role.AGENT])
    page = agent.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Je souhaite continuer" not in page and "data-feedback-later" in page
    for user, continues in ((Role.AGENT, True), (Role.HOST, True), (Role.AGENT, False)):
        with pytest.raises(TransitionRefused, match="La rencontre n'a pas encore eu lieu"):
            engagement_meeting_feedback(
                engagement=engagement, by=cast.users[user], continues=continues, notes="Trop tôt"
            )
    refused = agent.post(f"/engagements/{engagement.pk}/suite/", {"continues": "oui"}, follow=True)
    assert "La rencontre n&#x27;a pas encore eu lieu" in refused.content.decode()
    engagement.refresh_from_db()
    assert engagement.state == State.MEETING and engagement.meeting.agent_continues is None
    meeting_held(engagement)
    assert "Je souhaite continuer" in agent.get(f"/engagements/{engagement.pk}/").content.decode()
    agent.post(f"/engagements/{engagement.pk}/suite/", {"continues": "oui"})
    engagement.meeting.refresh_from_db()
    assert engagement.meeting.agent_continues is True


# --- agreements --------------------------------------------------------------------------------------------


def test_nobody_agrees_to_a_start_already_gone(cast, engagement, client_for):
    engagement = at_agreements(cast, engagement)
    Engagement.objects.filter(pk=engagement.pk).update(start_date=days(-1))
    engagement.refresh_from_db()
    with pytest.raises(TransitionRefused, match="est passée : on ne donne pas son accord"):
        engagement_decide(engagement=engagement, by=cast.users[Role.HR], party=Party.HR, decision="agreed")
    manager = client_for(cast.users[Role.MANAGER])
    answer = manager.post(
        f"/engagements/{engagement.pk}/accord/", {"party": "manager", "decision": "agreed"}, follow=True
    ).content.decode()
    assert (
        "on ne donne pas son accord pour des dates déjà écoulées" in answer and "data-start-passed" in answer
    )
    assert not Agreement.objects.filter(engagement=engagement, decision=Decision.AGREED).exists()
    assert missing_for_ready(engagement)[0].startswith("des dates à venir")
    # saying no stays possible
    engagement_decide(
        engagement=engagement,
        by=cast.users[Role.HOST],
        party=Party.HOST,
        decision="declined",
        reason="Trop tard",
    )
    engagement.refresh_from_db()
    assert engagement.state == State.DECLINED


def test_a_manager_cannot_propose_a_start_in_the_past(cast, running_mission):
    engagement = at_agreements(cast, make_engagement(cast.agents["agent"], running_mission, State.INTEREST))
    Engagement.objects.filter(pk=engagement.pk).update(start_date=days(5))
    with pytest.raises(TransitionRefused, match="La date de début proposée est passée"):
        engagement_decide(
            engagement=engagement,
            by=cast.users[Role.MANAGER],
            party=Party.MANAGER,
            decision="agreed",
            start_date=days(-2),
            end_date=running_mission.end_date,
        )
    engagement.refresh_from_db()
    assert engagement.start_date == days(5)


def test_hr_sets_dates_to_come_and_everyone_is_asked_again(cast, engagement, client_for):
    engagement = at_agreements(cast, engagement)
    engagement_decide(engagement=engagement, by=cast.users[Role.HOST], party=Party.HOST, decision="agreed")
    Engagement.objects.filter(pk=engagement.pk).update(start_date=days(-1))
    new_start = engagement.mission.start_date + datetime.timedelta(days=7)
    response = client_for(cast.users[Role.HR]).post(
        f"/engagements/{engagement.pk}/dates/",
        {"start_date": new_start.isoformat(), "end_date": engagement.end_date.isoformat()},
        follow=True,
    )
    assert "Dates enregistrées" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.start_date == new_start and not engagement.regularisation
    assert Agreement.objects.get(engagement=engagement, party=Party.HOST).decision == Decision.PENDING
    assert Notification.objects.filter(
        user=cast.users[Role.HOST], subject__startswith="Nouvelles dates", action_needed=True
    ).exists()
    # the pact was written for the old dates: a new version is needed
    assert "Pacte de micro-mobilité à établir à nouveau" in " ".join(missing_for_ready(engagement))
    sign_pact(engagement, cast)
    engagement = agree_all(cast, engagement)
    assert engagement.state == State.READY


def test_hr_regularises_a_start_already_made_shown_on_the_page_and_in_the_documents(
    cast, running_mission, client_for
):
    engagement = at_agreements(cast, make_engagement(cast.agents["agent"], running_mission, State.INTEREST))
    assert engagement.state == State.AGREEMENTS and "des dates à venir" in missing_for_ready(engagement)[0]
    hr = client_for(cast.users[Role.HR])
    hr.post(
        f"/engagements/{engagement.pk}/dates/",
        {
            "start_date": days(-7).isoformat(),
            "end_date": running_mission.end_date.isoformat(),
            "regularisation": "on",
            "regularisation_reason": "Renfort\n  urgent pendant la crue",
        },
    )
    engagement.refresh_from_db()
    assert engagement.regularisation and engagement.regularisation_reason == "Renfort urgent pendant la crue"
    assert engagement.start_date == days(-7)
    assert engagement.events.filter(action="regularise", by=cast.users[Role.HR]).exists()
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.HR):
        page = client_for(cast.users[role]).get(f"/engagements/{engagement.pk}/").content.decode()
        assert "Régularisation : démarrage antérieur à l'accord" in page, role
        assert "Renfort urgent pendant la crue" in page, role
    # the pact accepted before says nothing of it: a new version, which says it in all three files
    assert any("à établir à nouveau" in m for m in missing_acceptances(engagement))
    document = sign_pact(engagement, cast)
    mention = f"Régularisation : la mission a commencé le {days(-7):%d/%m/%Y}"
    assert mention in document.context["regularisation"]
    pdf = " ".join(pdf_text(read(document.pdf))).replace("\r\n", " ").replace("\n", " ")
    assert mention in pdf and "Renfort urgent pendant la crue" in pdf
    assert mention in "\n".join(p.text for p in docx.Document(io.BytesIO(read(document.docx))).paragraphs)
    assert missing_acceptances(engagement) == []
    engagement = agree_all(cast, engagement)  # agreeing on a regularised start is allowed
    assert engagement.state == State.READY


def test_an_organisation_model_without_the_placeholder_still_carries_the_mention(cast, running_mission):
    from django.core.files.base import ContentFile

    from passerelles.documents import rendering
    from passerelles.documents.models import DocumentTemplate

    own = rendering.odt_from_blocks(
        [("title", "Pacte"), ("paragraph", "Nous accueillons {{ agent_nom_complet }}.")]
    )
    template = DocumentTemplate(
        organisation=cast.home, kind="pacte", version=1, file_format="odt", uploaded_by=cast.users[Role.ADMIN]
    )
    template.file.save("pacte.odt", ContentFile(own), save=True)
    engagement = make_engagement(
        cast.agents["agent"],
        running_mission,
        State.AGREEMENTS,
        agreement_round=1,
        regularisation=True,
        regularisation_reason="Crue",
    )
    choose_framework(engagement, cast.users[Role.HR])
    document = generate(engagement=engagement, kind="pacte", by=cast.users[Role.HR])
    assert "Régularisation : la mission a commencé" in " ".join(pdf_text(read(document.pdf)))
    assert "Nous accueillons Paul Agent." in " ".join(pdf_text(read(document.pdf)))


@pytest.mark.parametrize(
    ("role", "data", "message"),
    [
        (Role.HOST, {}, "Seule la RH"),
        (Role.MANAGER, {}, "Seule la RH"),
        (Role.AGENT, {}, "Seule la RH"),
        (Role.HR, {"regularisation_reason": ""}, "Indiquez pourquoi la mission a commencé avant les accords"),
        (Role.HR, {"regularisation": ""}, "La date de début est passée : choisissez une date"),
        (Role.HR, {"start_date": days(3).isoformat()}, "Une régularisation concerne un démarrage déjà fait"),
        (
            Role.HR,
            {"start_date": days(-30).isoformat()},
            "Les dates doivent rester dans celles de la mission",
        ),
        (Role.HR, {"end_date": days(-1).isoformat()}, "La date de fin est passée"),
        (Role.HR, {"end_date": days(-9).isoformat()}, "La date de fin doit suivre la date de début"),
        (Role.HR, {"start_date": "2026-02-30"}, "Saisissez une date valide"),
        (Role.HR, {"start_date": "demain"}, "Saisissez une date valide"),
        (Role.HR, {"end_date": "<script>alert(1)</script>"}, "Saisissez une date valide"),
        (Role.HR, {"start_date": "' OR 1=1 --"}, "Saisissez une date valide"),
        (Role.HR, {"regularisation_reason": "x" * 501}, "au plus 500 caractères"),
    ],
)
def test_only_hr_regularises_with_a_reason_and_bad_input_changes_nothing(
    cast, running_mission, client_for, role, data, message
):
    engagement = make_engagement(cast.agents["agent"], running_mission, State.AGREEMENTS, agreement_round=1)
    engagement.start_date = days(2)
    engagement.save()
    before = Engagement.objects.filter(pk=engagement.pk).values().get()
    posted = {
        "start_date": days(-5).isoformat(),
        "end_date": running_mission.end_date.isoformat(),
        "regularisation": "on",
        "regularisation_reason": "Déjà là",
        **data,
    }
    response = client_for(cast.users[role]).post(f"/engagements/{engagement.pk}/dates/", posted, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert Engagement.objects.filter(pk=engagement.pk).values().get() == before
    assert not engagement.events.filter(action__in=["regularise", "set_dates"]).exists()


def test_the_dates_form_is_hrs_and_only_before_the_engagement_is_ready(cast, engagement, client_for):
    for role in (Role.AGENT, Role.HOST):
        assert (
            "data-engagement-dates"
            not in client_for(cast.users[role]).get(f"/engagements/{engagement.pk}/").content.decode()
        )
    assert (
        "data-engagement-dates"
        in client_for(cast.users[Role.HR]).get(f"/engagements/{engagement.pk}/").content.decode()
    )
    Engagement.objects.filter(pk=engagement.pk).update(state=State.READY)
    assert (
        "data-engagement-dates"
        not in client_for(cast.users[Role.HR]).get(f"/engagements/{engagement.pk}/").content.decode()
    )
    with pytest.raises(TransitionRefused, match="ne se changent plus"):
        engagement_set_dates(
            engagement=engagement, by=cast.users[Role.HR], start_date=days(40), end_date=days(50)
        )


# --- points d'étape ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "count"), [(4, 1), (20, 1), (183, 3)], ids=["5-jours", "3-semaines", "6-mois"]
)
def test_points_d_etape_are_working_days_a_week_apart(cast, mission, length, count):
    engagement = make_engagement(cast.agents["agent"], mission, State.READY)
    start = next_weekday(0) + datetime.timedelta(days=7)  # a Monday
    engagement.start_date, engagement.end_date = start, start + datetime.timedelta(days=length)
    engagement.save()
    schedule_checkins(engagement)
    dates = list(
        CheckIn.objects.filter(engagement=engagement).order_by("due_on").values_list("due_on", flat=True)
    )
    assert len(dates) == count
    assert all(is_working_day(day) and start < day <= engagement.end_date for day in dates)
    assert all((b - a).days >= CHECKIN_MIN_GAP_DAYS for a, b in zip(dates, dates[1:], strict=False))
