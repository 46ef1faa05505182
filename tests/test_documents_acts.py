"""The acts a legal service would sign, read back from the files: every act the boussole requires, who accepts
each, A4 and French, the letterhead, parties with their articles, visas and signature blocks, tagged PDF/A,
no acceptance wording before acceptance and the record after, the avenant of an extension."""

import io
import zipfile

import docx
import pypdf
import pytest
from django.core.files.base import ContentFile
from odfdo import Document
from PIL import Image

from passerelles.access.models import Role, RoleMembership
from passerelles.documents import content, rendering
from passerelles.documents.acceptances import accept
from passerelles.documents.models import EngagementDocument
from passerelles.documents.records import accepted_version, bundle
from passerelles.documents.services import (
    accepting_parties,
    generate,
    is_outdated,
    kinds_for,
    missing_acceptances,
    required_kinds,
)
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision
from passerelles.frameworks.catalogue import FRAMEWORKS
from passerelles.frameworks.models import EngagementFramework
from passerelles.missions.models import MissionStatus
from tests.cast import make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(field) -> bytes:
    with field.open("rb") as file:
        return file.read()


def pdf_text(data: bytes) -> str:
    """The text of every page, lines joined (a PDF breaks lines where the page does)."""
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def png(colour=(20, 60, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (160, 64), colour).save(out, "PNG")
    return out.getvalue()


def record_framework(engagement, code: str) -> EngagementFramework:
    """The framework as HR confirmed it (recorded directly: this file checks the acts, not the boussole)."""
    entry = next(f for f in FRAMEWORKS if f["code"] == code)
    record = EngagementFramework.objects.update_or_create(
        engagement=engagement,
        defaults={
            "code": code,
            "situation": {},
            "parameters": {},
            "recommendation": {
                "code": code,
                "label": str(entry["label"]),
                "legal_refs": [str(r) for r in entry["legal_refs"]],
                "money": str(entry["money"]),
            },
        },
    )[0]
    engagement.framework = record  # the engagement read afterwards sees this framework, not a cached one
    return record


@pytest.fixture
def across(cast):
    """A partner (the CCAS) agent helping the Ville: two employers, with articles, addresses and a logo."""
    cast.home.article, cast.home.city = "la", "Alpha-les-Bains"
    cast.home.address = "1 place de la Mairie\n99000 Alpha-les-Bains"
    cast.home.save()
    cast.partner.article, cast.partner.city = "le", "Alpha-les-Bains"
    cast.partner.address = "3 rue des Solidarités\n99000 Alpha-les-Bains"
    cast.partner.logo.save("logo.png", ContentFile(png()), save=True)
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )
    lea = make_agent(cast.partner, "Léa", "Partenaire")
    # the home signatory also signs for the CCAS (the agent's employer) in these tests
    RoleMembership.objects.create(
        user=cast.users[Role.SIGNATORY], organisation=cast.partner, role=Role.SIGNATORY
    )
    return make_engagement(lea, mission, State.AGREEMENTS, agreement_round=1)


@pytest.mark.parametrize(
    "code, kinds",
    [(f["code"], f["documents"]) for f in FRAMEWORKS],
    ids=[f["code"] for f in FRAMEWORKS],
)
def test_every_document_the_catalogue_requires_is_written_for_its_framework(cast, across, code, kinds):
    assert set(kinds) <= set(content.KINDS) and set(kinds) <= set(content.DEFAULTS)
    record_framework(across, code)
    assert set(kinds) <= set(kinds_for(across))
    assert set(required_kinds(across)) <= set(kinds_for(across)) and "pacte" in required_kinds(across)
    for kind in kinds:
        document = generate(engagement=across, kind=kind, by=cast.users[Role.HR])
        text = pdf_text(read(document.pdf))
        assert content.title_for(kind, code).split(" (")[0][:30] in text.replace("\n", " "), kind
        assert "Léa Partenaire" in text and "{{" not in text
        if kind != "attestation":
            assert "Nom, date et signature" in text, kind  # a signature block per accepting party


