"""From a model (DOCX or ODT) and a context to the three files of a document: DOCX and ODT (editable by HR)
and PDF (the version the parties accept). No database.

The model is filled in its own format by substituting the documented placeholders in its XML, paragraph by
paragraph (``placeholders``: nothing in a model is ever evaluated); its text is then read back as blocks
(title, headings, paragraphs), from which the two other formats are written. So an organisation's own model
shapes all three files, and the PDF says exactly what the editable files say.

A model is an archive someone uploaded: before anything parses it, its members are counted and their
declared sizes bounded (a zip bomb is refused unopened), and XML with a document type declaration is refused
(entities are how XML reads local files or expands a few bytes into gigabytes).
"""

import io
import logging
import re
import time
import zipfile

import docx
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree
from odfdo import Document, Header, Paragraph

from passerelles.documents import placeholders
from passerelles.documents.placeholders import TemplateError
from passerelles.documents.writers import (  # noqa: F401 — the writers, re-exported for callers and tests
    PDF_VARIANT,
    SIGNATURE_STYLE,
    TEST_MARK,
    Letterhead,
    Meta,
    RecordLine,
    docx_from_blocks,
    finish_docx,
    finish_odt,
    letterhead_of,
    odt_from_blocks,
    pdf_from_blocks,
)

for name in ("weasyprint", "weasyprint.progress"):  # its steps are not news
    logging.getLogger(name).setLevel(logging.WARNING)

NOT_A_MODEL = gettext_lazy("Ce fichier n'est ni un document Word (.docx) ni un document OpenDocument (.odt).")
TOO_BIG = gettext_lazy("Ce modèle est démesuré une fois décompressé : il ne peut pas être accepté.")
DAMAGED_PART = gettext_lazy("Le modèle ne peut pas être lu (partie « %(name)s » endommagée).")
UNREADABLE = gettext_lazy("Le modèle ne peut pas être lu (%(error)s).")

MAX_MEMBERS = 1_000
MAX_MEMBER_BYTES = 25 * 1024 * 1024  # uncompressed, as declared by the archive (zipfile reads no more)
MAX_TOTAL_BYTES = 60 * 1024 * 1024
FILL_SECONDS = 20  # a model of legal size fills in well under a second; this bounds the worst case

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
ODT_PARTS = {"content.xml", "styles.xml"}
WHERE = {  # where a refused text is, for the person who fixes the model
    "document": gettext_lazy("paragraphe %(number)s"),
    "header": gettext_lazy("dans un en-tête, paragraphe %(number)s"),
    "footer": gettext_lazy("dans un pied de page, paragraphe %(number)s"),
    "styles": gettext_lazy("dans un en-tête ou un pied de page, paragraphe %(number)s"),
}
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def default_docx(blocks, meta=None) -> bytes:
    """The default model of a document as an editable DOCX (placeholders kept as {{ name }})."""
    return docx_from_blocks(blocks, meta=meta)


