"""A partner association's host account, created in the web interface by its partner organisation's
administrator or HR: the association (attached to the partner) and its contact person, invited with the host
and signatory roles of the association — who then sees only the engagements it is asked to sign."""

import pytest
from django.conf import settings

from passerelles.access.models import Role, RoleMembership
from passerelles.documents.models import EngagementDocument
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Party
from passerelles.invitations.associations import AssociationRefused, create_partner_association
from passerelles.invitations.models import Invitation
from passerelles.missions.models import MissionStatus
from passerelles.organisations.models import Organisation, OrgUnit
from tests.cast import choose_framework, enrol, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db

URL = "/organisations/ville-alpha/associations/"
GOOD = {
    "name": "Les Amis du Livre",
    "kind": "association",
    "article": "",
    "siret": "",
    "contact_email": "presidence@amis-du-livre.test",
    "contact_first_name": "Agnès",
    "contact_last_name": "Livre",
}


def associations_of(organisation):
    return Organisation.objects.filter(attached_to=organisation, kind__in=["association", "fondation"])


def test_the_service_creates_the_association_and_invites_its_contact(cast):
    association = create_partner_association(
        cast.home,
        by=cast.users[Role.HR],
        name="  Fondation   du Patrimoine  ",
        kind="fondation",
        article="la",
        siret="732 829 320 00074",
        contact_email="Contact@Fondation.test",
    )
    assert (association.name, association.kind, association.attached_to) == (
        "Fondation du Patrimoine",
        "fondation",
        cast.home,
    )
    assert association.siret == "73282932000074" and association.designation == "la Fondation du Patrimoine"
    roles = set(RoleMembership.objects.filter(organisation=association).values_list("user__email", "role"))
    assert roles == {("contact@fondation.test", Role.HOST), ("contact@fondation.test", Role.SIGNATORY)}
    assert Invitation.objects.filter(organisation=association, email="contact@fondation.test").exists()
    assert not association.networks.exists()  # outside the network: it sees nothing of it


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "   "}, "Le nom de l'association est obligatoire"),
        ({"name": "x" * 201}, "200 caractères au plus"),
        ({"kind": "commune"}, "Choisissez « Association » ou « Fondation »"),
        ({"siret": "12345678901234"}, "clé de contrôle"),
        ({"siret": "1234"}, "14 chiffres"),
        ({"contact_email": "pas-une-adresse"}, "n'est pas une adresse e-mail valable"),
        ({"article": "du"}, "Article inconnu"),
        ({"name": "les amis du livre"}, "fait déjà partie de vos associations partenaires"),
        ({"siret": "73282932000074"}, "déjà enregistré dans Passerelles"),
    ],
)
def test_bad_input_is_refused_in_french_and_creates_nothing(cast, changes, message):
    Organisation.objects.create(name="Département", slug="dep", kind="departement", siret="73282932000074")
    create_partner_association(cast.home, by=cast.users[Role.ADMIN], **GOOD)
    before = (Organisation.objects.count(), RoleMembership.objects.count(), Invitation.objects.count())
    with pytest.raises(AssociationRefused, match=message):
        create_partner_association(
            cast.home, by=cast.users[Role.ADMIN], **{**GOOD, "contact_email": "autre@x.test", **changes}
        )
    assert (
        Organisation.objects.count(),
        RoleMembership.objects.count(),
        Invitation.objects.count(),
    ) == before


@pytest.mark.parametrize(
    "role", [Role.AGENT, Role.MANAGER, Role.HOST, Role.SIGNATORY, Role.NETWORK_COORDINATOR]
)
def test_only_the_partners_administrator_and_hr_create_one(cast, role):
    with pytest.raises(AssociationRefused, match="Seuls l'administration et la RH"):
        create_partner_association(cast.home, by=cast.users[role], **GOOD)
    assert not associations_of(cast.home).exists()