def test_the_required_acts_and_who_accepts_them_per_framework(cast, across):
    record_framework(across, "mise_a_disposition")
    assert required_kinds(across) == ["pacte", "convention_mad", "arrete_mad"]
    convention = generate(engagement=across, kind="convention_mad", by=cast.users[Role.HR])
    arrete = generate(engagement=across, kind="arrete_mad", by=cast.users[Role.HR])
    # the engagement asks no signatory (the CCAS does not) nor the host's HR and authority yet: stand-ins
    asked = ["manager", "host", "hr"]
    assert accepting_parties(convention, asked) == ["hr", "host"]
    assert accepting_parties(convention, [*asked, "signatory", "host_hr", "host_signatory"]) == [
        "hr",
        "signatory",
        "host_hr",
        "host_signatory",
    ]
    assert accepting_parties(arrete, asked) == ["hr"]
    record_framework(across, "mecenat_competences")
    assert required_kinds(across) == ["pacte", "convention_association", "arrete_mecenat"]
    record_framework(across, "mission_appui_projet")
    assert required_kinds(across) == ["pacte", "lettre_mission"]


@pytest.mark.parametrize(
    "parties, asked, expected",
    [
        (["hr", "signatory", "host"], {"hr", "host", "signatory"}, ["hr", "signatory", "host"]),
        (["hr", "signatory", "host"], {"hr", "host"}, ["hr", "host"]),
        (["host_hr", "host_signatory"], {"host", "host_hr"}, ["host_hr"]),
        (["host_hr", "host_signatory"], {"host"}, ["host"]),
        (["agent", "manager", "host"], {"host", "hr"}, ["agent", "host"]),
        (["agent", "signatory"], {"hr", "host"}, ["agent", "hr"]),
    ],
)
def test_a_party_the_engagement_does_not_ask_is_replaced_by_who_speaks_for_it(parties, asked, expected):
    assert content.resolve_parties(parties, asked) == expected


def test_a_convention_reads_as_a_legal_service_writes_it(cast, across):
    record_framework(across, "mise_a_disposition")
    document = generate(
        engagement=across,
        kind="convention_mad",
        by=cast.users[Role.HR],
        details={"remboursement_choix": "exoneration", "remboursement_detail": "CCAS rattaché à la commune"},
    )
    for text in (
        docx_text(read(document.docx)),
        Document(io.BytesIO(read(document.odt))).body.text_recursive,
    ):
        assert "Vu le code général de la fonction publique, notamment ses articles L512-6 à L512-15" in text
        assert "Entre le CCAS d'Alpha, employeur d'origine de l'agent, représenté par" in text
        assert "et la Ville d'Alpha, organisme d'accueil, représentée par" in text
        assert "Article 4 — Rémunération et remboursement" in text
        assert "Exonération de remboursement — motif : CCAS rattaché à la commune" in text
        assert "Fait à Alpha-les-Bains, le" in text
        assert "Pour le CCAS d'Alpha : le ou la responsable des ressources humaines" in text
    pdf = pdf_text(read(document.pdf))
    assert "Entre le CCAS d'Alpha" in pdf and "Exonération de remboursement" in pdf
    assert "peut être de nature" not in pdf  # the catalogue's hedge is not printed: the decision is
    # what HR decided is re-used when the act is written again
    again = generate(engagement=across, kind="convention_mad", by=cast.users[Role.HR])
    assert "CCAS rattaché à la commune" in again.context["remboursement"]
    pact = generate(engagement=across, kind="pacte", by=cast.users[Role.HR])
    assert "CCAS rattaché à la commune" in pdf_text(read(pact.pdf))


