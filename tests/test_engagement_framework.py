"""HR confirms an engagement's legal framework with the boussole; the engagement then asks exactly its
agreements, and becomes ready only once the framework is confirmed."""

from html.parser import HTMLParser

import pytest

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision, EngagementEvent, Party
from passerelles.frameworks.boussole import AGENT_STATUSES, HOST_TYPES, parse_situation
from passerelles.frameworks.models import EngagementFramework, FrameworkSettings, SituationDraft
from passerelles.frameworks.services import (
    KIND_TO_TYPE,
    confirm_framework,
    contradictions,
    last_situation,
    save_draft,
    situation_for,
)
from passerelles.missions.models import MissionStatus
from passerelles.organisations.models import OrganisationKind
from passerelles.people.models import EmploymentStatus
from tests.cast import choose_framework, make_agent, make_engagement, make_mission, sign_pact

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )
    return make_engagement(cast.agents["agent"], mission, State.AGREEMENTS, agreement_round=1)


@pytest.fixture
def across(cast, engagement):
    """Léa, an agent of the CCAS (an établissement public of the network), on the commune's mission."""
    lea = make_agent(cast.partner, "Léa", "Partenaire")
    return make_engagement(lea, engagement.mission, State.AGREEMENTS, agreement_round=1)


class SituationFormValues(HTMLParser):
    """The values the situation form (#situation-form) would send as it stands on the page."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            self.data[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs["value"]
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":  # a browser drops the newline Django writes after <textarea>
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_values(page: str) -> dict:
    form = page[page.index('id="situation-form"') :]
    parser = SituationFormValues()
    parser.feed(form[: form.index("</form>")])
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


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
    # each « Retenir » button submits the situation form as it stands (French decimals: « 3,0 » months)
    block = page[page.index('data-framework="affectation_interne"') :]
    assert 'form="situation-form" name="dispositif" value="affectation_interne"' in block
    data = {**form_values(page), "dispositif": "affectation_interne"}
    assert "," in data["duration_months"]
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


# --- What the platform knows: the SIRH status word for word, every organisation kind ---


@pytest.mark.parametrize(
    "status, expected",
    [
        (EmploymentStatus.TITULAIRE, "titulaire"),
        (EmploymentStatus.STAGIAIRE, "stagiaire"),
        (EmploymentStatus.CONTRACTUEL, "contractuel"),  # contract unknown: the boussole asks, never a CDD
        (EmploymentStatus.CONTRACTUEL_CDI, "contractuel_cdi"),
        (EmploymentStatus.CONTRACTUEL_CDD, "contractuel_cdd"),
        (EmploymentStatus.APPRENTI, "apprenti"),
        (EmploymentStatus.VACATAIRE, "vacataire"),
    ],
)
def test_situation_for_maps_the_agents_status_exactly(cast, engagement, status, expected):
    engagement.agent.status = status
    engagement.agent.save()
    situation = situation_for(engagement)
    assert situation["agent_status"] == expected
    parse_situation(situation)  # a valid boussole input


def test_every_sirh_status_and_organisation_kind_is_known_to_the_boussole():
    assert set(EmploymentStatus.values) == set(AGENT_STATUSES)
    assert set(KIND_TO_TYPE) == set(OrganisationKind.values)
    assert set(KIND_TO_TYPE.values()) <= set(HOST_TYPES)


def test_the_situation_carries_the_engagements_end_date(engagement):
    situation = situation_for(engagement)
    assert situation["end_date"] == engagement.end_date.isoformat()
    assert parse_situation(situation).end_date == engagement.end_date


# --- Contradictions with what the platform knows: refused unless HR says why ---

CONTRADICTIONS = [
    pytest.param(
        {"host_type": "association", "host_public_service_mission": True},
        "mise_a_disposition",
        ["Ville d'Alpha", "pas comme une association", "Réseau Alpha"],
        id="commune-du-reseau-decrite-comme-association",
    ),
    pytest.param(
        {"host_type": "fondation", "host_general_interest": True, "time_share_percent": 5},
        "asa_benevolat",
        ["pas comme une association ou une fondation"],
        id="commune-decrite-comme-fondation-pour-une-asa",
    ),
    pytest.param(
        {"host_type": "epci", "host_epci_member_link": True, "whole_service": True},
        "mise_a_disposition",
        ["L'accueil", "pas comme le type indiqué (epci)"],
        id="commune-decrite-comme-epci",
    ),
    pytest.param(
        {"employer_type": "commune"},
        "mise_a_disposition",
        ["L'employeur, CCAS d'Alpha", "(commune)"],
        id="ccas-decrit-comme-commune",
    ),
    pytest.param(
        {"agent_status": "contractuel_cdi"},
        "mise_a_disposition",
        ["Le SIRH indique", "Titulaire", "contractuel_cdi"],
        id="titulaire-decrit-comme-cdi",
    ),
    pytest.param(
        {"same_employer": True, "host_type": "meme_collectivite"},
        "affectation_interne",
        ["ce ne sont pas le même employeur"],
        id="deux-employeurs-decrits-comme-un",
    ),
]


@pytest.mark.parametrize("changes, code, fragments", CONTRADICTIONS)
def test_a_contradiction_is_refused_without_a_reason_and_kept_with_one(
    cast, across, changes, code, fragments
):
    hr = cast.users[Role.HR]
    situation = {**situation_for(across), **changes}
    with pytest.raises(TransitionRefused) as refused:
        confirm_framework(engagement=across, by=hr, code=code, situation=situation, correction_reason="  ")
    message = str(refused.value)
    assert "contredit ce que la plateforme sait" in message and "Raison de la correction" in message
    for fragment in fragments:
        assert fragment in message, message
    assert not EngagementFramework.objects.filter(engagement=across).exists()
    assert not SituationDraft.objects.filter(engagement=across).exists()  # refused: nothing written

    reason = "Convention de partenariat du 3 mars : l'accueil agit pour l'association Lire Ensemble."
    record = confirm_framework(
        engagement=across, by=hr, code=code, situation=situation, correction_reason=reason
    )
    assert record.code == code and record.correction_reason == reason
    event = EngagementEvent.objects.filter(engagement=across, action="framework_confirmed").latest("at")
    assert reason in event.comment and str(record.recommendation["label"]) in event.comment


@pytest.mark.parametrize(
    "known, changes",
    [
        pytest.param("titulaire", {}, id="rien-de-change"),
        pytest.param("contractuel", {"agent_status": "contractuel_cdi"}, id="contrat-precise-par-la-rh"),
        pytest.param("contractuel", {"agent_status": "contractuel_cdd"}, id="cdd-precise-par-la-rh"),
        pytest.param("titulaire", {"employer_type": "hopital"}, id="etablissement-public-hopital"),
        pytest.param(
            "titulaire", {"time_share_percent": 10, "host_public_service_mission": True}, id="detail"
        ),
    ],
)
def test_what_is_not_a_contradiction(across, known, changes):
    across.agent.status = known
    across.agent.save()
    assert contradictions(across, {**situation_for(across), **changes}) == []


def test_a_reason_without_contradiction_is_not_recorded_as_a_correction(cast, across):
    record = choose_framework(across, cast.users[Role.HR], code="mise_a_disposition")
    assert record.correction_reason == ""
    record = confirm_framework(
        engagement=across,
        by=cast.users[Role.HR],
        code="mise_a_disposition",
        situation=situation_for(across),
        correction_reason="Rien à corriger",
    )
    assert record.correction_reason == ""


# --- HR's corrections are kept from one visit to the next ---


def test_the_last_submitted_situation_is_kept_simulated_or_confirmed(cast, engagement):
    hr = cast.users[Role.HR]
    assert last_situation(engagement) == (situation_for(engagement), "")
    corrected = {**situation_for(engagement), "time_share_percent": 30, "host_public_service_mission": True}
    save_draft(engagement=engagement, by=hr, situation=corrected, correction_reason=" vu avec le DGS ")
    assert last_situation(engagement) == (corrected, "vu avec le DGS")
    confirmed = {**situation_for(engagement), "time_share_percent": 25}
    confirm_framework(engagement=engagement, by=hr, code="affectation_interne", situation=confirmed)
    assert last_situation(engagement) == (confirmed, "")
    with pytest.raises(TransitionRefused, match="Seule la RH"):
        save_draft(engagement=engagement, by=cast.users[Role.HOST], situation=corrected)
    assert SituationDraft.objects.get().situation == confirmed


def test_the_engagement_page_keeps_hrs_corrections_and_shows_the_recorded_reason(cast, client_for, across):
    hr = client_for(cast.users[Role.HR])
    url = f"/engagements/{across.pk}/dispositif/"
    data = form_values(hr.get(url).content.decode())
    assert data["agent_status"] == "titulaire" and data["correction_reason"] == ""
    # HR corrects the status and simulates: the contradiction is shown, the correction kept
    page = hr.post(url, {**data, "agent_status": "contractuel_cdi"}).content.decode()
    assert "data-contradictions" in page and "Le SIRH indique" in page
    assert form_values(hr.get(url).content.decode())["agent_status"] == "contractuel_cdi"
    # « Retenir » without a reason: refused, nothing recorded
    refused = hr.post(url, {**data, "agent_status": "contractuel_cdi", "dispositif": "mise_a_disposition"})
    assert "Raison de la correction" in refused.content.decode()
    assert not EngagementFramework.objects.filter(engagement=across).exists()
    # with the reason: confirmed, and the page shows the recorded correction on the next visit
    reason = "Le SIRH n'a pas encore reçu l'arrêté de fin de stage : CDI depuis le 1er mars."
    response = hr.post(
        url,
        {
            **data,
            "agent_status": "contractuel_cdi",
            "correction_reason": reason,
            "dispositif": "mise_a_disposition",
        },
    )
    assert response.status_code == 302
    assert EngagementFramework.objects.get(engagement=across).correction_reason == reason
    page = hr.get(url).content.decode()
    assert "data-correction-reason" in page and "CDI depuis le 1er mars" in page
    assert form_values(page)["agent_status"] == "contractuel_cdi"
    # other roles neither read nor write the HR tool
    host = client_for(cast.users[Role.HOST])
    assert host.post(url, {**data, "time_share_percent": "10"}).status_code == 403
    assert SituationDraft.objects.get(engagement=across).situation["agent_status"] == "contractuel_cdi"
