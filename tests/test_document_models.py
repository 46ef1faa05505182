"""Uploaded document models are data, never code: hostile models are refused in French, nothing evaluated.

The payloads are those that ran `id` as root through the former Jinja rendering (attribute walks to
``os``), plus loops, expansions, XML entities and zip bombs. Each would leave a trace (a file written) if
anything in the model were evaluated.
"""

import io
import re
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from passerelles.access.models import Role
from passerelles.documents import placeholders, rendering
from passerelles.documents.content import PLACEHOLDERS
from passerelles.documents.models import DocumentTemplate
from passerelles.documents.services import sample_context


def context(**values):
    return {**sample_context(), **values}


def hostile_payloads(trace):
    """Template-language payloads; each writes `trace` (after sleeping, for one) if it is ever evaluated."""
    command = f"touch {trace}"
    return [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''.__class__ }}",
        f"{{{{ cycler.__init__.__globals__.os.system('{command}') }}}}",
        f"{{{{ lipsum.__globals__['os'].popen('sleep 30; {command}').read() }}}}",
        f"{{{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('{command}') }}}}",
        "{{ agent_nom_complet.__class__.__base__.__subclasses__() }}",
        "{{ agent_nom_complet|upper }}",
        "{{ agent_nom_complet * 100000000 }}",
        "{% for i in range(999999999999) %}{{ agent_nom_complet }}{% endfor %}",
        "{% set x = 'a' * 10000000000 %}{{ x }}",
        "{% include '/etc/passwd' %}",
        "{# commentaire #}",
        "{{ config }}",
    ]


@pytest.mark.parametrize("make", ["docx", "odt"])
def test_hostile_models_are_refused_and_nothing_runs(make, tmp_path):
    trace = tmp_path / "evaluated"
    for payload in hostile_payloads(trace):
        blocks = [
            ("title", "Pacte"),
            ("paragraph", "Bonjour {{ agent_nom_complet }}."),
            ("paragraph", payload),
        ]
        model = rendering.default_docx(blocks) if make == "docx" else rendering.odt_from_blocks(blocks)
        with pytest.raises(rendering.TemplateError) as refused:
            rendering.try_model(model, sample_context())
        message = str(refused.value)
        # French, names the place (paragraph) and the offending text or field
        assert re.search(r"paragraphe \d+", message), message
        assert "Le modèle" in message
    assert not trace.exists()


def test_the_message_names_the_paragraph_and_the_placeholder():
    model = rendering.default_docx(
        [("title", "Pacte"), ("paragraph", "Rien ici."), ("paragraph", "{{ ''.__class__ }}")]
    )
    with pytest.raises(rendering.TemplateError) as refused:
        rendering.fill(model, sample_context())
    assert "« {{ ''.__class__ }} » (paragraphe 3)" in str(refused.value)
    assert "sans calcul, filtre ni attribut" in str(refused.value)


def test_a_placeholder_split_across_formatted_runs_is_filled_and_keeps_its_formatting():
    document = docx.Document()
    paragraph = document.add_paragraph()
    bold = paragraph.add_run("Bonjour {{ agent_")
    bold.bold = True
    paragraph.add_run("nom_complet }}, bienvenue à {{ accueil_service }} !")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Du {{ date_debut }}"
    document.sections[0].header.paragraphs[0].text = "{{ mission_titre }}"
    out = io.BytesIO()
    document.save(out)
    kind, filled = rendering.fill(
        out.getvalue(),
        context(
            agent_nom_complet="Paul Agent",
            accueil_service="la médiathèque",
            date_debut="1er mars",
            mission_titre="Ateliers",
        ),
    )
    result = docx.Document(io.BytesIO(filled))
    runs = result.paragraphs[0].runs
    assert kind == "docx"
    assert result.paragraphs[0].text == "Bonjour Paul Agent, bienvenue à la médiathèque !"
    assert runs[0].text == "Bonjour Paul Agent" and runs[0].bold
    assert not runs[1].bold
    assert result.tables[0].cell(0, 0).text == "Du 1er mars"
    assert result.sections[0].header.paragraphs[0].text == "Ateliers"


def test_values_are_text_never_markup_nor_placeholders():
    model = rendering.odt_from_blocks([("paragraph", "« {{ mission_titre }} » par {{ agent_nom_complet }}")])
    _kind, filled = rendering.fill(
        model, context(mission_titre="<b>{{ agent_nom_complet }}</b> & {% raw %}", agent_nom_complet="Paul")
    )
    assert rendering.blocks_of("odt", filled) == [
        ("paragraph", "« <b>{{ agent_nom_complet }}</b> & {% raw %} » par Paul")
    ]