def test_files_are_a4_in_french_by_the_organisation_with_its_letterhead(cast, across):
    record_framework(across, "mise_a_disposition")
    document = generate(engagement=across, kind="arrete_mad", by=cast.users[Role.HR])
    word = docx.Document(io.BytesIO(read(document.docx)))
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert 1.5 <= section.left_margin.cm <= 3
    language = word.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert language.get(f"{W}val") == "fr-FR" and word.core_properties.language == "fr-FR"
    assert (
        word.core_properties.author == "CCAS d'Alpha" and "python-docx" not in word.core_properties.comments
    )
    assert word.core_properties.title == "Arrêté de mise à disposition"
    header = word.sections[0].header
    assert [p.text for p in header.paragraphs if p.text] == [
        "CCAS d'Alpha",
        "3 rue des Solidarités",
        "99000 Alpha-les-Bains",
    ]
    assert any(r.reltype.endswith("/image") for r in header.part.rels.values())  # the logo
    odt = read(document.odt)
    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        styles = archive.read("styles.xml").decode()
        meta = archive.read("meta.xml").decode()
        assert any(name.startswith("Pictures/") for name in archive.namelist())  # the logo
    assert 'fo:page-width="21cm"' in styles and 'fo:page-height="29.7cm"' in styles
    assert 'fo:language="fr"' in styles and 'fo:country="FR"' in styles
    assert "CCAS d'Alpha" in styles  # the letterhead, in the page header
    assert "<dc:title>Arrêté de mise à disposition</dc:title>" in meta
    assert "<dc:creator>CCAS d" in meta and "python" not in meta.lower()  # the organisation wrote it
    reader = pypdf.PdfReader(io.BytesIO(read(document.pdf)))
    first = reader.pages[0]
    assert "CCAS d'Alpha" in first.extract_text() and "3 rue des Solidarités" in first.extract_text()
    assert len(first.images) >= 1  # the logo, on the page


