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
    from weasyprint import HTML  # heavy: loaded when a PDF is written, not when the site starts

    with warnings.catch_warnings():  # see documents/writers.py: WeasyPrint's unclosed sRGB profile
        warnings.simplefilter("ignore", ResourceWarning)
        return HTML(string=page).write_pdf(pdf_variant=PDF_VARIANT)
