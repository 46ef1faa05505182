"""The access-code letter as a PDF: A4, French, one letter per page, in plain words (FALC: short sentences,
one idea each, the steps numbered), with a QR code that opens the code page with the code filled in.

Written with WeasyPrint as the other documents are (documents/writers.py: tagged PDF/A, /Lang fr).
"""

import base64
import io
import warnings

from django.template.loader import render_to_string
from django.utils import translation

from passerelles.documents.writers import PDF_VARIANT

# The letter's stylesheet, given to WeasyPrint apart from the page (templates carry no inline style: CSP).
STYLE = """
@page { size: A4; margin: 1.5cm 2cm 1.3cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 11.5pt; line-height: 1.4; color: #111; }
.letter { break-after: page; }
.letter:last-child { break-after: auto; }
.head { display: flow-root; font-size: 9.5pt; line-height: 1.3; margin-bottom: 1.2em; }
.head img { height: 1.5cm; float: left; margin-right: 10pt; }
.head p { margin: 0; }
h1 { font-size: 19pt; margin: .4em 0 .6em; }
h2 { font-size: 13pt; margin: .9em 0 .35em; }
p { margin: 0 0 .5em; }
.access { border: 2.5pt solid #111; border-radius: 6pt; padding: 10pt 14pt; margin: .8em 0; display: flow-root; }
.access img { float: right; width: 4.4cm; height: 4.4cm; margin: -4pt -6pt 0 10pt; }
.access dt { font-size: 10.5pt; margin-top: 4pt; }
.access dd { margin: 0 0 4pt; font-size: 15pt; font-weight: bold; }
.access .code { font-family: "DejaVu Sans Mono", monospace; font-size: 21pt; letter-spacing: 1.5pt; }
.access .site { font-family: "DejaVu Sans Mono", monospace; font-size: 11pt; word-break: break-all; }
ol { padding-left: 1.3em; margin: 0; } li { margin-bottom: .35em; }
.small { font-size: 10.5pt; color: #333; }
"""


def qr_png(data: str) -> bytes:
    """A QR code (medium error correction: a crease or a stain on the paper does not stop it)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def _logo_data_uri(organisation) -> str:
    if not organisation.logo:
        return ""
    try:
        with organisation.logo.open("rb") as file:
            data = file.read()
    except OSError:
        return ""
    mime = "image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def letters_pdf(letters) -> bytes:
    """One PDF, one page per letter."""
    logos: dict[int, str] = {}
    pages = []
    for letter in letters:
        organisation = letter.organisation
        if organisation.pk not in logos:
            logos[organisation.pk] = _logo_data_uri(organisation)
        qr = base64.b64encode(qr_png(letter.qr_url)).decode()
        pages.append({"letter": letter, "qr": f"data:image/png;base64,{qr}", "logo": logos[organisation.pk]})
    with translation.override("fr"):
        page = render_to_string("people/access_letters/letter.pdf.html", {"pages": pages})
    from weasyprint import CSS, HTML  # heavy: loaded when a PDF is written, not when the site starts

    with warnings.catch_warnings():  # see documents/writers.py: WeasyPrint's unclosed sRGB profile
        warnings.simplefilter("ignore", ResourceWarning)
        return HTML(string=page).write_pdf(stylesheets=[CSS(string=STYLE)], pdf_variant=PDF_VARIANT)