def test_the_pdf_is_a_tagged_pdf_a_in_french_with_a_title(cast, across):
    record_framework(across, "mise_a_disposition")
    document = generate(engagement=across, kind="convention_mad", by=cast.users[Role.HR])
    reader = pypdf.PdfReader(io.BytesIO(read(document.pdf)))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp and "pdfaid:conformance" in xmp
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "fr"
    assert reader.metadata.title == "Convention de mise à disposition"
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_no_acceptance_wording_before_acceptance_and_the_record_after(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    engagement = make_engagement(cast.agents["agent"], mission, State.AGREEMENTS, agreement_round=1)
    record_framework(engagement, "affectation_interne")
    pact = generate(engagement=engagement, kind="pacte", by=cast.users[Role.HR], details={"intention": "x"})
    text = pdf_text(read(pact.pdf))
    for words in ("accepté par", "acceptée par", "en attente", "Procès-verbal", "Signataire :"):
        assert words not in text, words
    assert "Nom, date et signature" in text and "L'agent : Paul Agent" in text
    assert accepted_version(pact) is None  # nobody accepted yet
    users = {
        "agent": cast.users[Role.AGENT],
        "manager": cast.users[Role.MANAGER],
        "host": cast.users[Role.HOST],
    }
    parties = accepting_parties(pact)
    for party in parties[:-1]:
        accept(document=pact, party=party, by=users[party])
    assert accepted_version(pact) is None  # one party still to accept
    accept(document=pact, party=parties[-1], by=users[parties[-1]])
    pact.refresh_from_db()
    accepted = accepted_version(pact)
    record = pdf_text(accepted)
    assert "Procès-verbal d'acceptation" in record and pact.sha256 in record.replace(" ", "")
    for acceptance in pact.acceptances.all():
        assert acceptance.name in record
    assert pact.sha256 == __import__("hashlib").sha256(read(pact.pdf)).hexdigest()  # the original, unchanged
    assert pypdf.PdfReader(io.BytesIO(accepted)).trailer["/Root"]["/Lang"] == "fr"
    with zipfile.ZipFile(io.BytesIO(bundle(pact))) as archive:
        assert "pacte-v1-version-acceptee.pdf" in archive.namelist()


def test_an_arrete_is_accepted_after_its_convention(cast, across):
    record_framework(across, "mise_a_disposition")
    hr = cast.users[Role.HR]
    arrete = generate(engagement=across, kind="arrete_mad", by=hr)
    signatory = cast.users[Role.SIGNATORY]
    assert accepting_parties(arrete) == ["signatory"]  # the act of the origin's authority alone
    with pytest.raises(TransitionRefused, match="après la convention"):
        accept(document=arrete, party="signatory", by=signatory)
    convention = generate(engagement=across, kind="convention_mad", by=hr)
    # both employers sign the convention (CGFP L512-7): the home HR serves the CCAS too in this test, and the
    # home signatory signs for both (the fixture)
    RoleMembership.objects.create(user=hr, organisation=cast.partner, role=Role.HR)
    hr = type(hr).objects.get(pk=hr.pk)  # a fresh actor, with the new role
    users = {"hr": hr, "host_hr": hr, "signatory": signatory, "host_signatory": signatory}
    users["host"] = cast.users[Role.HOST]
    for party in accepting_parties(convention):
        accept(document=convention, party=party, by=users[party])
    accept(document=arrete, party="signatory", by=signatory)
    assert "Arrêté de mise à disposition" not in " ".join(missing_acceptances(across))


def test_an_extension_writes_an_avenant_with_the_new_end_date(cast):
    from passerelles.core.todo import todo_for
    from passerelles.engagements.services import engagement_decide, engagement_request_extension

    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    engagement = make_engagement(cast.agents["agent"], mission, State.ACTIVE, agreement_round=1)
    record_framework(engagement, "affectation_interne")
    hr = cast.users[Role.HR]
    pact = generate(engagement=engagement, kind="pacte", by=hr, details={"intention": "x"})
    previous_end = engagement.end_date
    new_end = previous_end + __import__("datetime").timedelta(days=30)
    engagement_request_extension(engagement=engagement, by=hr, end_date=new_end)
    engagement.refresh_from_db()
    users = {
        "agent": cast.users[Role.AGENT],
        "manager": cast.users[Role.MANAGER],
        "host": cast.users[Role.HOST],
        "hr": hr,
        "signatory": cast.users[Role.SIGNATORY],
    }
    # every party of the round agrees (the agent too, once the round asks them)
    for agreement in Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round):
        engagement_decide(
            engagement=engagement, by=users[agreement.party], party=agreement.party, decision=Decision.AGREED
        )
    engagement.refresh_from_db()
    assert engagement.end_date == new_end
    avenant = EngagementDocument.objects.get(engagement=engagement, kind="avenant")
    assert avenant.amends == pact and avenant.superseded_at is None
    assert accepting_parties(avenant) == accepting_parties(pact)  # the amended act's parties
    text = pdf_text(read(avenant.pdf))
    assert f"{previous_end:%d/%m/%Y}" in text and f"{new_end:%d/%m/%Y}" in text
    assert "Avenant n° 1" in text and "Pacte de micro-mobilité (version 1" in text
    assert avenant.context["duree"] in text
    assert not is_outdated(pact, engagement)  # the avenant covers the new end date
    assert "avenant" in kinds_for(engagement)
    todo = todo_for(cast.users[Role.AGENT])
    documents = next(group for group in todo if group.key == "documents")
    assert any("Avenant de prolongation" in label for label, _url in documents.items)


def test_the_host_organisation_sees_only_its_own_engagements_documents(cast, client_for, across):
    record_framework(across, "mise_a_disposition")
    hr = cast.users[Role.HR]
    mine = generate(engagement=across, kind="convention_mad", by=hr)
    # an engagement of the same partner agent elsewhere (the outsider hosts it): not the host's business
    elsewhere = make_engagement(across.agent, cast.outsider_mission, State.AGREEMENTS, agreement_round=1)
    record_framework(elsewhere, "mise_a_disposition")
    theirs = EngagementDocument.objects.create(
        engagement=elsewhere, kind="pacte", version=1, context={}, sha256="0" * 64
    )
    host = client_for(cast.users[Role.HOST])
    response = host.get(f"/documents/{mine.pk}/fichier.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    for url in (
        f"/documents/{theirs.pk}/fichier.pdf",
        f"/documents/{theirs.pk}/dossier/",
        f"/documents/{theirs.pk}/version-acceptee.pdf",
    ):
        assert host.get(url).status_code == 404, url
    assert host.get(f"/documents/{mine.pk}/version-acceptee.pdf").status_code == 404  # not accepted yet


