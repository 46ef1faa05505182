"""Cohort programmes (issue 18, Deliver 5), through the pages: nomination → journey with attendance →
opportunity offered → accepted → counted as a move on the network dashboard; a declined opportunity asks no
reason and shows the offering member only « déclinée »; each member's HR sees its own nominees only; the sheet
is for the participant and both HR; bad input writes nothing."""

import datetime
import html

import pytest
from django.urls import reverse

from passerelles.access.models import Role
from passerelles.cohorts.models import (
    Attendance,
    ChecklistItem,
    CohortProgramme,
    JourneyStep,
    MoveSheetSide,
    Nomination,
    NominationState,
    Opportunity,
    OpportunityState,
)
from passerelles.notifications.models import Notification
from passerelles.people.models import Category
from tests.cast import MARKER, grant, make_agent

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def world(cast, client_for):
    """The cast's network (home + partner), a cadre of home, and the partner's HR."""
    partner_hr = make_agent(cast.partner, "Pia", "Partenaire", category=Category.A)
    grant(partner_hr, cast.partner, Role.HR)
    cadre = make_agent(
        cast.home, "Camille", "Cadre", category=Category.A, matricule="CAD01", job_title="Directrice"
    )
    return {
        "cast": cast,
        "cadre": cadre,
        "coordinator": client_for(cast.users[Role.NETWORK_COORDINATOR]),
        "home_hr": client_for(cast.users[Role.HR]),
        "partner_hr": client_for(partner_hr.user),
        "partner_hr_user": partner_hr.user,
        "agent": client_for(cadre.user),
        "client_for": client_for,
    }