def _archive(data: bytes) -> zipfile.ZipFile:
    """The model's archive, after checking it cannot expand beyond reason (nothing decompressed yet)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise TemplateError(str(NOT_A_MODEL)) from error
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_TOTAL_BYTES:
        raise TemplateError(str(TOO_BIG))
    if any(m.file_size > MAX_MEMBER_BYTES for m in members):
        raise TemplateError(str(TOO_BIG))
    return archive


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, NotImplementedError) as error:
        raise TemplateError(DAMAGED_PART % {"name": name}) from error


def detect_format(data: bytes) -> str:
    """« docx » or « odt », from the file itself (never from its name)."""
    archive = _archive(data)
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return "docx"
    if {"content.xml", "mimetype"} <= names and b"opendocument.text" in _read(archive, "mimetype"):
        return "odt"
    raise TemplateError(str(NOT_A_MODEL))


def try_model(data: bytes, context: dict) -> str:
    """Fill an uploaded model with sample values and read it back, as a document would be: its format.

    Refusal is always a TemplateError in French: a model that passes the checks but that the readers
    still choke on (a damaged style, an odd part) is refused here rather than at its first use.
    """
    kind, filled = fill(data, context)
    try:
        blocks_of(kind, filled)
    except Exception as error:  # noqa: BLE001 — python-docx and odfdo raise many kinds of errors
        raise TemplateError(UNREADABLE % {"error": error.__class__.__name__}) from error
    return kind


def fill(model: bytes, context: dict) -> tuple[str, bytes]:
    """Fill the model; returns its format and the filled file. Raises TemplateError, in French."""
    kind = detect_format(model)
    archive = _archive(model)
    values = {name: str(value) for name, value in context.items()}
    budget = placeholders.Budget()
    deadline = time.monotonic() + FILL_SECONDS
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as filled:
        for member in archive.infolist():
            data = _read(archive, member.filename)
            if member.filename.endswith((".xml", ".rels")) and b"<!DOCTYPE" in data.upper():
                raise TemplateError(
                    _(
                        "Le modèle contient une déclaration de type de document XML (DOCTYPE), "
                        "refusée par sécurité : enregistrez-le à nouveau depuis Word ou LibreOffice."
                    )
                )
            part = _part_kind(kind, member.filename)
            if part is not None:
                data = _fill_part(data, kind, part, values, budget, deadline, member.filename)
            filled.writestr(member, data)
    return kind, out.getvalue()


def _part_kind(kind: str, name: str) -> str | None:
    if kind == "docx":
        match = DOCX_PARTS.fullmatch(name)
        return match and re.sub(r"\d+$", "", match.group(1))
    if name in ODT_PARTS:
        return "document" if name == "content.xml" else "header"
    return None


def _fill_part(data, kind, part, values, budget, deadline, name) -> bytes:
    try:
        root = etree.fromstring(data, SAFE_XML)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise TemplateError(DAMAGED_PART % {"name": name}) from error
    paragraph_tags = (W + "p",) if kind == "docx" else (TEXT + "p", TEXT + "h")
    where = WHERE["styles" if kind == "odt" and part == "header" else part]
    for number, paragraph in enumerate(root.iter(*paragraph_tags), start=1):
        if time.monotonic() > deadline:
            raise TemplateError(_("Le modèle est trop long à remplir : allégez-le."))
        slots = _slots(paragraph, paragraph_tags, docx_runs=kind == "docx")
        pieces = [getattr(element, attribute) or "" for element, attribute in slots]
        text = "".join(pieces)
        if "{" not in text:
            continue
        names = placeholders.check_text(text, values, where=where % {"number": number})
        if not names:
            continue
        budget.spend(names, values)
        for (element, attribute), piece, new in zip(
            slots, pieces, placeholders.substitute(pieces, values), strict=True
        ):
            if new != piece:
                setattr(element, attribute, new or None)
                if kind == "docx":  # Word trims spaces at the edges of a run unless told not to
                    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _slots(paragraph, paragraph_tags, *, docx_runs: bool) -> list[tuple]:
    """Where a paragraph's own text lives, in reading order (not the text of paragraphs nested in it).

    Word keeps text in w:t elements; OpenDocument in the text and tail of the paragraph's elements.
    """
    slots = []

    def visit(element):
        if docx_runs:
            if element.tag == W + "t":
                slots.append((element, "text"))
        else:
            slots.append((element, "text"))
        for child in element:
            if isinstance(child.tag, str) and child.tag not in paragraph_tags:
                visit(child)
            if not docx_runs:
                slots.append((child, "tail"))

    visit(paragraph)
    return slots


def blocks_of(kind: str, data: bytes) -> list[tuple[str, str]]:
    """A filled document read back as blocks (title, heading, paragraph, signature)."""
    if kind == "docx":
        blocks = []
        for paragraph in docx.Document(io.BytesIO(data)).paragraphs:
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name or "").lower()
            if style == SIGNATURE_STYLE.lower():
                blocks.append(("signature", text.split("\n")[0].strip()))
                continue
            blocks.append(
                (
                    "title"
                    if style == "title"
                    else "heading"
                    if style.startswith("heading")
                    else "paragraph",
                    text,
                )
            )
        return blocks
    document = Document(io.BytesIO(data))
    blocks = []
    for element in document.body.children:
        text = (element.text_recursive or "").strip()
        if not text:
            continue
        if isinstance(element, Header):
            blocks.append(("title" if element.level == 1 else "heading", text))
        elif isinstance(element, Paragraph):
            if element.style == SIGNATURE_STYLE:
                blocks.append(("signature", text.split("\n")[0].strip()))
            else:
                blocks.append(("paragraph", text))
    return blocks
