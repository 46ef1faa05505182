"""The electronic parapheur (issue 20): the bundle (PDF + metadata.json + metadata.xml) and the signed PDF
brought back, which becomes the accepted version — or is refused with a French reason, nothing changed."""

import hashlib
import io
import json
import zipfile
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from passerelles.access.models import Role
from passerelles.documents.acceptances import accept
from passerelles.documents.models import AcceptanceWay, DocumentAcceptance, EngagementDocument
from passerelles.documents.services import accepting_parties, generate, is_fully_accepted
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import EngagementEvent
from passerelles.missions.models import MissionStatus
from tests.cast import choose_framework, make_engagement, make_mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.AGREEMENTS, agreement_round=1)
    choose_framework(engagement, cast.users[Role.HR], code="mission_appui_projet")
    return engagement


@pytest.fixture
def pact(cast, engagement):
    return generate(
        engagement=engagement, kind="pacte", by=cast.users[Role.HR], details={"intention": "Essai"}
    )


def signed_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Pacte signé"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(client, document, data: bytes, name="pacte-signe.pdf"):
    return client.post(
        f"/documents/{document.pk}/pdf-signe/",
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def read(field) -> bytes:
    with field.open("rb") as file:
        return file.read()


def test_the_bundle_holds_the_pdf_and_metadata_whose_hash_matches(cast, pact, client_for):
    response = client_for(cast.users[Role.HR]).get(f"/documents/{pact.pk}/parapheur.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["metadata.json", "metadata.xml", "pacte-v1.pdf"]
    pdf = archive.read("pacte-v1.pdf")
    assert pdf == read(pact.pdf)
    meta = json.loads(archive.read("metadata.json"))
    assert meta["document"]["sha256"] == hashlib.sha256(pdf).hexdigest() == pact.sha256
    assert meta["document"]["type"] == "pacte" and meta["document"]["fichier"] == "pacte-v1.pdf"
    assert meta["organisation"]["nom"] == cast.home.name
    assert meta["engagement"]["reference"] == f"PASSERELLES-ENG-{pact.engagement_id}"
    parties = accepting_parties(pact)
    assert [s["partie"] for s in meta["signataires"]] == parties
    assert [s["ordre"] for s in meta["signataires"]] == list(range(1, len(parties) + 1))
    assert meta["signataires"][0]["noms"] == [cast.agents["agent"].full_name]
    xml = ElementTree.fromstring(archive.read("metadata.xml"))
    assert xml.findtext("document/sha256") == pact.sha256
    assert xml.findtext("engagement/reference") == meta["engagement"]["reference"]
    assert [e.findtext("partie") for e in xml.findall("signataires/signataire")] == parties


def test_the_bundle_is_for_those_who_may_read_the_document(cast, pact, client_for):
    assert client_for(cast.agents["agent"].user).get(f"/documents/{pact.pk}/parapheur.zip").status_code == 200
    outsider = client_for(cast.outsider_agent.user)
    assert outsider.get(f"/documents/{pact.pk}/parapheur.zip").status_code == 404
    assert client_for(None).get(f"/documents/{pact.pk}/parapheur.zip").status_code == 302  # to the login


def test_a_signed_pdf_becomes_the_accepted_version(cast, engagement, pact, client_for):
    agent = cast.agents["agent"].user
    accept(document=pact, party="agent", by=agent)  # the agent accepted in Passerelles before the parapheur
    hr = client_for(cast.users[Role.HR])
    page = hr.get(f"/engagements/{engagement.pk}/").content.decode()
    assert f"/documents/{pact.pk}/pdf-signe/" in page and f"/documents/{pact.pk}/parapheur.zip" in page
    assert hr.get(f"/documents/{pact.pk}/pdf-signe/").status_code == 200
    data = signed_pdf()
    response = upload(hr, pact, data)
    assert response.status_code == 302 and response["Location"] == f"/engagements/{engagement.pk}/"
    pact.refresh_from_db()
    assert read(pact.signed_pdf) == data
    assert pact.signed_sha256 == hashlib.sha256(data).hexdigest()
    assert pact.signed_recorded_by == cast.users[Role.HR] and pact.signed_recorded_at is not None
    assert pact.signed_digitally is False  # a plain PDF: no signature field
    assert is_fully_accepted(pact)
    ways = dict(DocumentAcceptance.objects.filter(document=pact).values_list("party", "way"))
    assert ways.pop("agent") == AcceptanceWay.PLATFORM  # what was accepted in Passerelles stays so
    assert ways and set(ways.values()) == {AcceptanceWay.PARAPHEUR}
    assert set(ways) | {"agent"} == set(accepting_parties(pact))
    assert EngagementEvent.objects.filter(engagement=engagement, action="document_signed").exists()
    # The accepted version is the signed PDF, served by the checked view only.
    accepted = hr.get(f"/documents/{pact.pk}/version-acceptee.pdf")
    assert accepted.status_code == 200 and accepted.content == data
    assert (
        client_for(cast.outsider_agent.user).get(f"/documents/{pact.pk}/version-acceptee.pdf").status_code
        == 404
    )
    # Nothing more awaits a signature: no bundle, no second upload.
    assert hr.get(f"/documents/{pact.pk}/parapheur.zip").status_code == 404
    again = upload(hr, pact, signed_pdf(2))
    assert again.status_code == 302
    pact.refresh_from_db()
    assert read(pact.signed_pdf) == data
    page = hr.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "signé au parapheur électronique" in page


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Bonjour, ceci n'est pas un PDF", "Ce fichier n&#x27;est pas un PDF"),
        (b"%PDF-1.7\n" + b"\x00garbage" * 100, "illisible ou endommagé"),
        (b"", "fichier soumis est vide"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_changes(cast, pact, client_for, data, reason):
    response = upload(client_for(cast.users[Role.HR]), pact, data)
    assert response.status_code == 200
    assert reason in response.content.decode()
    pact.refresh_from_db()
    assert not pact.signed_pdf and not pact.acceptances.exists()


def test_a_pdf_too_big_is_refused(cast, pact, client_for, settings):
    settings.SIGNED_PDF_MAX_BYTES = 1024 * 1024
    data = signed_pdf() + b"%" + b"x" * (1024 * 1024)  # a comment after %%EOF: still a PDF, too big
    response = upload(client_for(cast.users[Role.HR]), pact, data)
    assert response.status_code == 200
    assert "ne doit pas dépasser 1 Mo" in response.content.decode()
    pact.refresh_from_db()
    assert not pact.signed_pdf


def test_an_encrypted_pdf_is_refused(cast, pact, client_for):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    response = upload(client_for(cast.users[Role.HR]), pact, out.getvalue())
    assert "protégé par un mot de passe" in response.content.decode()
    pact.refresh_from_db()
    assert not pact.signed_pdf


def test_only_hr_or_the_signatory_bring_back_a_signed_pdf(cast, pact, client_for):
    for user in (cast.agents["agent"].user, cast.users[Role.MANAGER], cast.users[Role.HOST]):
        client = client_for(user)
        assert client.get(f"/documents/{pact.pk}/pdf-signe/").status_code == 403
        assert upload(client, pact, signed_pdf()).status_code == 403
    assert upload(client_for(cast.outsider_agent.user), pact, signed_pdf()).status_code == 404
    pact.refresh_from_db()
    assert not pact.signed_pdf and not pact.acceptances.exists()
    assert upload(client_for(cast.users[Role.SIGNATORY]), pact, signed_pdf()).status_code == 302


def test_a_superseded_version_takes_no_signed_pdf(cast, engagement, pact, client_for):
    newer = generate(
        engagement=engagement, kind="pacte", by=cast.users[Role.HR], details={"intention": "Autre"}
    )
    hr = client_for(cast.users[Role.HR])
    assert hr.get(f"/documents/{pact.pk}/parapheur.zip").status_code == 404
    assert upload(hr, pact, signed_pdf()).status_code == 302  # back to the engagement, nothing recorded
    assert not EngagementDocument.objects.get(pk=pact.pk).signed_pdf
    assert hr.get(f"/documents/{newer.pk}/parapheur.zip").status_code == 200
