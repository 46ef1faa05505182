"""A prolongation asks the agent too (their agreement is needed for each renewal: CGFP L512-7) and is re-checked
against the confirmed framework's maximum duration, with the limit and its legal reference in the refusal."""

import datetime

import pytest
from django.utils.html import escape

from passerelles.access.models import Role
from passerelles.core.todo import todo_for
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision, EngagementEvent, Party
from passerelles.engagements.services import (
    engagement_decide,
    engagement_request_extension,
    parties_of,
    required_parties,
)
from passerelles.frameworks.durations import last_day
from passerelles.frameworks.models import EngagementFramework, FrameworkSettings
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from tests.cast import make_engagement, make_mission

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def active(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home,
        lead.unit,
        lead,
        status=MissionStatus.PUBLISHED,
        start_date=D(2026, 1, 5),
        end_date=D(2030, 12, 31),
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.ACTIVE, agreement_round=1)
    engagement.start_date, engagement.end_date = D(2026, 1, 5), D(2027, 1, 4)
    engagement.save()
    return engagement


def confirmed(engagement, code, months, refs=("Référence du catalogue",)):
    EngagementFramework.objects.create(
        engagement=engagement,
        code=code,
        situation={},
        parameters={},
        recommendation={"max_duration_months": months, "legal_refs": list(refs), "documents": []},
    )


def test_last_day_of_a_number_of_months():
    assert last_day(D(2026, 1, 5), 36) == D(2029, 1, 4)
    assert last_day(D(2026, 3, 1), 12) == D(2027, 2, 28)
    assert last_day(D(2027, 3, 1), 12) == D(2028, 2, 29)


def test_the_agent_is_asked_in_extension_rounds_only(cast, active):
    agent = cast.users[Role.AGENT]
    assert Party.AGENT not in required_parties(active)
    assert Party.AGENT not in parties_of(agent, active)
    engagement_request_extension(engagement=active, by=cast.users[Role.HR], end_date=D(2027, 3, 1))
    active.refresh_from_db()
    assert required_parties(active)[0] == Party.AGENT
    assert Party.AGENT in parties_of(agent, active)
    assert Agreement.objects.filter(engagement=active, round=2, party=Party.AGENT).exists()
    told = Notification.objects.get(user=agent, subject__startswith="Prolonger")
    assert told.action_needed and "01/03/2027" in told.message
    assert "extensions" in {g.key for g in todo_for(type(agent).objects.get(pk=agent.pk))}
    # someone else cannot answer for the agent
    with pytest.raises(TransitionRefused, match="ne vous revient pas"):
        engagement_decide(engagement=active, by=cast.users[Role.HR], party=Party.AGENT, decision="agreed")


def test_the_agent_accepts_the_prolongation_on_the_page(cast, active, client_for):
    engagement_request_extension(engagement=active, by=cast.users[Role.HR], end_date=D(2027, 3, 1))
    for user, party in [
        (cast.users[Role.MANAGER], Party.MANAGER),
        (cast.users[Role.HOST], Party.HOST),
        (cast.users[Role.HR], Party.HR),
    ]:
        engagement_decide(engagement=active, by=user, party=party, decision="agreed")
    agent = client_for(cast.users[Role.AGENT])
    page = agent.get(f"/engagements/{active.pk}/").content.decode()
    assert "accepte la prolongation" in page and "Je refuse la prolongation" in page
    agent.post(f"/engagements/{active.pk}/accord/", {"party": "agent", "decision": "agreed"})
    active.refresh_from_db()
    assert active.end_date == D(2027, 3, 1) and active.extension_end_date is None
    assert EngagementEvent.objects.filter(engagement=active, action="agree_agent").exists()
    page = client_for(cast.users[Role.HR]).get(f"/engagements/{active.pk}/").content.decode()
    assert escape(f"{cast.users[Role.AGENT]} a accepté la prolongation") in page


def test_the_agents_refusal_ends_the_prolongation(cast, active, client_for):
    engagement_request_extension(engagement=active, by=cast.users[Role.HR], end_date=D(2027, 3, 1))
    agent = client_for(cast.users[Role.AGENT])
    agent.post(f"/engagements/{active.pk}/accord/", {"party": "agent", "decision": "declined"})
    active.refresh_from_db()
    assert active.extension_end_date == D(2027, 3, 1)  # no reason: refused, nothing changed
    agent.post(
        f"/engagements/{active.pk}/accord/",
        {"party": "agent", "decision": "declined", "reason": "Mon équipe a besoin de moi au printemps."},
    )
    active.refresh_from_db()
    assert active.extension_end_date is None and active.end_date == D(2027, 1, 4)
    assert active.state == State.ACTIVE
    pending = Agreement.objects.filter(engagement=active, round=2)
    assert set(pending.values_list("decision", flat=True)) == {Decision.DECLINED, Decision.CANCELLED}
    assert EngagementEvent.objects.filter(engagement=active, action="extension_declined").exists()


