"""The network as an actor (issue 18), through its pages: the convention-cadre and its PDF, the members'
deliberations, the coordinator's curation, open needs and rare skills, and the shared schemes.

The cast: ``home`` (Ville d'Alpha, lead of « Réseau Alpha », whose coordinator is Nadia) and ``partner`` (its
CCAS, a member) share the network; ``outsider`` is in another network and must see nothing of ours (404).
"""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from passerelles.access.models import Role, RoleMembership
from passerelles.missions.models import Mission, MissionStatus, Visibility
from passerelles.networks.models import (
    Deliberation,
    FrameworkAgreement,
    MissionCuration,
    SchemeTakeUp,
    SharedScheme,
)
from passerelles.people.models import Profile, ProfileTag
from passerelles.people.models import Visibility as ProfileVisibility
from tests.cast import MARKER, grant, make_agent, make_mission

PDF = b"%PDF-1.4\n% convention-cadre signee\n%%EOF\n"


@pytest.fixture
def net(cast):
    """The cast, with an HR coordinator at the partner and the outsider's HR at hand."""
    partner_hr = make_agent(cast.partner, "Pia", "Partenaire", category="A")
    grant(partner_hr, cast.partner, Role.HR)
    cast.partner_hr = partner_hr.user
    cast.outsider_hr = RoleMembership.objects.filter(organisation=cast.outsider, role=Role.HR).first().user
    cast.coordinator = cast.users[Role.NETWORK_COORDINATOR]
    return cast


NAMED = ("coordinator", "partner_hr", "outsider_hr")


def person(cast, who):
    return getattr(cast, who) if who in NAMED else cast.users[who]


def url(cast, name):
    base = f"/reseaux/{cast.network.slug}"
    return {
        "agreement": f"{base}/convention/",
        "document": f"{base}/convention/convention-cadre.pdf",
        "coordination": f"{base}/coordination/",
        "schemes": f"{base}/dispositifs/",
    }[name]


def upload(content=PDF, name="convention.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def save_agreement(client, cast, **extra):
    data = {
        "action": "agreement",
        "reference": "Convention-cadre n° 2026-001",
        "signed_on": "2026-01-15",
        "valid_from": "2026-01-15",
        "valid_until": "2028-12-31",
        "document": upload(),
    }
    data.update(extra)
    return client.post(url(cast, "agreement"), data)


# --- the convention-cadre -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        (Role.HR, 200),
        (Role.ADMIN, 200),
        ("partner_hr", 200),
        (Role.AGENT, 403),
        (Role.MANAGER, 403),
        (Role.HOST, 403),
        (Role.SIGNATORY, 403),
        ("outsider_hr", 404),
    ],
)
def test_who_reads_the_agreement(net, client_for, who, status):
    user = person(net, who)
    assert client_for(user).get(url(net, "agreement")).status_code == status


def test_the_coordinator_records_the_agreement_and_its_pdf_is_served_to_members_only(net, client_for):
    response = save_agreement(client_for(net.coordinator), net)
    assert response.status_code == 302
    net.network.refresh_from_db()
    assert net.network.agreement_reference == "Convention-cadre n° 2026-001"
    assert net.network.agreement_signed_on == datetime.date(2026, 1, 15)
    record = FrameworkAgreement.objects.get(network=net.network)
    assert record.valid_until == datetime.date(2028, 12, 31)
    assert record.document.name.startswith("conventions-cadres/")
    assert "convention.pdf" not in record.document.name  # a random storage name, never the sender's
    for user in (net.users[Role.HR], net.partner_hr, net.coordinator):
        served = client_for(user).get(url(net, "document"))
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == PDF
    assert client_for(net.users[Role.AGENT]).get(url(net, "document")).status_code == 403
    assert client_for(net.outsider_hr).get(url(net, "document")).status_code == 404


def test_no_document_yet_is_a_404_not_an_error(net, client_for):
    assert client_for(net.users[Role.HR]).get(url(net, "document")).status_code == 404


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_written(net, client_for):
    response = save_agreement(
        client_for(net.coordinator), net, document=upload(b"<html>pas un pdf</html>", "faux.pdf")
    )
    assert response.status_code == 200
    assert "n'est pas un PDF" in html.unescape(response.content.decode())
    net.network.refresh_from_db()
    assert net.network.agreement_reference == ""
    assert not FrameworkAgreement.objects.exists()


def test_validity_ending_before_it_starts_is_refused(net, client_for):
    response = save_agreement(client_for(net.coordinator), net, valid_until="2025-01-01")
    assert response.status_code == 200
    assert "précède son début" in response.content.decode()
    assert not FrameworkAgreement.objects.exists()