def test_hr_states_the_reimbursement_on_the_form(cast, client_for, across):
    record_framework(across, "mise_a_disposition")
    hr = client_for(cast.users[Role.HR])
    url = f"/engagements/{across.pk}/documents/"
    page = hr.get(url).content.decode()
    assert 'id="convention_mad-remboursement_choix"' in page
    refused = hr.post(url, {"kind": "convention_mad", "remboursement_choix": "exoneration"})
    assert "Précisez le motif" in refused.content.decode() and not across.documents.exists()
    # between two employers « sans objet » is not offered, and refused if sent anyway
    assert 'value="sans_objet"' not in page
    refused = hr.post(url, {"kind": "convention_mad", "remboursement_choix": "sans_objet"})
    assert refused.status_code == 200 and not across.documents.exists()
    hr.post(
        url,
        {
            "kind": "convention_mad",
            "remboursement_choix": "autre",
            "remboursement_detail": "Remboursement à 50 %",
        },
    )
    document = across.documents.get()
    assert document.context["remboursement"] == "Remboursement à 50 %"
    assert "Remboursement à 50 %" in pdf_text(read(document.pdf))


def test_an_organisation_states_its_article_address_and_city(cast, client_for):
    admin = client_for(cast.users[Role.ADMIN])
    page = admin.get("/organisations/ville-alpha/parametres/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="article"' in html and 'name="address"' in html and 'name="city"' in html


def test_the_writers_read_back_their_own_letterhead():
    letterhead = rendering.Letterhead("Département de l'Isère", "7 rue Fantin-Latour\n38000 Grenoble", png())
    meta = rendering.Meta("Fiche de mission", "Département de l'Isère", letterhead)
    blocks = content.blocks_for("lettre_mission", "mission_appui_projet")
    for kind, data in (
        ("docx", rendering.docx_from_blocks(blocks, meta=meta)),
        ("odt", rendering.odt_from_blocks(blocks, meta=meta)),
    ):
        read_back = rendering.letterhead_of(kind, data)
        assert read_back.lines == letterhead.lines and read_back.logo, kind
        assert ("signature", content.SIGNATURE_LINES["signatory"]) in rendering.blocks_of(kind, data)


@pytest.mark.parametrize(
    ("article", "name", "after_de", "after_a", "designation"),
    [
        ("le", "CCAS de Belvau", "du CCAS de Belvau", "au CCAS de Belvau", "le CCAS de Belvau"),
        ("la", "Ville de Belvau", "de la Ville de Belvau", "à la Ville de Belvau", "la Ville de Belvau"),
        ("l'", "Agglomération", "de l'Agglomération", "à l'Agglomération", "l'Agglomération"),
        ("les", "Amis du livre", "des Amis du livre", "aux Amis du livre", "les Amis du livre"),
        ("", "Lisière Métropole", "de Lisière Métropole", "à Lisière Métropole", "Lisière Métropole"),
        ("", "Emmaüs Belvau", "d'Emmaüs Belvau", "à Emmaüs Belvau", "Emmaüs Belvau"),
    ],
    ids=["le", "la", "l-apostrophe", "les", "none", "none-vowel"],
)
def test_french_contracts_the_article_after_de_and_a(article, name, after_de, after_a, designation):
    """« à disposition du CCAS », never « de le CCAS »: the acts use the contracted forms."""
    from passerelles.organisations.models import Organisation

    organisation = Organisation(name=name, article=article)
    assert (organisation.designation, organisation.designation_de, organisation.designation_a) == (
        designation,
        after_de,
        after_a,
    )


def test_no_default_text_puts_de_or_a_before_an_article():
    """The default texts write « {{ accueil_de }} », not « de {{ accueil_designation }} » (« de le … »)."""
    import re

    offending = re.compile(r"\b(de|à|auprès de)\s+\{\{\s*(accueil|employeur)_designation\s*\}\}")
    for kind in content.DEFAULTS:
        for _style, text in content.blocks_for(kind):
            assert not offending.search(str(text)), (kind, text)
