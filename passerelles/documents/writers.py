"""Writing a document's three files from its blocks: DOCX and ODT (editable) and PDF (the version the parties
accept). Each is a page a legal service would sign: A4, French as the language, the organisation as author,
the document's title, the organisation's letterhead (logo, name, address) in the header of all three, the
signature blocks; the PDF is a tagged PDF/A with /Lang fr. No database.
"""

import base64
import html
import io
import warnings
from dataclasses import dataclass

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt
from lxml import etree
from odfdo import Document, Frame, Header, Paragraph, Style

TEST_MARK = "DOCUMENT EN TEST"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Letterhead:
    """The organisation's letterhead: its name, postal address and logo (PNG bytes, already re-encoded)."""

    name: str
    address: str = ""
    logo: bytes | None = None

    @property
    def lines(self) -> list[str]:
        return [self.name, *[line.strip() for line in self.address.splitlines() if line.strip()]]


@dataclass(frozen=True)
class Meta:
    """What a file says about itself: its title and author (the organisation, never a library)."""

    title: str = ""
    author: str = ""
    letterhead: Letterhead | None = None
    test: bool = False


SIGNATURE_STYLE = "Signature"
SIGNATURE_LINE = "Nom, date et signature :"
LANGUAGE = "fr-FR"


def _docx_page(document, meta: Meta) -> None:
    """A4 with sensible margins, French as the default language, the organisation as author."""
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        section.header_distance = Cm(1)
    _docx_language(document)
    properties = document.core_properties
    properties.author = properties.last_modified_by = meta.author or "Passerelles"
    properties.title = meta.title
    properties.language = LANGUAGE
    properties.comments = ""


def _docx_language(document) -> None:
    defaults = document.styles.element.find(W + "docDefaults")
    if defaults is None:
        return
    run_properties = defaults.find(f"{W}rPrDefault/{W}rPr")
    if run_properties is None:
        return
    language = run_properties.find(W + "lang")
    if language is None:
        language = etree.SubElement(run_properties, W + "lang")
    language.set(W + "val", LANGUAGE)
    language.set(W + "eastAsia", LANGUAGE)


def _docx_header(document, meta: Meta) -> None:
    header = document.sections[0].header
    paragraphs = []
    if meta.test:
        paragraphs.append(TEST_MARK)
    first = header.paragraphs[0]
    if meta.letterhead:
        for number, line in enumerate(meta.letterhead.lines):
            paragraphs.append(line if number else ("letterhead-name", line))
    for number, line in enumerate(paragraphs):
        paragraph = first if number == 0 else header.add_paragraph()
        if isinstance(line, tuple):
            if meta.letterhead.logo:
                paragraph.add_run().add_picture(io.BytesIO(meta.letterhead.logo), height=Cm(1.4))
                paragraph = header.add_paragraph()
            paragraph.add_run(line[1]).bold = True
        else:
            paragraph.add_run(line).bold = line == TEST_MARK