@pytest.mark.parametrize("who", [Role.HR, "partner_hr", Role.ADMIN])
def test_members_read_but_only_the_coordinator_edits(net, client_for, who):
    user = person(net, who)
    assert save_agreement(client_for(user), net).status_code == 403
    page = client_for(user).get(url(net, "agreement")).content.decode()
    assert "Modifier la convention-cadre" not in page
    net.network.refresh_from_db()
    assert net.network.agreement_reference == ""
    assert not FrameworkAgreement.objects.exists()


def test_a_signatory_must_represent_a_member(net, client_for):
    client = client_for(net.coordinator)
    data = {"action": "signatory", "organisation": net.outsider.pk, "name": "X", "function": "Maire"}
    assert client.post(url(net, "agreement"), data).status_code == 200  # not a choice: a form error
    assert not FrameworkAgreement.objects.filter(signatories__isnull=False).exists()
    data["organisation"] = net.partner.pk
    assert client.post(url(net, "agreement"), data).status_code == 302
    page = html.unescape(client.get(url(net, "agreement")).content.decode())
    assert "Maire" in page and net.partner.name in page


def test_a_member_hr_records_its_own_deliberation_only(net, client_for):
    partner = client_for(net.partner_hr)
    own = f"{url(net, 'agreement')}deliberation/{net.partner.slug}/"
    prefix = f"d{net.partner.pk}"
    response = partner.post(
        own,
        {f"{prefix}-status": "votee", f"{prefix}-decided_on": "2026-02-03", f"{prefix}-reference": "CA-12"},
    )
    assert response.status_code == 302
    deliberation = Deliberation.objects.get(network=net.network, organisation=net.partner)
    assert (deliberation.status, deliberation.reference) == ("votee", "CA-12")
    # never another member's, nor the coordinator for a member
    other = f"{url(net, 'agreement')}deliberation/{net.home.slug}/"
    home_prefix = f"d{net.home.pk}"
    assert partner.post(other, {f"{home_prefix}-status": "refusee"}).status_code == 403
    assert client_for(net.coordinator).post(own, {f"{prefix}-status": "refusee"}).status_code == 403
    assert not Deliberation.objects.filter(organisation=net.home).exists()
    # the outsider does not even find the network
    assert client_for(net.outsider_hr).post(own, {f"{prefix}-status": "refusee"}).status_code == 404
    deliberation.refresh_from_db()
    assert deliberation.status == "votee"


@pytest.mark.parametrize(
    "data",
    [
        {"status": "votee", "decided_on": ""},  # a vote has its date
        {"status": "peut-etre", "decided_on": "2026-02-03"},  # not a status
        {"status": "refusee", "decided_on": "pas une date"},
    ],
)
def test_a_bad_deliberation_writes_nothing(net, client_for, data):
    prefix = f"d{net.partner.pk}"
    response = client_for(net.partner_hr).post(
        f"{url(net, 'agreement')}deliberation/{net.partner.slug}/",
        {f"{prefix}-{key}": value for key, value in data.items()},
        follow=True,
    )
    assert response.status_code == 200
    assert "Rien n'a été enregistré" in html.unescape(response.content.decode())
    assert not Deliberation.objects.exists()


def test_each_member_shows_its_deliberation_state(net, client_for):
    Deliberation.objects.create(
        network=net.network, organisation=net.partner, status="refusee", decided_on=datetime.date(2026, 2, 1)
    )
    page = client_for(net.coordinator).get(url(net, "agreement")).content.decode()
    assert "Refusée" in page and "À venir" in page  # the partner refused; home has recorded nothing yet


# --- coordination: curated missions, open needs, rare skills --------------------------------------------


def network_mission(cast, organisation=None, **extra):
    organisation = organisation or cast.home
    lead = cast.agents[Role.HOST] if organisation == cast.home else make_agent(organisation, "Léa", "Porte")
    unit = lead.unit or organisation.units.first()
    if unit is None:
        from passerelles.organisations.models import OrgUnit

        unit = OrgUnit.objects.create(organisation=organisation, name="Direction du CCAS")
    values = {"visibility": Visibility.NETWORK, "status": MissionStatus.PUBLISHED, "title": "Atelier réseau"}
    values.update(extra)
    return make_mission(organisation, unit, lead, **values)


@pytest.mark.parametrize(
    ("who", "status"),
    [("coordinator", 200), (Role.HR, 403), ("partner_hr", 403), (Role.AGENT, 403), ("outsider_hr", 404)],
)
def test_only_the_lead_coordinator_opens_the_coordination_page(net, client_for, who, status):
    user = person(net, who)
    assert client_for(user).get(url(net, "coordination")).status_code == status


