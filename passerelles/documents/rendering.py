"""From a model (DOCX or ODT) and a context to the three files of a document: DOCX and ODT (editable by HR)
and PDF (the version the parties accept). No database.

The model is filled in its own format (docxtpl for DOCX, placeholder replacement for ODT); its text is then
read back as blocks (title, headings, paragraphs), from which the two other formats are written. So an
organisation's own model shapes all three files, and the PDF says exactly what the editable files say.
"""

import html
import io
import logging
import re
import zipfile

import docx
import jinja2
from docxtpl import DocxTemplate
from odfdo import Document, Header, Paragraph

for name in ("weasyprint", "weasyprint.progress"):  # its steps are not news
    logging.getLogger(name).setLevel(logging.WARNING)

PLACEHOLDER = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")
TEST_MARK = "DOCUMENT EN TEST"


class TemplateError(ValueError):
    """A model that cannot be filled: the message says where and why, in French."""


def default_docx(blocks) -> bytes:
    """The default model of a document as an editable DOCX (placeholders kept as {{ name }})."""
    document = docx.Document()
    for kind, text in blocks:
        if kind == "title":
            document.add_heading(str(text), level=0)
        elif kind == "heading":
            document.add_heading(str(text), level=1)
        else:
            document.add_paragraph(str(text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def detect_format(data: bytes) -> str:
    """« docx » or « odt », from the file itself (never from its name)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "content.xml" in names and b"opendocument.text" in archive.read("mimetype"):
                return "odt"
    except (zipfile.BadZipFile, KeyError) as error:
        raise TemplateError(
            "Ce fichier n'est ni un document Word (.docx) ni un document OpenDocument (.odt)."
        ) from error
    raise TemplateError("Ce fichier n'est ni un document Word (.docx) ni un document OpenDocument (.odt).")


def _check_names(names, context: dict) -> None:
    unknown = sorted(set(names) - set(context))
    if unknown:
        raise TemplateError(
            f"Le modèle utilise un champ inconnu : « {unknown[0]} ». Les champs possibles sont listés sur la "
            "page des modèles."
        )


def fill(model: bytes, context: dict) -> tuple[str, bytes]:
    """Fill the model; returns its format and the filled file."""
    kind = detect_format(model)
    if kind == "docx":
        return kind, _fill_docx(model, context)
    return kind, _fill_odt(model, context)


def _fill_docx(model: bytes, context: dict) -> bytes:
    try:
        template = DocxTemplate(io.BytesIO(model))
        _check_names(template.get_undeclared_template_variables(), context)
        template.render(
            context, jinja_env=jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
        )
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"Le modèle contient une erreur de syntaxe près de la ligne {error.lineno} : {error.message}."
        ) from error
    except Exception as error:  # a damaged file: docxtpl and python-docx raise many kinds of errors
        raise TemplateError(f"Le modèle ne peut pas être lu ({error.__class__.__name__}).") from error
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _fill_odt(model: bytes, context: dict) -> bytes:
    try:
        document = Document(io.BytesIO(model))
    except Exception as error:
        raise TemplateError(f"Le modèle ne peut pas être lu ({error.__class__.__name__}).") from error
    body = document.body
    _check_names(PLACEHOLDER.findall(body.text_recursive or ""), context)
    for element in body.get_paragraphs() + body.get_headers():
        text = element.text_recursive or ""
        if PLACEHOLDER.search(text):  # the paragraph keeps its style; its text is written anew
            for child in list(element.children):
                element.delete(child)
            element.text = PLACEHOLDER.sub(lambda m: str(context[m.group(1)]), text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def blocks_of(kind: str, data: bytes) -> list[tuple[str, str]]:
    """A filled document read back as blocks (title, heading, paragraph)."""
    if kind == "docx":
        blocks = []
        for paragraph in docx.Document(io.BytesIO(data)).paragraphs:
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name or "").lower()
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
            blocks.append(("paragraph", text))
    return blocks


def docx_from_blocks(blocks, *, test: bool = False) -> bytes:
    document = docx.Document()
    if test:
        document.sections[0].header.paragraphs[0].text = TEST_MARK
    for kind, text in blocks:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "heading":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_from_blocks(blocks, *, test: bool = False) -> bytes:
    document = Document("text")
    body = document.body
    body.clear()
    if test:
        body.append(Paragraph(TEST_MARK))
    for kind, text in blocks:
        if kind == "title":
            body.append(Header(1, text))
        elif kind == "heading":
            body.append(Header(2, text))
        else:
            body.append(Paragraph(text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PDF_STYLE = """
@page { size: A4; margin: 2.2cm 2cm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; font-family: "DejaVu Sans", sans-serif; }
        %(mark)s }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1b1b1b; }
h1 { font-size: 17pt; margin: 0 0 1em; } h2 { font-size: 12pt; margin: 1.3em 0 .4em; }
p { margin: 0 0 .55em; } footer { margin-top: 2em; font-size: 8.5pt; color: #555; }
"""
TEST_PAGE = f'@top-center {{ content: "{TEST_MARK}"; color: #b00020; font-weight: bold; font-size: 13pt; font-family: "DejaVu Sans", sans-serif; }}'


def pdf_from_blocks(blocks, *, title: str, test: bool = False, footer: str = "") -> bytes:
    parts = []
    for kind, text in blocks:
        tag = {"title": "h1", "heading": "h2"}.get(kind, "p")
        parts.append(f"<{tag}>{html.escape(text)}</{tag}>")
    style = PDF_STYLE % {"mark": TEST_PAGE if test else ""}
    page = (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{style}</style></head><body>{''.join(parts)}"
        f"<footer>{html.escape(footer)}</footer></body></html>"
    )
    from weasyprint import HTML  # heavy: loaded when a PDF is written, not when the site starts

    return HTML(string=page).write_pdf()
