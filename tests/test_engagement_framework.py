"""HR confirms an engagement's legal framework with the boussole; the engagement then asks exactly its
agreements, and becomes ready only once the framework is confirmed."""

import re

import pytest

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision, Party
from passerelles.frameworks.models import EngagementFramework, FrameworkSettings
from passerelles.frameworks.services import confirm_framework, situation_for
from passerelles.missions.models import MissionStatus
from tests.cast import choose_framework, make_agent, make_engagement, make_mission, sign_pact

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )
    return make_engagement(cast.agents["agent"], mission, State.AGREEMENTS, agreement_round=1)


def parties(engagement):
    return set(
        Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round).values_list(
            "party", flat=True
        )
    )


def test_what_the_platform_knows_is_the_starting_situation(cast, engagement):
    situation = situation_for(engagement)
    assert situation["same_employer"] is True and situation["host_type"] == "meme_collectivite"
    assert situation["employer_type"] == "commune" and situation["purpose"] == "appui_projet"
    lea = make_agent(cast.partner, "Léa", "Partenaire")
    across = make_engagement(lea, engagement.mission, State.AGREEMENTS)
    other = situation_for(across)
    assert other["same_employer"] is False and other["host_type"] == "commune"
    assert other["employer_type"] == "etablissement_public"  # a CCAS


def test_the_framework_decides_the_agreements_asked(cast, engagement):
    hr = cast.users[Role.HR]
    choose_framework(engagement, hr, code="mission_appui_projet")  # the mission sheet is signed by the DGS
    assert parties(engagement) == {Party.MANAGER, Party.HOST, Party.HR, Party.SIGNATORY}
    choose_framework(engagement, hr, code="affectation_interne")  # a plain lettre de mission: no signatory
    assert parties(engagement) == {Party.MANAGER, Party.HOST, Party.HR}
    record = EngagementFramework.objects.get(engagement=engagement)
    assert record.code == "affectation_interne" and record.confirmed_by == hr
    assert "Lettre de mission / fiche de mission" in record.recommendation["documents"]
    assert record.history.count() == 2  # the change of mind is kept


def test_a_given_agreement_is_never_dropped_when_the_framework_changes(cast, engagement):
    hr = cast.users[Role.HR]
    choose_framework(engagement, hr, code="mission_appui_projet")
    Agreement.objects.filter(engagement=engagement, party=Party.SIGNATORY).update(decision=Decision.AGREED)
    choose_framework(engagement, hr, code="affectation_interne")
    assert Party.SIGNATORY in parties(engagement)


def test_ready_once_agreed_and_confirmed_in_any_order(cast, engagement):
    Agreement.objects.filter(engagement=engagement).delete()
    for party in (Party.MANAGER, Party.HOST, Party.HR):
        Agreement.objects.create(engagement=engagement, round=1, party=party, decision=Decision.AGREED)
    choose_framework(engagement, cast.users[Role.HR])
    sign_pact(engagement, cast)
    engagement.refresh_from_db()
    assert engagement.state == State.READY


@pytest.mark.parametrize(
    "code, changes, message",
    [
        ("mise_a_disposition", {}, "Même employeur"),
        ("mission_appui_projet", {"time_share_percent": 60}, "plafonné à 40 %"),
        ("inconnu", {}, "ne convient pas"),
        ("affectation_interne", {"time_share_percent": 150}, "quotité"),
    ],
)
def test_a_framework_the_boussole_rules_out_is_refused(cast, engagement, code, changes, message):
    with pytest.raises(TransitionRefused, match=message):
        choose_framework(engagement, cast.users[Role.HR], code=code, **changes)
    assert not EngagementFramework.objects.exists()


