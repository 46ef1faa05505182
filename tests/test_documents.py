"""Documents from models (DOCX, ODT, PDF read back), organisation models, versions, acceptances, the bundle."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from odfdo import Document

from passerelles.access.models import Role
from passerelles.documents import rendering
from passerelles.documents.acceptances import accept
from passerelles.documents.models import DocumentAcceptance, DocumentTemplate
from passerelles.documents.records import bundle
from passerelles.documents.services import generate, missing_acceptances, required_kinds
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.missions.models import MissionStatus
from tests.cast import choose_framework, make_engagement, make_mission

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[1] / "var" / "test-artifacts"


@pytest.fixture
def engagement(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home,
        lead.unit,
        lead,
        status=MissionStatus.PUBLISHED,
        title="Ateliers numériques",
        time_share_percent=20,
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.AGREEMENTS, agreement_round=1)
    choose_framework(engagement, cast.users[Role.HR], code="mission_appui_projet")
    return engagement


def read(field) -> bytes:
    with field.open("rb") as file:
        return file.read()


def pdf_text(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def test_the_pact_in_three_formats_says_who_when_how_much_and_under_which_law(cast, engagement):
    document = generate(
        engagement=engagement,
        kind="pacte",
        by=cast.users[Role.HR],
        details={"intention": "Ouvrir la médiathèque aux seniors", "conditions_retour": "Retour le lundi"},
    )
    start, end = f"{engagement.start_date:%d/%m/%Y}", f"{engagement.end_date:%d/%m/%Y}"
    expected = ["Paul Agent", start, end, "20 %", "CGFP art. L512-23", "Ouvrir la médiathèque aux seniors"]
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(read(document.docx))).paragraphs)
    odt = Document(io.BytesIO(read(document.odt))).body.text_recursive
    pdf_bytes = read(document.pdf)
    pdf = " ".join(pdf_text(pdf_bytes)).replace("\r\n", " ").replace("\n", " ")
    for text in expected:
        assert text in word and text in odt, text
        assert text in pdf, text
    assert document.sha256 == hashlib.sha256(pdf_bytes).hexdigest()
    assert "DOCUMENT EN TEST" not in pdf
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdfium.PdfDocument(pdf_bytes)[0].render(scale=1.5).to_pil().save(ARTIFACTS / "pacte-page-1.png")
    assert (ARTIFACTS / "pacte-page-1.png").stat().st_size > 10_000


def test_a_test_programme_marks_every_page():
    blocks = [("title", "Pacte")] + [("paragraph", "Une ligne de texte assez longue. " * 8)] * 40
    pages = pdf_text(rendering.pdf_from_blocks(blocks, title="Pacte", test=True))
    assert len(pages) >= 2 and all("DOCUMENT EN TEST" in page for page in pages)
    assert docx.Document(io.BytesIO(rendering.docx_from_blocks(blocks, test=True))).sections[
        0
    ].header.paragraphs[0].text == ("DOCUMENT EN TEST")
    assert (
        rendering.blocks_of("odt", rendering.odt_from_blocks(blocks, test=True))[0][1] == "DOCUMENT EN TEST"
    )


@pytest.mark.parametrize(
    "model, message",
    [
        (rendering.default_docx([("paragraph", "{{ inconnu }}")]), "champ inconnu : « inconnu »"),
        (rendering.default_docx([("paragraph", "{{ agent_nom_complet ")]), "erreur de syntaxe"),
        (rendering.odt_from_blocks([("paragraph", "{{ salaire }}")]), "champ inconnu : « salaire »"),
        (b"ceci n'est pas un document", "ni un document Word"),
    ],
)
def test_a_bad_model_gets_a_clear_message(model, message):
    with pytest.raises(rendering.TemplateError, match=message):
        rendering.fill(model, {"agent_nom_complet": "x"})


def test_an_organisation_model_shapes_all_three_files_and_a_bad_one_is_refused(cast, client_for, engagement):
    admin = client_for(cast.users[Role.ADMIN])
    page = admin.get("/organisations/ville-alpha/modeles/").content.decode()
    assert "agent_nom_complet" in page
    default = admin.get("/organisations/ville-alpha/modeles/pacte.docx")
    assert rendering.detect_format(default.content) == "docx"
    own = rendering.odt_from_blocks(
        [("title", "Pacte de la Ville d'Alpha"), ("paragraph", "Nous accueillons {{ agent_nom_complet }}.")]
    )
    response = admin.post(
        "/organisations/ville-alpha/modeles/",
        {"kind": "pacte", "file": SimpleUploadedFile("pacte.odt", own)},
    )
    assert response.status_code == 302
    bad = admin.post(
        "/organisations/ville-alpha/modeles/",
        {
            "kind": "pacte",
            "file": SimpleUploadedFile("pacte.docx", rendering.default_docx([("paragraph", "{{ x }}")])),
        },
    )
    assert "champ inconnu" in bad.content.decode() and DocumentTemplate.objects.count() == 1
    document = generate(engagement=engagement, kind="pacte", by=cast.users[Role.HR])
    assert document.template.version == 1
    assert "Nous accueillons Paul Agent." in "\n".join(
        p.text for p in docx.Document(io.BytesIO(read(document.docx))).paragraphs
    )
    assert "Nous accueillons Paul Agent." in " ".join(pdf_text(read(document.pdf)))
    assert client_for(cast.users[Role.AGENT]).get("/organisations/ville-alpha/modeles/").status_code == 403


def test_a_new_version_needs_new_acceptances_and_ready_waits_for_them(cast, engagement):
    from passerelles.engagements.models import Agreement, Decision

    Agreement.objects.filter(engagement=engagement).update(decision=Decision.AGREED)
    hr, agent, manager, host, signatory = (
        cast.users[r] for r in (Role.HR, Role.AGENT, Role.MANAGER, Role.HOST, Role.SIGNATORY)
    )
    first = generate(engagement=engagement, kind="pacte", by=hr, details={"intention": "Première"})
    accept(document=first, party="agent", by=agent)
    second = generate(engagement=engagement, kind="pacte", by=hr)  # a change: a new version
    assert second.version == 2 and second.context["intention"] == "Première"  # what HR wrote is kept
    with pytest.raises(TransitionRefused, match="remplacé"):
        accept(document=first, party="manager", by=manager)
    assert DocumentAcceptance.objects.filter(document=first).count() == 1  # the old acceptance stays with it
    with pytest.raises(TransitionRefused, match="ne vous revient pas"):
        accept(document=second, party="manager", by=host)
    accept(document=second, party="agent", by=agent)
    with pytest.raises(TransitionRefused, match="déjà accepté"):
        accept(document=second, party="agent", by=agent)
    accept(document=second, party="manager", by=manager)
    assert missing_acceptances(engagement) == [
        "Pacte de micro-mobilité à accepter par l'accueil",
        "Lettre de mission / fiche de mission à établir",  # the MATP's fiche de mission, before ready
    ]
    engagement.refresh_from_db()
    assert engagement.state == State.AGREEMENTS
    accept(document=second, party="host", by=host)
    engagement.refresh_from_db()
    assert engagement.state == State.AGREEMENTS  # the pact is accepted, the fiche de mission is not
    fiche = generate(engagement=engagement, kind="lettre_mission", by=hr)
    assert fiche.context["titre_document"] == "Fiche de mission"
    assert missing_acceptances(engagement) == [
        "Lettre de mission / fiche de mission à accepter par l'agent, le ou la signataire"
    ]
    accept(document=fiche, party="agent", by=agent)
    with pytest.raises(TransitionRefused, match="ne vous revient pas"):
        accept(document=fiche, party="signatory", by=hr)  # the DGS signs it, not HR
    accept(document=fiche, party="signatory", by=signatory)
    engagement.refresh_from_db()
    assert engagement.state == State.READY


def test_a_convention_is_required_with_a_mise_a_disposition(cast):
    from tests.cast import make_agent

    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    lea = make_agent(cast.partner, "Léa", "Partenaire")
    across = make_engagement(lea, mission, State.AGREEMENTS, agreement_round=1)
    choose_framework(across, cast.users[Role.HR], code="mise_a_disposition", agent_status="titulaire")
    assert required_kinds(across) == ["pacte", "convention_mad", "arrete_mad"]
    assert "Convention de mise à disposition à établir" in missing_acceptances(across)


def test_the_bundle_holds_the_pdf_and_who_accepted_it(cast, engagement):
    document = generate(
        engagement=engagement, kind="pacte", by=cast.users[Role.HR], details={"intention": "x"}
    )
    accept(document=document, party="agent", by=cast.users[Role.AGENT])
    with zipfile.ZipFile(io.BytesIO(bundle(document))) as archive:
        record = json.loads(archive.read("acceptations.json"))
        pdf = archive.read("pacte-v1.pdf")
        assert "Paul Agent" in archive.read("acceptations.txt").decode()
    assert hashlib.sha256(pdf).hexdigest() == record["sha256_pdf"] == record["acceptations"][0]["sha256"]


def test_hr_writes_the_pact_in_the_page_and_the_parties_accept_on_the_engagement(
    cast, client_for, engagement
):
    hr = client_for(cast.users[Role.HR])
    url = f"/engagements/{engagement.pk}/documents/"
    page = hr.get(url).content.decode()
    assert 'data-document-kind="pacte"' in page and 'data-document-kind="lettre_mission"' in page
    empty = hr.post(url, {"kind": "pacte", "intention": ""}).content.decode()
    assert "Ce champ est obligatoire" in empty and not engagement.documents.exists()
    details = {
        "kind": "pacte",
        "intention": "Ouvrir la médiathèque",
        "attentes_agent": "Apprendre",
        "attentes_accueil": "Un coup de main",
        "organisation_equipe": "Le mardi est couvert par Léo",
        "conditions_retour": "Retour le lundi",
    }
    assert hr.post(url, details).status_code == 302
    document = engagement.documents.get()
    agent = client_for(cast.users[Role.AGENT])
    detail = agent.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "J'ai lu et j'accepte : Pacte de micro-mobilité" in detail
    pdf = agent.get(f"/documents/{document.pk}/fichier.pdf")
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    agent.post(f"/documents/{document.pk}/accepter/", {"party": "agent"})
    assert DocumentAcceptance.objects.get().sha256 == document.sha256
    # rewriting an accepted document is confirmed first: everyone will have to accept again
    unconfirmed = hr.post(url, details, follow=True).content.decode()
    assert "cochez la case" in unconfirmed and engagement.documents.count() == 1
    assert hr.post(url, {**details, "confirme": "1"}).status_code == 302 and engagement.documents.count() == 2
    assert agent.get(url).status_code == 403  # writing documents is HR's
    document = engagement.documents.get(superseded_at__isnull=True)
    assert (
        client_for(cast.users[Role.MANAGER])
        .post(f"/documents/{document.pk}/accepter/", {"party": "agent"})
        .status_code
        == 302
    )
    assert DocumentAcceptance.objects.count() == 1  # the manager cannot accept for the agent


def test_documents_of_a_mission_in_a_test_programme_say_so_on_every_page(cast, engagement):
    from passerelles.missions.models import Programme

    engagement.mission.programme = Programme.objects.create(
        organisation=cast.home, name="Saison 1", is_test=True, expires_on=engagement.end_date
    )
    engagement.mission.save()
    details = {
        name: "Un texte assez long pour remplir la page. " * 30 for name in ("intention", "attentes_agent")
    }
    document = generate(engagement=engagement, kind="pacte", by=cast.users[Role.HR], details=details)
    pages = pdf_text(read(document.pdf))
    assert document.test_mark and len(pages) >= 2 and all("DOCUMENT EN TEST" in page for page in pages)
    assert (
        docx.Document(io.BytesIO(read(document.docx))).sections[0].header.paragraphs[0].text
        == "DOCUMENT EN TEST"
    )
    assert rendering.blocks_of("odt", read(document.odt))[0] == ("paragraph", "DOCUMENT EN TEST")


def test_hr_declares_a_programme_as_a_test_with_an_end(cast, client_for):
    from passerelles.missions.models import Programme

    hr = client_for(cast.users[Role.HR])
    url = "/organisations/ville-alpha/programmes/nouveau/"
    assert "Aucun programme" in hr.get("/organisations/ville-alpha/programmes/").content.decode()
    no_end = hr.post(url, {"name": "Saison 1", "is_test": "on"}).content.decode()
    assert "Un test a une date de fin" in no_end and not cast.home.programmes.exists()
    assert hr.post(url, {"name": "Saison 1", "is_test": "on", "expires_on": "2027-12-31"}).status_code == 302
    twice = hr.post(url, {"name": "saison 1", "is_test": "on", "expires_on": "2027-12-31"}).content.decode()
    assert "porte déjà ce nom" in twice and cast.home.programmes.count() == 1
    assert client_for(cast.users[Role.AGENT]).get(url).status_code == 403
    from passerelles.missions.forms import MissionForm

    Programme.objects.create(organisation=cast.outsider, name="Ailleurs", is_test=False)
    choices = list(
        MissionForm(organisation=cast.home).fields["programme"].queryset.values_list("name", flat=True)
    )
    assert choices == ["Saison 1"]  # only the organisation's own programmes