def _signature_style(document):
    styles = document.styles
    if SIGNATURE_STYLE not in [s.name for s in styles]:
        style = styles.add_style(SIGNATURE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.paragraph_format.space_before = Pt(18)
        style.paragraph_format.keep_together = True
    return SIGNATURE_STYLE


def docx_from_blocks(blocks, *, test: bool = False, meta: Meta | None = None) -> bytes:
    meta = meta or Meta(test=test)
    if test and not meta.test:
        meta = Meta(meta.title, meta.author, meta.letterhead, True)
    document = docx.Document()
    _docx_page(document, meta)
    _docx_header(document, meta)
    for kind, text in blocks:
        if kind == "title":
            document.add_heading(str(text), level=0)
        elif kind == "heading":
            document.add_heading(str(text), level=1)
        elif kind == "signature":
            paragraph = document.add_paragraph(style=_signature_style(document))
            paragraph.add_run(str(text)).bold = True
            run = paragraph.add_run()
            run.add_break()
            run.add_text(SIGNATURE_LINE)
            run.add_break()
            run.add_break()
        else:
            document.add_paragraph(str(text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def finish_docx(data: bytes, meta: Meta) -> bytes:
    """An organisation's own filled DOCX: its layout kept, its properties said (title, author, French)."""
    document = docx.Document(io.BytesIO(data))
    properties = document.core_properties
    properties.author = properties.last_modified_by = meta.author or properties.author
    properties.title = meta.title
    properties.language = LANGUAGE
    if properties.comments == "generated by python-docx":
        properties.comments = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt_page(document, meta: Meta) -> None:
    document.set_language(LANGUAGE)
    document.meta.set_title(meta.title)
    document.meta.set_initial_creator(meta.author or "Passerelles")
    document.meta.set_creator(meta.author or "Passerelles")
    master = document.get_style("master-page", "Standard")
    layout = document.get_style("page-layout", master.page_layout) if master else None
    if layout is not None:
        properties = layout.get_element("style:page-layout-properties")
        for name, value in (
            ("fo:page-width", "21cm"),
            ("fo:page-height", "29.7cm"),
            ("fo:margin-left", "2.2cm"),
            ("fo:margin-right", "2.2cm"),
            ("fo:margin-top", "1.5cm"),
            ("fo:margin-bottom", "2.2cm"),
        ):
            properties.set_attribute(name, value)


def _odt_header(document, meta: Meta) -> None:
    if not meta.letterhead or (master := document.get_style("master-page", "Standard")) is None:
        return
    lines = []
    if meta.letterhead.logo:
        uri = document.add_file(io.BytesIO(meta.letterhead.logo))
        width, height = _logo_size_cm(meta.letterhead.logo, 1.4)
        frame = Frame.image_frame(uri, size=(f"{width:.2f}cm", f"{height:.2f}cm"), anchor_type="as-char")
        logo = Paragraph()
        logo.append(frame)
        lines.append(logo)
    lines.extend(Paragraph(line) for line in meta.letterhead.lines)
    master.set_page_header(lines)


def _odt_signature_style(document) -> None:
    if document.get_style("paragraph", SIGNATURE_STYLE) is None:
        style = Style("paragraph", SIGNATURE_STYLE, parent_style="Standard", margin_top="0.6cm")
        style.set_properties({"fo:keep-together": "always"}, area="paragraph")
        document.insert_style(style)


def odt_from_blocks(blocks, *, test: bool = False, meta: Meta | None = None) -> bytes:
    meta = meta or Meta(test=test)
    document = Document("text")
    _odt_page(document, meta)
    _odt_header(document, meta)
    body = document.body
    body.clear()
    if test or meta.test:
        body.append(Paragraph(TEST_MARK))
    for kind, text in blocks:
        if kind == "title":
            body.append(Header(1, text))
        elif kind == "heading":
            body.append(Header(2, text))
        elif kind == "signature":
            _odt_signature_style(document)
            body.append(Paragraph(f"{text}\n{SIGNATURE_LINE}\n\n", style=SIGNATURE_STYLE))
        else:
            body.append(Paragraph(text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def finish_odt(data: bytes, meta: Meta) -> bytes:
    document = Document(io.BytesIO(data))
    document.set_language(LANGUAGE)
    document.meta.set_title(meta.title)
    document.meta.set_creator(meta.author or "Passerelles")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _logo_size_cm(logo: bytes, height: float) -> tuple[float, float]:
    from PIL import Image

    with Image.open(io.BytesIO(logo)) as image:
        width, pixels = image.size
    return height * width / max(pixels, 1), height


def letterhead_of(kind: str, data: bytes) -> Letterhead | None:
    """The letterhead as the filled file carries it in its header (lines, and the logo of a DOCX): the PDF
    is made from the same model, its header included."""
    lines, logo = [], None
    if kind == "docx":
        header = docx.Document(io.BytesIO(data)).sections[0].header
        if header.is_linked_to_previous:
            return None
        lines = [p.text.strip() for p in header.paragraphs if p.text.strip() and p.text.strip() != TEST_MARK]
        for relation in header.part.rels.values():
            if relation.reltype.endswith("/image") and not relation.is_external:
                logo = relation.target_part.blob
                break
    else:
        document = Document(io.BytesIO(data))
        master = document.get_style("master-page", "Standard")
        header = master.get_page_header() if master is not None else None
        if header is not None:
            for paragraph in header.get_paragraphs():
                images = paragraph.get_elements("descendant::draw:image")
                if images and logo is None:
                    logo = document.get_part(images[0].get_attribute("xlink:href"))
                text = "" if images else paragraph.text_recursive.strip()
                lines += [text] if text else []
    if not lines:
        return None
    return Letterhead(lines[0], "\n".join(lines[1:]), logo)


PDF_STYLE = """
@page { size: A4; margin: 3.6cm 2cm 2.2cm;
        @top-left { content: element(letterhead); vertical-align: middle; width: 75%%; }
        @bottom-left { content: "%(footer)s"; font-size: 8pt; color: #555; font-family: "DejaVu Sans", sans-serif; }
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; font-family: "DejaVu Sans", sans-serif; }
        %(mark)s }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1b1b1b; }
h1 { font-size: 16pt; margin: 0 0 1em; } h2 { font-size: 11.5pt; margin: 1.2em 0 .35em; }
p { margin: 0 0 .55em; }
.letterhead { position: running(letterhead); display: flow-root; font-size: 8.5pt; line-height: 1.3; }
.letterhead img { height: 1.4cm; float: left; margin-right: 8pt; }
.letterhead p { margin: 0; }
.signatures { margin-top: 1.4em; }
.signature { display: inline-block; width: 46%%; vertical-align: top; margin: 0 3%% 1em 0; min-height: 3.2cm;
             border-top: 1px solid #444; padding-top: 4pt; break-inside: avoid; }
.signature p { margin: 0 0 .4em; }
.record { break-before: page; } .record table { border-collapse: collapse; width: 100%%; font-size: 9pt; }
.record th, .record td { border: 1px solid #888; padding: 3pt 4pt; text-align: left; vertical-align: top; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; }
"""
TEST_PAGE = f'@top-right {{ content: "{TEST_MARK}"; color: #b00020; font-weight: bold; font-size: 10pt; font-family: "DejaVu Sans", sans-serif; width: 25%; white-space: nowrap; vertical-align: top; }}'


@dataclass(frozen=True)
class RecordLine:
    """One party's acceptance, as the accepted version prints it."""

    party: str
    name: str
    accepted_at: str
    sha256: str


def _letterhead_html(letterhead: Letterhead | None) -> str:
    if letterhead is None:
        return ""
    logo = ""
    if letterhead.logo:
        data = base64.b64encode(letterhead.logo).decode()
        logo = f'<img src="data:{_mime(letterhead.logo)};base64,{data}" alt="Logo : {html.escape(letterhead.name)}">'
    lines = "".join(
        f"<p>{'<strong>' if i == 0 else ''}{html.escape(line)}{'</strong>' if i == 0 else ''}</p>"
        for i, line in enumerate(letterhead.lines)
    )
    return f'<div class="letterhead">{logo}{lines}</div>'


def _mime(image: bytes) -> str:
    return "image/jpeg" if image[:3] == b"\xff\xd8\xff" else "image/png"


def _record_html(record: dict) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(line.party)}</td><td>{html.escape(line.name)}</td>"
        f'<td>{html.escape(line.accepted_at)}</td><td class="hash">{html.escape(line.sha256)}</td></tr>'
        for line in record["lines"]
    )
    return (
        '<section class="record"><h2>Procès-verbal d\'acceptation</h2>'
        f"<p>{html.escape(record['intro'])}</p>"
        f'<p>Empreinte SHA-256 du document accepté : <span class="hash">{html.escape(record["sha256"])}</span></p>'
        "<table><thead><tr><th>Partie</th><th>Nom</th><th>Accepté le</th><th>Empreinte acceptée</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def pdf_from_blocks(
    blocks,
    *,
    title: str,
    test: bool = False,
    footer: str = "",
    letterhead: Letterhead | None = None,
    record: dict | None = None,
) -> bytes:
    """A tagged PDF/A-3a (the archival variant that carries the structure tags), in French, with its title:
    the organisation's letterhead on every page, the signature blocks side by side, and — for the accepted
    version only — the acceptance record on a last page."""
    parts, signatures = [], []

    def flush():
        if signatures:
            parts.append(f'<div class="signatures">{"".join(signatures)}</div>')
            signatures.clear()

    for kind, text in blocks:
        if kind == "signature":
            signatures.append(
                f'<div class="signature"><p><strong>{html.escape(text)}</strong></p><p>{SIGNATURE_LINE}</p></div>'
            )
            continue
        flush()
        tag = {"title": "h1", "heading": "h2"}.get(kind, "p")
        parts.append(f"<{tag}>{html.escape(text)}</{tag}>")
    flush()
    style = PDF_STYLE % {"mark": TEST_PAGE if test else "", "footer": _css_string(footer)}
    page = (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{style}</style></head><body>{_letterhead_html(letterhead)}{''.join(parts)}"
        f"{_record_html(record) if record else ''}</body></html>"
    )
    from weasyprint import HTML  # heavy: loaded when a PDF is written, not when the site starts

    # WeasyPrint 70 opens its sRGB profile (the PDF/A output intent) without closing it: the file is
    # dropped, and a ResourceWarning raised, during the call — nothing else is silenced.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        return HTML(string=page).write_pdf(pdf_variant=PDF_VARIANT)


PDF_VARIANT = "pdf/a-3a"  # PDF/A-3, level A: tagged (structure tree, /MarkInfo), with /Lang from lang="fr"


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