def test_a_coordinator_of_another_member_is_not_the_network_coordinator(net, client_for):
    other = make_agent(net.partner, "Coline", "Coordonne")
    grant(other, net.partner, Role.NETWORK_COORDINATOR)
    assert client_for(other.user).get(url(net, "coordination")).status_code == 403
    assert client_for(other.user).get(url(net, "agreement")).status_code == 200  # reads, never edits
    assert save_agreement(client_for(other.user), net).status_code == 403


def test_the_coordinator_curates_without_changing_the_members_mission(net, client_for):
    mission = network_mission(net, net.partner, title="Accueil des familles")
    before = Mission.objects.filter(pk=mission.pk).values().get()
    client = client_for(net.coordinator)
    curate = f"/reseaux/{net.network.slug}/coordination/missions/{mission.pk}/"
    assert client.post(curate, {"kind": "featured", "note": "Idéal pour démarrer"}).status_code == 302
    page = client.get(url(net, "coordination")).content.decode()
    assert "Accueil des familles" in page and "Idéal pour démarrer" in page
    assert Mission.objects.filter(pk=mission.pk).values().get() == before
    # set aside needs its note; nothing changes without it
    assert client.post(curate, {"kind": "set_aside", "note": " "}, follow=True).status_code == 200
    assert MissionCuration.objects.get(mission=mission).kind == "featured"
    assert client.post(curate, {"kind": "set_aside", "note": "Besoin permanent"}).status_code == 302
    assert MissionCuration.objects.get(mission=mission).kind == "set_aside"
    assert client.post(curate, {"kind": ""}).status_code == 302  # cleared
    assert not MissionCuration.objects.exists()
    assert client.post(curate, {"kind": "supprimer"}, follow=True).status_code == 200
    assert not MissionCuration.objects.exists()


def test_curation_only_of_missions_shared_with_the_network_and_only_by_the_coordinator(net, client_for):
    private = network_mission(net, visibility=Visibility.ORGANISATION, title="Interne")
    shared = network_mission(net)
    client = client_for(net.coordinator)
    base = f"/reseaux/{net.network.slug}/coordination/missions"
    assert client.post(f"{base}/{private.pk}/", {"kind": "featured"}).status_code == 404
    assert client.post(f"{base}/{net.outsider_mission.pk}/", {"kind": "featured"}).status_code == 404
    assert (
        client_for(net.users[Role.HR]).post(f"{base}/{shared.pk}/", {"kind": "featured"}).status_code == 403
    )
    assert client.get(f"{base}/{shared.pk}/").status_code == 405  # POST only
    assert not MissionCuration.objects.exists()


def test_open_needs_count_the_members_open_network_missions_by_purpose(net, client_for):
    network_mission(net, purpose="appui_projet")
    network_mission(net, purpose="appui_projet", title="Deuxième")
    network_mission(net, net.partner, purpose="renfort_ponctuel")
    network_mission(net, visibility=Visibility.ORGANISATION, title="Pas partagée")
    page = client_for(net.coordinator).get(url(net, "coordination")).content.decode()
    assert "2 missions ouvertes" in page  # home: two shared, the organisation-only one is not a network need
    assert "1 mission ouverte" in page
    assert "Renfort ponctuel" in page and "Appui à un projet" in page
    assert MARKER not in page


def skill(agent, label, visibility):
    profile, _created = Profile.objects.get_or_create(agent=agent, defaults={"visibility": visibility})
    return ProfileTag.objects.create(profile=profile, kind="skill", label=label, key=label.lower())


def test_rare_skills_count_only_profiles_opened_to_the_network(net, client_for):
    opened = make_agent(net.partner, "Ana", "Soudeuse")
    closed = make_agent(net.partner, "Bob", "Discret")
    skill(opened, "Soudure", ProfileVisibility.NETWORK)
    skill(closed, "Soudure", ProfileVisibility.HR)  # HR of its own organisation only: never counted
    skill(closed, "Vannerie", ProfileVisibility.HR)
    nobody = make_agent(net.home, "Cid", "Personne")
    skill(nobody, "Calligraphie", ProfileVisibility.NOBODY)
    page = client_for(net.coordinator).get(url(net, "coordination")).content.decode()
    assert "Soudure" in page and "1 agent" in page
    assert "2 agents" not in page
    assert "Vannerie" not in page and "Calligraphie" not in page
    assert MARKER not in page  # the outsider's skill, opened to its own network, never shows here
    # the coordinator is not an HR coordinator of the partner's network: counts, no names
    assert "Soudeuse" not in page