def test_a_header_payload_is_refused_with_where_it_is():
    document = docx.Document()
    document.add_paragraph("{{ agent_nom_complet }}")
    document.sections[0].header.paragraphs[0].text = "{{ request.environ }}"
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(rendering.TemplateError, match="dans un en-tête, paragraphe 1"):
        rendering.fill(out.getvalue(), sample_context())


def test_an_unclosed_brace_is_a_syntax_error():
    with pytest.raises(rendering.TemplateError, match="erreur de syntaxe.*jamais refermé"):
        rendering.fill(rendering.default_docx([("paragraph", "{{ agent_nom_complet")]), sample_context())


def test_a_huge_expansion_is_refused():
    many = " ".join(["{{ agent_nom_complet }}"] * (placeholders.MAX_PLACEHOLDERS + 1))
    with pytest.raises(rendering.TemplateError, match="plus de 1000 champs"):
        rendering.fill(rendering.default_docx([("paragraph", many)]), sample_context())
    repeated = " ".join(["{{ mission_description }}"] * 300)
    with pytest.raises(rendering.TemplateError, match="démesurément long"):
        rendering.fill(
            rendering.default_docx([("paragraph", repeated)]), context(mission_description="x" * 10_000)
        )


def _with_member(model: bytes, name: str, transform) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(model))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, transform(data) if info.filename == name else data)
    return out.getvalue()


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>',
        '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
)
def test_xml_entities_are_refused_before_parsing(doctype):
    model = rendering.odt_from_blocks([("paragraph", "{{ agent_nom_complet }}")])

    def inject(data: bytes) -> bytes:
        return data.replace(b"?>", b"?>" + doctype.encode(), 1)

    with pytest.raises(rendering.TemplateError, match="DOCTYPE"):
        rendering.fill(_with_member(model, "content.xml", inject), sample_context())


def test_a_zip_bomb_is_refused_unopened():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (rendering.MAX_MEMBER_BYTES + 1))
    assert len(out.getvalue()) < 100_000  # small on disk, huge once opened
    with pytest.raises(rendering.TemplateError, match="démesuré une fois décompressé"):
        rendering.fill(out.getvalue(), sample_context())


@pytest.mark.parametrize(
    "data",
    [b"", b"PK\x03\x04 truncated", b"<html>", "pas un modèle".encode()],
)
def test_damaged_files_are_refused_in_french(data):
    with pytest.raises(rendering.TemplateError, match="ni un document Word|ne peut pas être lu"):
        rendering.try_model(data, sample_context())


def test_a_damaged_part_inside_a_real_archive_is_refused():
    model = rendering.odt_from_blocks([("paragraph", "{{ agent_nom_complet }}")])
    damaged = _with_member(model, "content.xml", lambda data: data[: len(data) // 2])
    with pytest.raises(rendering.TemplateError, match="endommagée"):
        rendering.try_model(damaged, sample_context())


def test_every_documented_placeholder_is_accepted():
    paragraph = " ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS)
    for model in (
        rendering.default_docx([("paragraph", paragraph)]),
        rendering.odt_from_blocks([("paragraph", paragraph)]),
    ):
        assert rendering.try_model(model, sample_context()) in ("docx", "odt")


@pytest.mark.django_db
def test_an_hr_upload_of_a_hostile_model_is_refused_and_nothing_is_saved(cast, client_for, tmp_path):
    trace = tmp_path / "evaluated"
    hr = client_for(cast.users[Role.HR])
    for payload in hostile_payloads(trace)[:4]:
        model = rendering.default_docx([("paragraph", payload)])
        response = hr.post(
            "/organisations/ville-alpha/modeles/",
            {"kind": "pacte", "file": SimpleUploadedFile("pacte.docx", model)},
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "paragraphe 1" in page and "Le modèle contient" in page
    assert DocumentTemplate.objects.count() == 0
    assert not trace.exists()


def test_an_odt_placeholder_split_across_spans_is_filled_and_the_span_kept():
    model = rendering.odt_from_blocks([("paragraph", "MARK")])
    split = b'Bonjour <text:span text:style-name="T1">{{ agent_</text:span>nom_complet }} !'
    model = _with_member(model, "content.xml", lambda data: data.replace(b"MARK", split))
    _kind, filled = rendering.fill(model, context(agent_nom_complet="Paul Agent"))
    assert rendering.blocks_of("odt", filled) == [("paragraph", "Bonjour Paul Agent !")]
    content = zipfile.ZipFile(io.BytesIO(filled)).read("content.xml").decode()
    assert re.search(r'<text:span text:style-name="T1">Paul Agent</text:span>', content)