def test_only_hr_confirms_and_only_at_the_agreement_step(cast, engagement):
    for role in (Role.HOST, Role.MANAGER, Role.AGENT):
        with pytest.raises(TransitionRefused, match="Seule la RH"):
            choose_framework(engagement, cast.users[role])
    engagement.state = State.MEETING
    engagement.save()
    with pytest.raises(TransitionRefused, match="étape des accords"):
        choose_framework(engagement, cast.users[Role.HR])
    assert not EngagementFramework.objects.exists()


def test_the_organisations_parameters_apply_and_a_later_change_rewrites_nothing(cast, engagement):
    settings = FrameworkSettings.objects.create(organisation=cast.home, matp_max_percent=15)
    with pytest.raises(TransitionRefused, match="plafonné à 15 %"):
        choose_framework(engagement, cast.users[Role.HR], code="mission_appui_projet")
    settings.matp_max_percent = 40
    settings.save()
    record = choose_framework(engagement, cast.users[Role.HR], code="mission_appui_projet")
    settings.matp_max_percent = 10
    settings.save()
    record.refresh_from_db()
    assert record.parameters["matp_max_percent"] == 40 and settings.history.count() == 3


def test_hr_runs_the_boussole_from_the_engagement_page_and_confirms(cast, client_for, engagement):
    hr = client_for(cast.users[Role.HR])
    detail = hr.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Choisir le dispositif avec la boussole" in detail
    page = hr.get(f"/engagements/{engagement.pk}/dispositif/").content.decode()
    assert 'data-framework="mission_appui_projet"' in page  # prefilled: results at once
    assert 'data-excluded="mise_a_disposition"' in page
    # each « Retenir » button carries the situation as shown (French decimals included: « 3,0 » months)
    block = page[page.index('data-framework="affectation_interne"') :]
    block = block[block.index('class="confirm-framework"') : block.index("</form>")]
    data = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', block))
    assert data["dispositif"] == "affectation_interne" and "," in data["duration_months"]
    response = hr.post(f"/engagements/{engagement.pk}/dispositif/", data)
    assert response.status_code == 302
    detail = hr.get(response.url).content.decode()
    assert 'data-chosen-framework="affectation_interne"' in detail
    bad = hr.post(
        f"/engagements/{engagement.pk}/dispositif/",
        {**data, "time_share_percent": "150", "dispositif": "mission_appui_projet"},
    ).content.decode()
    assert "inférieure ou égale à 100" in bad
    assert EngagementFramework.objects.get().code == "affectation_interne"
    # the agent sees which framework, never the HR tool
    agent = client_for(cast.users[Role.AGENT])
    assert (
        'data-chosen-framework="affectation_interne"'
        in agent.get(f"/engagements/{engagement.pk}/").content.decode()
    )
    assert agent.get(f"/engagements/{engagement.pk}/dispositif/").status_code == 403
    assert (
        client_for(cast.users[Role.HOST]).get(f"/engagements/{engagement.pk}/dispositif/").status_code == 403
    )


def test_confirm_framework_takes_the_situation_as_sent(cast, engagement):
    situation = {**situation_for(engagement), "same_employer": False}  # contradictory: refused
    with pytest.raises(TransitionRefused, match="contradictoire"):
        confirm_framework(
            engagement=engagement, by=cast.users[Role.HR], code="affectation_interne", situation=situation
        )


def test_the_signatory_sees_the_engagement_from_the_agreement_step_and_signs(cast, client_for, engagement):
    signatory = client_for(cast.users[Role.SIGNATORY])
    choose_framework(engagement, cast.users[Role.HR], code="mission_appui_projet")
    page = signatory.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Votre réponse (Signataire)" in page
    signatory.post(f"/engagements/{engagement.pk}/accord/", {"party": "signatory", "decision": "agreed"})
    assert Agreement.objects.get(engagement=engagement, party=Party.SIGNATORY).decision == Decision.AGREED
    exploring = make_engagement(cast.agents[Role.MANAGER], engagement.mission, State.INTEREST)
    assert signatory.get(f"/engagements/{exploring.pk}/").status_code == 404  # exploring stays private