def test_an_association_creates_no_association(cast):
    association = create_partner_association(cast.home, by=cast.users[Role.HR], **GOOD)
    from tests.cast import grant

    grant(cast.users[Role.HR], association, Role.ADMIN)
    admin = type(cast.users[Role.HR]).objects.get(pk=cast.users[Role.HR].pk)  # a fresh actor, with the role
    with pytest.raises(AssociationRefused, match="ne crée pas d'autres associations"):
        create_partner_association(association, by=admin, **{**GOOD, "name": "Autre"})


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN, 200),
        (Role.HR, 200),
        (Role.AGENT, 403),
        (Role.MANAGER, 403),
        (Role.HOST, 403),
        (Role.SIGNATORY, 403),
        (Role.NETWORK_COORDINATOR, 403),
    ],
)
def test_the_page_is_the_partners_administrator_and_hr(cast, client_for, role, status):
    assert client_for(cast.users[role]).get(URL).status_code == status
    assert client_for(cast.users[role]).post(URL, GOOD).status_code in ({200: 302}.get(status, 403),)


def test_the_outsider_never_reaches_another_organisations_page(cast, client_for):
    outsider_hr = cast.outsider_membership.user
    assert client_for(outsider_hr).get(URL).status_code == 404
    assert client_for(outsider_hr).post(URL, GOOD).status_code == 404
    assert not associations_of(cast.home).exists()


def test_hr_creates_one_on_the_page_and_reads_the_list(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    response = hr.post(URL, GOOD, follow=True)
    page = response.content.decode()
    assert "« Les Amis du Livre » est créée" in page and "presidence@amis-du-livre.test" in page
    assert 'data-association="les-amis-du-livre"' in page and "Invitation envoyée" in page
    response = hr.post(URL, {**GOOD, "contact_email": "x@y.test"})
    assert response.status_code == 200
    assert "fait déjà partie de vos associations partenaires" in response.content.decode()
    response = hr.post(URL, {**GOOD, "name": ""})
    assert response.status_code == 200 and associations_of(cast.home).count() == 1
    detail = hr.get("/organisations/ville-alpha/").content.decode()
    assert URL in detail  # reached from the organisation's page


def test_a_long_list_is_paginated(cast, client_for):
    for i in range(settings.PAGE_SIZE + 1):
        Organisation.objects.create(
            name=f"Association {i:03d}", slug=f"asso-{i}", kind="association", attached_to=cast.home
        )
    hr = client_for(cast.users[Role.HR])
    first = hr.get(URL).content.decode()
    assert "Association 000" in first and f"Association {settings.PAGE_SIZE:03d}" not in first
    second = hr.get(URL + "?page=2").content.decode()
    assert f"Association {settings.PAGE_SIZE:03d}" in second


def test_the_associations_contact_sees_only_the_engagements_it_signs(cast, client_for):
    association = create_partner_association(cast.home, by=cast.users[Role.HR], **GOOD)
    contact = RoleMembership.objects.filter(organisation=association).first().user
    enrol(contact)  # a signatory signs in with two factors
    lead = cast.agents[Role.HOST]
    unit = OrgUnit.objects.create(organisation=association, name="Bureau")
    hosted = make_mission(association, unit, lead, status=MissionStatus.PUBLISHED, title="Lire ensemble")
    signed = make_engagement(cast.agents["agent"], hosted, State.AGREEMENTS, agreement_round=1)
    choose_framework(signed, cast.users[Role.HR], code="mecenat_competences", host_general_interest=True)
    elsewhere = make_engagement(
        make_agent(cast.home, "Jean", "Ailleurs"),
        make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED),
        State.AGREEMENTS,
        agreement_round=1,
    )
    document = EngagementDocument.objects.create(
        engagement=elsewhere, kind="pacte", version=1, context={}, sha256="0", pdf="x.pdf"
    )
    client = client_for(contact)
    page = client.get(f"/engagements/{signed.pk}/")
    assert page.status_code == 200
    assert 'data-answer-for="host_signatory"' in page.content.decode()  # it signs for the association
    assert client.get(f"/engagements/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/documents/{document.pk}/fichier.pdf").status_code == 404
    client.post(f"/engagements/{signed.pk}/accord/", {"party": "host_signatory", "decision": "agreed"})
    assert signed.agreements.get(party=Party.HOST_SIGNATORY).decided_by == contact
    assert not signed.agreements.filter(party=Party.HOST_HR).exists()  # an association has no HR of its own