# (framework, limit in the recommendation, new end, refused?, words the refusal must contain)
LIMITS = [
    # a MAD renews by periods of 3 years at most, with no total (FRAMEWORKS.md §2): from 05/01/2027 on
    ("mise_a_disposition", 36, D(2030, 1, 4), False, ""),
    (
        "mise_a_disposition",
        36,
        D(2030, 1, 5),
        True,
        "période de renouvellement dure 36 mois au plus (CGFP art. L512-6",
    ),
    ("mecenat_competences", 18, D(2027, 12, 27), False, ""),
    ("mecenat_competences", 18, D(2027, 12, 28), True, "27/12/2027"),
    ("detachement", 60, D(2030, 1, 1), False, ""),
    ("detachement", 12, D(2028, 1, 4), False, ""),  # renewable by periods too (§7)
    ("detachement", 12, D(2028, 1, 5), True, "12 mois au plus (CGFP art. L513-1"),
    ("affectation_interne", None, D(2030, 12, 31), False, ""),
]


@pytest.mark.parametrize(("code", "months", "new_end", "refused", "words"), LIMITS)
def test_a_prolongation_within_the_frameworks_maximum(cast, active, code, months, new_end, refused, words):
    confirmed(active, code, months)
    if refused:
        with pytest.raises(TransitionRefused, match="au plus tard") as error:
            engagement_request_extension(engagement=active, by=cast.users[Role.HR], end_date=new_end)
        assert words in str(error.value)
        active.refresh_from_db()
        assert active.extension_end_date is None and active.agreement_round == 1  # nothing changed
    else:
        engagement_request_extension(engagement=active, by=cast.users[Role.HR], end_date=new_end)
        active.refresh_from_db()
        assert active.extension_end_date == new_end


def test_a_mecenat_renews_by_periods_of_18_months_within_3_years(cast, active):
    active.start_date, active.end_date = D(2023, 1, 2), D(2023, 12, 31)  # a first year
    active.save()
    confirmed(active, "mecenat_competences", 18)
    with pytest.raises(TransitionRefused) as error:  # a second period of two years: more than 18 months
        engagement_request_extension(engagement=active, by=cast.users[Role.HR], end_date=D(2025, 12, 31))
    assert "période de renouvellement dure 18 mois" in str(error.value)
    assert "loi n° 2022-217 (3DS), art. 209" in str(error.value) and "30/06/2025" in str(error.value)
    engagement_request_extension(engagement=active, by=cast.users[Role.HR], end_date=D(2025, 6, 30))
    active.refresh_from_db()
    assert active.extension_end_date == D(2025, 6, 30)


def test_a_mecenat_never_passes_three_years_in_all(cast, active):
    active.start_date, active.end_date = D(2024, 6, 3), D(2026, 12, 2)  # 30 months already
    active.save()
    confirmed(active, "mecenat_competences", 18)
    with pytest.raises(TransitionRefused, match="durée totale est limitée à 36 mois") as error:
        engagement_request_extension(engagement=active, by=cast.users[Role.HR], end_date=D(2027, 6, 3))
    assert "02/06/2027" in str(error.value)


def test_the_matp_limit_is_the_organisations_parameter_as_set_today(cast, active):
    confirmed(active, "mission_appui_projet", 12)  # the figure when HR confirmed it
    FrameworkSettings.objects.create(organisation=cast.home, matp_max_months=18)
    with pytest.raises(TransitionRefused, match="18 mois") as error:
        engagement_request_extension(engagement=active, by=cast.users[Role.HR], end_date=D(2027, 7, 5))
    assert "paramètre de l'organisation" in str(error.value)
    engagement_request_extension(engagement=active, by=cast.users[Role.HR], end_date=D(2027, 7, 4))


def test_the_refusal_comes_back_on_the_page(cast, active, client_for):
    confirmed(active, "mise_a_disposition", 36)
    response = client_for(cast.users[Role.HR]).post(
        f"/engagements/{active.pk}/prolongation/", {"end_date": "2030-01-05"}, follow=True
    )
    assert "une période de renouvellement dure 36 mois au plus" in response.content.decode()
    active.refresh_from_db()
    assert active.extension_end_date is None


def test_a_mad_renewed_past_three_years_in_all_tells_hr_what_the_host_must_offer(cast, active, client_for):
    """Allowed (renewable by periods of 3 years), but the law asks more beyond 3 years: HR reads it at once."""
    active.start_date, active.end_date = D(2024, 1, 5), D(2027, 1, 4)  # a first MAD of three years
    active.save()
    confirmed(active, "mise_a_disposition", 36)
    response = client_for(cast.users[Role.HR]).post(
        f"/engagements/{active.pk}/prolongation/", {"end_date": "2028-01-04"}, follow=True
    )
    page = response.content.decode()
    assert "Prolongation demandée" in page
    assert escape("l'accueil doit proposer à l'agent une mutation, un détachement ou une intégration") in page
    active.refresh_from_db()
    assert active.extension_end_date == D(2028, 1, 4)


def test_no_such_notice_within_three_years_or_for_another_framework(cast, active, client_for):
    from passerelles.frameworks.durations import extension_notice

    confirmed(active, "mise_a_disposition", 36)
    assert extension_notice(active, D(2029, 1, 4)) == ""  # three years from 05/01/2026
    assert "mutation" in extension_notice(active, D(2029, 1, 5))
    EngagementFramework.objects.filter(engagement=active).update(code="detachement")
    assert extension_notice(active, D(2030, 1, 5)) == ""