def create_programme(world, **extra) -> CohortProgramme:
    data = {
        "name": "Cadres en mouvement",
        "description": "Un parcours commun aux cadres du réseau.",
        "goal_moves": "4",
        "goal_end_on": (TODAY + datetime.timedelta(days=1000)).isoformat(),
        "criteria": "",
        **extra,
    }
    response = world["coordinator"].post(
        reverse("cohort_create", kwargs={"network_slug": world["cast"].network.slug}), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return CohortProgramme.objects.get(name=data["name"])


def nominate_and_consent(world, programme) -> Nomination:
    url = reverse("cohort_nominate", kwargs={"cohort_id": programme.pk})
    assert world["home_hr"].post(url, {"agent": "cad01"}).status_code == 302
    nomination = Nomination.objects.get(programme=programme, agent=world["cadre"])
    assert nomination.state == NominationState.AWAITING
    answer = reverse("cohort_nomination_answer", kwargs={"nomination_id": nomination.pk})
    assert world["agent"].post(answer, {"reponse": "oui"}).status_code == 302
    nomination.refresh_from_db()
    return nomination


def offer(world, programme, nomination, title="Directrice de l'action sociale") -> Opportunity:
    url = reverse("cohort_opportunity_offer", kwargs={"cohort_id": programme.pk})
    data = {
        "nomination": nomination.pk,
        "offering_organisation": world["cast"].partner.pk,
        "kind": "poste",
        "title": title,
        "description": "Poste vacant au 1er mars.",
        "mission": "",
    }
    response = world["partner_hr"].post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Opportunity.objects.get(title=title)


def test_nomination_journey_attendance_offer_accepted_is_counted_as_a_move(world):
    programme = create_programme(world)
    assert ChecklistItem.objects.filter(programme=programme).count() == 4

    # nomination: the agent is asked, and is a participant only once they said yes
    url = reverse("cohort_nominate", kwargs={"cohort_id": programme.pk})
    assert world["home_hr"].post(url, {"agent": "cad01"}).status_code == 302
    nomination = Nomination.objects.get(programme=programme)
    assert Notification.objects.filter(user=world["cadre"].user, action_needed=True).exists()
    detail = reverse("cohort_detail", kwargs={"cohort_id": programme.pk})
    assert "Camille" not in world["coordinator"].get(detail).content.decode()  # not a participant yet
    assert "Camille" in world["home_hr"].get(detail).content.decode()
    assert world["agent"].get(reverse("my_cohorts")).status_code == 200
    answer = reverse("cohort_nomination_answer", kwargs={"nomination_id": nomination.pk})
    world["agent"].post(answer, {"reponse": "oui"})
    nomination.refresh_from_db()
    assert nomination.state == NominationState.PARTICIPANT and nomination.consented_at
    assert "Camille" in world["coordinator"].get(detail).content.decode()

    # the journey: a past seminar (attendance recorded), a future module (attendance refused)
    step_url = reverse("cohort_step_add", kwargs={"cohort_id": programme.pk})
    for kind, title, day in [
        ("seminaire", "Séminaire de lancement", TODAY - datetime.timedelta(days=10)),
        ("module", "Conduite du changement", TODAY + datetime.timedelta(days=20)),
    ]:
        response = world["coordinator"].post(
            step_url, {"kind": kind, "title": title, "held_on": day.isoformat()}
        )
        assert response.status_code == 302
    seminar, module = JourneyStep.objects.filter(programme=programme).order_by("held_on")
    presence = reverse("cohort_attendance", kwargs={"cohort_id": programme.pk, "step_id": seminar.pk})
    assert world["coordinator"].post(presence, {f"n{nomination.pk}": "present"}).status_code == 302
    assert Attendance.objects.get(step=seminar, nomination=nomination).status == "present"
    assert "présent·es : 1, excusé·es : 0, absent·es : 0" in world["coordinator"].get(detail).content.decode()
    ahead = reverse("cohort_attendance", kwargs={"cohort_id": programme.pk, "step_id": module.pk})
    world["coordinator"].post(ahead, {f"n{nomination.pk}": "absent"})
    assert not Attendance.objects.filter(step=module).exists()
    page = world["agent"].get(reverse("my_cohorts")).content.decode()
    assert "Présent·e" in page and "Conduite du changement" in page

    # an opportunity of the partner, offered by its HR, accepted by the participant: a move
    opportunity = offer(world, programme, nomination)
    assert (
        world["agent"]
        .get(reverse("cohort_opportunity", kwargs={"opportunity_id": opportunity.pk}))
        .status_code
        == 200
    )
    accept = reverse("cohort_opportunity_accept", kwargs={"opportunity_id": opportunity.pk})
    assert world["agent"].get(accept).status_code == 200  # the confirmation page
    assert world["agent"].post(accept).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.state == OpportunityState.ACCEPTED and opportunity.accepted_on == TODAY
    partner_hr_told = Notification.objects.filter(user=world["partner_hr_user"], subject__contains="acceptée")
    assert partner_hr_told.exists()

    # the network dashboard's goal card counts it
    dashboard = world["coordinator"].get(
        reverse("network_dashboard", kwargs={"network_slug": world["cast"].network.slug})
    )
    assert dashboard.status_code == 200
    assert "1 mouvement sur 4 visés" in dashboard.content.decode()


def test_a_declined_opportunity_asks_no_reason_and_shows_only_declinee_to_the_offering_member(world):
    programme = create_programme(world)
    nomination = nominate_and_consent(world, programme)
    opportunity = offer(world, programme, nomination)
    decline = reverse("cohort_opportunity_decline", kwargs={"opportunity_id": opportunity.pk})
    confirmation = world["agent"].get(decline).content.decode()
    assert "<textarea" not in confirmation and 'name="raison"' not in confirmation
    assert "pas à vous justifier" in confirmation
    notified_before = Notification.objects.filter(user=world["partner_hr_user"]).count()
    # a reason sent anyway is not kept anywhere
    assert world["agent"].post(decline, {"raison": f"Trop loin {MARKER}"}).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.state == OpportunityState.DECLINED and opportunity.accepted_on is None
    # the model has no place for a reason, an answer date or a history
    names = {field.name for field in Opportunity._meta.get_fields()}
    assert not {"reason", "raison", "answered_at", "declined_at", "updated_at", "history"} & names
    assert not hasattr(Opportunity, "history")
    assert Notification.objects.filter(user=world["partner_hr_user"]).count() == notified_before
    page = world["partner_hr"].get(reverse("cohort_opportunity", kwargs={"opportunity_id": opportunity.pk}))
    text = page.content.decode()
    assert "Déclinée" in text and MARKER not in text
    detail = world["partner_hr"].get(reverse("cohort_detail", kwargs={"cohort_id": programme.pk}))
    assert 'data-state="declined">Déclinée' in detail.content.decode()
    # a declined opportunity is not a move, and cannot be answered again
    assert world["agent"].post(
        reverse("cohort_opportunity_accept", kwargs={"opportunity_id": opportunity.pk})
    )
    opportunity.refresh_from_db()
    assert opportunity.state == OpportunityState.DECLINED


def test_another_members_hr_sees_none_of_our_nominees(world):
    cast = world["cast"]
    programme = create_programme(world)
    hr_url = reverse("cohort_nominate", kwargs={"cohort_id": programme.pk})
    world["home_hr"].post(hr_url, {"agent": "cad01"})
    pending = Nomination.objects.get(programme=programme)
    detail = reverse("cohort_detail", kwargs={"cohort_id": programme.pk})
    assert "Camille" not in world["partner_hr"].get(detail).content.decode()
    nomination_page = reverse("cohort_nomination", kwargs={"nomination_id": pending.pk})
    assert world["partner_hr"].get(nomination_page).status_code == 404
    assert world["coordinator"].get(nomination_page).status_code == 404  # not a participant: not theirs
    offer_form = world["partner_hr"].get(
        reverse("cohort_opportunity_offer", kwargs={"cohort_id": programme.pk})
    )
    assert "Camille" not in offer_form.content.decode()
    # even once a participant, our nominee is not in the partner HR's list of nominees
    world["agent"].post(
        reverse("cohort_nomination_answer", kwargs={"nomination_id": pending.pk}), {"reponse": "oui"}
    )
    assert "Camille" not in world["partner_hr"].get(detail).content.decode()
    assert world["partner_hr"].get(nomination_page).status_code == 404
    # the outsider network's people see nothing of the programme
    outsider_hr = make_agent(cast.outsider, "Olga", "Dehors", category=Category.A)
    grant(outsider_hr, cast.outsider, Role.HR)
    outsider = world["client_for"](outsider_hr.user)
    assert outsider.get(detail).status_code == 404
    assert outsider.get(nomination_page).status_code == 404
    # a plain agent of home does not read the programme page either
    assert world["client_for"](cast.users[Role.AGENT]).get(detail).status_code == 404


def test_the_sheet_is_for_the_participant_and_both_hr_each_filling_its_own_column(world):
    programme = create_programme(world)
    nomination = nominate_and_consent(world, programme)
    opportunity = offer(world, programme, nomination)
    origin = reverse("cohort_sheet_origin", kwargs={"opportunity_id": opportunity.pk})
    host = reverse("cohort_sheet_host", kwargs={"opportunity_id": opportunity.pk})
    column = {
        "position": "Directrice",
        "grade": "Attachée principale",
        "grade_equivalence": "",
        "gross_monthly_pay": "3210.55",
        "ri_monthly": "650",
        "ri_yearly_bonus": "0",
        "notes": "",
    }
    assert world["home_hr"].post(host, column).status_code == 403  # not their column
    assert world["partner_hr"].post(origin, column).status_code == 403
    assert world["home_hr"].post(origin, column).status_code == 302
    assert world["partner_hr"].post(host, {**column, "gross_monthly_pay": "3402.10"}).status_code == 302
    assert MoveSheetSide.objects.filter(opportunity=opportunity).count() == 2
    page = reverse("cohort_opportunity", kwargs={"opportunity_id": opportunity.pk})
    for reader in ("agent", "home_hr", "partner_hr"):
        text = world[reader].get(page).content.decode()
        assert "3210" in text and "3402" in text, reader
    coordinator_view = world["coordinator"].get(page)
    assert coordinator_view.status_code == 200 and "3210" not in coordinator_view.content.decode()


def test_bad_input_gives_a_french_error_and_writes_nothing(world):
    cast = world["cast"]
    create = reverse("cohort_create", kwargs={"network_slug": cast.network.slug})
    response = world["coordinator"].post(
        create, {"name": "X", "goal_moves": "0", "goal_end_on": "2020-01-01"}
    )
    assert response.status_code == 200 and not CohortProgramme.objects.exists()
    assert "L'échéance de l'objectif doit être dans le futur." in html.unescape(response.content.decode())
    # only a coordinator opens a programme
    assert world["home_hr"].post(create, {"name": "Y"}).status_code == 403
    programme = create_programme(world)
    nominate = reverse("cohort_nominate", kwargs={"cohort_id": programme.pk})
    unknown = world["home_hr"].post(nominate, {"agent": "personne@nulle-part.test"})
    assert "Aucun agent actif de votre organisation" in unknown.content.decode()
    partner_agent = make_agent(cast.partner, "Paul", "Partenaire", category=Category.A)
    foreign = world["home_hr"].post(nominate, {"agent": partner_agent.email})
    assert foreign.status_code == 200 and not Nomination.objects.exists()
    assert world["coordinator"].get(nominate).status_code == 403  # coordinators do not nominate
    nomination = nominate_and_consent(world, programme)
    # our own HR cannot offer a post to our own participant: the participant is not among the choices
    offer_url = reverse("cohort_opportunity_offer", kwargs={"cohort_id": programme.pk})
    own = world["home_hr"].post(
        offer_url,
        {
            "nomination": nomination.pk,
            "offering_organisation": cast.home.pk,
            "kind": "poste",
            "title": "Chez nous",
        },
    )
    assert own.status_code == 200 and not Opportunity.objects.exists()
    # a coordinator offering on behalf of the participant's own employer is refused with a French error
    same = world["coordinator"].post(
        offer_url,
        {
            "nomination": nomination.pk,
            "offering_organisation": cast.home.pk,
            "kind": "poste",
            "title": "Chez nous",
        },
    )
    assert "autre membre que l'employeur" in html.unescape(same.content.decode())
    assert not Opportunity.objects.exists()
    opportunity = offer(world, programme, nomination)
    # nobody but the participant answers
    accept = reverse("cohort_opportunity_accept", kwargs={"opportunity_id": opportunity.pk})
    assert world["partner_hr"].post(accept).status_code == 403
    assert world["home_hr"].post(accept).status_code == 403
    # a negative amount on the sheet is refused
    origin = reverse("cohort_sheet_origin", kwargs={"opportunity_id": opportunity.pk})
    bad = world["home_hr"].post(
        origin, {"position": "x", "grade": "y", "gross_monthly_pay": "-1", "ri_monthly": "a"}
    )
    assert bad.status_code == 200 and not MoveSheetSide.objects.exists()
    # an answer that is neither yes nor no changes nothing
    opportunity.refresh_from_db()
    assert opportunity.state == OpportunityState.OFFERED
    answer = reverse("cohort_nomination_answer", kwargs={"nomination_id": nomination.pk})
    world["agent"].post(answer, {"reponse": "peut-être"})
    nomination.refresh_from_db()
    assert nomination.state == NominationState.PARTICIPANT


def test_the_checklist_records_who_ticked_and_when_and_sponsors_are_members_signatories(world):
    cast = world["cast"]
    programme = create_programme(world)
    sponsor_url = reverse("cohort_sponsor_add", kwargs={"cohort_id": programme.pk})
    from passerelles.access.models import RoleMembership

    signatory = RoleMembership.objects.get(role=Role.SIGNATORY, organisation=cast.home)
    hr_membership = RoleMembership.objects.get(role=Role.HR, organisation=cast.home)
    world["coordinator"].post(sponsor_url, {"membership": hr_membership.pk})  # not a signatory: refused
    assert not programme.sponsors.exists()
    world["coordinator"].post(sponsor_url, {"membership": signatory.pk})
    assert list(programme.sponsors.values_list("user_id", flat=True)) == [signatory.user_id]
    item = programme.checklist.get(kind="elus")
    tick = reverse("cohort_checklist_tick", kwargs={"cohort_id": programme.pk, "item_id": item.pk})
    assert world["home_hr"].post(tick, {"done": "1"}).status_code == 403
    sponsor = world["client_for"](signatory.user)
    assert sponsor.post(tick, {"done": "1"}).status_code == 302
    item.refresh_from_db()
    assert item.done_by_id == signatory.user_id and item.done_at is not None
    page = (
        world["coordinator"]
        .get(reverse("cohort_detail", kwargs={"cohort_id": programme.pk}))
        .content.decode()
    )
    assert "cochée par Sophie Signe" in page
    world["coordinator"].post(tick, {"done": "0"})
    item.refresh_from_db()
    assert item.done_by is None and item.done_at is None
