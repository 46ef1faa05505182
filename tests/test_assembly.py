"""« Assemblée délibérante informée le <date> »: a tracked step for a MAD and a mécénat (décret n° 2008-580
art. 2, loi 3DS art. 209), recorded by the origin's HR, shown in the timeline, and a condition before ready."""

import datetime

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.core.todo import todo_for
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import EngagementEvent
from passerelles.engagements.services import engagement_record_assembly, missing_for_ready
from passerelles.frameworks.assembly import assembly_required, codes_requiring_assembly
from passerelles.missions.models import MissionStatus
from tests.cast import choose_framework, grant, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db

ASSEMBLY = "l'information de l'assemblée délibérante"


@pytest.fixture
def mad(cast):
    """A CCAS agent on a Ville mission, MAD confirmed; the CCAS has its own HR."""
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    lea = make_agent(cast.partner, "Léa", "Partenaire")
    origin_hr = make_agent(cast.partner, "Odile", "Rhccas")
    grant(origin_hr, cast.partner, Role.HR)
    engagement = make_engagement(lea, mission, State.AGREEMENTS, agreement_round=1)
    choose_framework(engagement, origin_hr.user, code="mise_a_disposition")
    engagement.refresh_from_db()
    return engagement, origin_hr.user


@pytest.mark.parametrize(
    ("code", "required"),
    [
        ("mise_a_disposition", True),
        ("mecenat_competences", True),
        ("dispositif_reseau", True),  # issue 18: a MAD under the network's convention-cadre
        ("affectation_interne", False),
        ("convention_services_epci", False),
        ("asa_benevolat", False),
        ("mission_appui_projet", False),
        (None, False),
    ],
)
def test_which_frameworks_want_the_assembly_informed(code, required):
    assert assembly_required(code) is required


def test_codes_requiring_assembly():
    assert set(codes_requiring_assembly()) == {
        "mise_a_disposition",
        "mecenat_competences",
        "dispositif_reseau",
    }


def test_the_assembly_is_a_condition_before_ready(cast, mad):
    engagement, origin_hr = mad
    assert ASSEMBLY in missing_for_ready(engagement)
    engagement_record_assembly(
        engagement=engagement, by=origin_hr, informed_on=timezone.localdate(), reference="Séance du CA"
    )
    engagement.refresh_from_db()
    assert ASSEMBLY not in missing_for_ready(engagement)
    event = EngagementEvent.objects.get(engagement=engagement, action="assembly_informed")
    assert event.get_action_display() == "a enregistré l'information de l'assemblée délibérante"
    assert event.comment == (
        f"Assemblée délibérante informée le {timezone.localdate():%d/%m/%Y} — Séance du CA"
    )


def test_an_internal_assignment_never_asks_it(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    engagement = make_engagement(cast.agents["agent"], mission, State.AGREEMENTS, agreement_round=1)
    choose_framework(engagement, cast.users[Role.HR], code="affectation_interne")
    assert ASSEMBLY not in missing_for_ready(engagement)


@pytest.mark.parametrize(
    ("who", "days", "message"),
    [
        ("host_hr", 0, "Seule la RH de l'employeur d'origine"),
        ("host", 0, "Seule la RH de l'employeur d'origine"),
        ("origin_hr", 1, "ne peut pas être dans le futur"),
    ],
)
def test_bad_input_changes_nothing(cast, mad, who, days, message):
    engagement, origin_hr = mad
    user = {"host_hr": cast.users[Role.HR], "host": cast.users[Role.HOST], "origin_hr": origin_hr}[who]
    with pytest.raises(TransitionRefused, match=message):
        engagement_record_assembly(
            engagement=engagement,
            by=user,
            informed_on=timezone.localdate() + datetime.timedelta(days=days),
        )
    engagement.refresh_from_db()
    assert engagement.assembly_informed_on is None
    assert not EngagementEvent.objects.filter(engagement=engagement, action="assembly_informed").exists()


def test_hr_records_it_on_the_page_and_todo_lists_it_until_then(cast, mad, client_for):
    engagement, origin_hr = mad
    hr = client_for(origin_hr)
    assert "assembly" in {g.key for g in todo_for(type(origin_hr).objects.get(pk=origin_hr.pk))}
    page = hr.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-assembly="missing"' in page and 'name="informed_on"' in page
    # the host's HR reads the step, without the form
    other = client_for(cast.users[Role.HR]).get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-assembly="missing"' in other and 'name="informed_on"' not in other
    response = hr.post(
        f"/engagements/{engagement.pk}/assemblee/", {"informed_on": "pas une date"}, follow=True
    )
    assert "Indiquez une date valable" in response.content.decode()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = hr.post(
        f"/engagements/{engagement.pk}/assemblee/", {"informed_on": tomorrow.isoformat()}, follow=True
    )
    assert "ne peut pas être dans le futur" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.assembly_informed_on is None
    day = timezone.localdate() - datetime.timedelta(days=10)
    hr.post(
        f"/engagements/{engagement.pk}/assemblee/",
        {"informed_on": day.isoformat(), "reference": "Conseil d'administration du CCAS"},
    )
    engagement.refresh_from_db()
    assert engagement.assembly_informed_on == day
    page = hr.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-assembly="recorded"' in page and "Conseil d&#x27;administration du CCAS" in page
    assert "a enregistré l&#x27;information de l&#x27;assemblée délibérante" in page
    assert "assembly" not in {g.key for g in todo_for(type(origin_hr).objects.get(pk=origin_hr.pk))}