def test_names_only_where_the_profile_is_open_to_the_reader(net, client_for):
    opened = make_agent(net.partner, "Ana", "Soudeuse")
    skill(opened, "Soudure", ProfileVisibility.NETWORK)
    hidden = make_agent(net.partner, "Bob", "Discret")
    skill(hidden, "Soudure", ProfileVisibility.HR)
    # the coordinator is also an HR coordinator at home: the partner's network profiles open to them
    grant(net.coordinator, net.home, Role.HR)
    page = client_for(net.coordinator).get(url(net, "coordination")).content.decode()
    assert "Ana Soudeuse" in page
    assert "Discret" not in page


# --- shared schemes -------------------------------------------------------------------------------------


def adopt(client, cast, **extra):
    data = {
        "name": "Mission d'appui temporaire inter-collectivités",
        "description": "Sur le modèle de la MATP",
        "max_percent": "40",
        "max_months": "12",
        "adopted_on": "2026-02-01",
    }
    data.update(extra)
    return client.post(url(cast, "schemes"), data)


def take_up(client, scheme, organisation, **values):
    prefix = f"s{scheme.pk}-{organisation.pk}"
    data = {"max_percent": "30", "max_months": "12", "decided_on": "2026-03-01", "reference": "CM-1"}
    data.update(values)
    return client.post(
        f"/reseaux/dispositifs/{scheme.pk}/adhesion/{organisation.slug}/",
        {f"{prefix}-{key}": value for key, value in data.items()},
        follow=True,
    )


def test_the_coordinator_adopts_a_scheme_and_members_take_it_up_within_its_limits(net, client_for):
    assert adopt(client_for(net.coordinator), net).status_code == 302
    scheme = SharedScheme.objects.get()
    assert (scheme.max_percent, scheme.max_months) == (40, 12)
    assert take_up(client_for(net.partner_hr), scheme, net.partner).status_code == 200
    assert SchemeTakeUp.objects.get(organisation=net.partner).max_percent == 30
    # wider than the network: refused, in French, nothing written
    response = take_up(client_for(net.users[Role.HR]), scheme, net.home, max_percent="50")
    assert "dépasse celle du réseau" in response.content.decode()
    assert not SchemeTakeUp.objects.filter(organisation=net.home).exists()
    # one member never takes it up for another
    assert take_up(client_for(net.partner_hr), scheme, net.home).status_code == 403
    assert not SchemeTakeUp.objects.filter(organisation=net.home).exists()
    page = client_for(net.users[Role.HR]).get(url(net, "schemes")).content.decode()
    assert "Pas encore appliqué par ce membre" in page and "Appliqué : 30 %" in page


@pytest.mark.parametrize(
    "bad",
    [
        {"max_percent": "150"},
        {"max_months": "48"},
        {"name": ""},
        {"adopted_on": "hier"},
        {"max_percent": "x"},
    ],
)
def test_a_bad_scheme_is_refused_and_nothing_is_written(net, client_for, bad):
    response = adopt(client_for(net.coordinator), net, **bad)
    assert response.status_code == 200
    assert "erreurs" in response.content.decode()
    assert not SharedScheme.objects.exists()


def test_members_hr_do_not_adopt_schemes_and_outsiders_find_nothing(net, client_for):
    assert adopt(client_for(net.users[Role.HR]), net).status_code == 403
    assert adopt(client_for(net.outsider_hr), net).status_code == 404
    assert not SharedScheme.objects.exists()
    adopt(client_for(net.coordinator), net)
    scheme = SharedScheme.objects.get()
    assert take_up(client_for(net.outsider_hr), scheme, net.outsider).status_code == 404
    assert client_for(net.outsider_hr).get(url(net, "schemes")).status_code == 404
    assert not SchemeTakeUp.objects.exists()


def test_a_member_whose_assembly_refused_the_convention_cadre_is_shown_so_without_a_take_up_form(
    net, client_for
):
    from passerelles.networks.models import Deliberation, DeliberationStatus

    adopt(client_for(net.coordinator), net)
    scheme = SharedScheme.objects.get()
    Deliberation.objects.create(
        network=net.network,
        organisation=net.partner,
        status=DeliberationStatus.REFUSED,
        decided_on=datetime.date(2026, 2, 9),
    )
    page = client_for(net.partner_hr).get(url(net, "schemes")).content.decode()
    assert "Son assemblée a refusé la convention-cadre" in page
    assert f"s{scheme.pk}-{net.partner.pk}-max_percent" not in page  # no form to apply it
    response = take_up(client_for(net.partner_hr), scheme, net.partner)  # posted all the same: refused
    assert "a refusé la convention-cadre" in response.content.decode()
    assert not SchemeTakeUp.objects.exists()
