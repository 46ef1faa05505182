"""The two documents of small help, as PDF (WeasyPrint from our own templates, as people/letter_pdf.py does):
the one-line lettre de mission of a coup de main, and the one-page immersion note. Nothing a user typed is ever
evaluated: the purpose and the details are plain text in our template (escaped by Django)."""

import base64
import warnings

from django.template.loader import render_to_string
from django.utils import timezone, translation

from passerelles.documents.writers import PDF_VARIANT
from passerelles.smallhelp import rules

STYLE = """
@page { size: A4; margin: 2cm 2.2cm 1.8cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 11.5pt; line-height: 1.45; color: #111; }
.head { display: flow-root; font-size: 9.5pt; line-height: 1.3; margin-bottom: 1.6em; }
.head img { height: 1.5cm; float: left; margin-right: 10pt; }
.head p { margin: 0; }
h1 { font-size: 17pt; margin: .6em 0 .8em; }
p { margin: 0 0 .7em; }
dl { margin: 0 0 1em; } dt { font-weight: bold; margin-top: .5em; } dd { margin: 0; }
.signature { margin-top: 2.5em; }
.small { font-size: 9.5pt; color: #333; }
"""


def _logo_data_uri(organisation) -> str:
    """The organisation's logo inlined (it was re-encoded on upload: PNG or JPEG)."""
    if not organisation.logo:
        return ""
    try:
        with organisation.logo.open("rb") as file:
            data = file.read()
    except OSError:
        return ""
    mime = "image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _pdf(template: str, context: dict) -> bytes:
    with translation.override("fr"):
        page = render_to_string(template, {**context, "today": timezone.localdate()})
    from weasyprint import CSS, HTML  # heavy: loaded when a PDF is written, not when the site starts

    with warnings.catch_warnings():  # see documents/writers.py: WeasyPrint's unclosed sRGB profile
        warnings.simplefilter("ignore", ResourceWarning)
        return HTML(string=page).write_pdf(stylesheets=[CSS(string=STYLE)], pdf_variant=PDF_VARIANT)


def lettre_sentence(help) -> str:
    """The lettre's one line (FRAMEWORKS.md §1: an internal change of assignment, a mesure d'ordre intérieur)."""
    with translation.override("fr"):
        return translation.gettext(
            "%(agent)s apporte son concours au service %(unit)s les %(half_days)s : %(purpose)s. Changement "
            "temporaire d'affectation interne (mesure d'ordre intérieur, CGFP L512-23), sans incidence sur la "
            "rémunération ni le poste."
        ) % {
            "agent": help.agent.full_name,
            "unit": help.host_unit.name,
            "half_days": rules.half_days_text(help.half_day_pairs()),
            "purpose": help.purpose,
        }


def lettre_pdf(help) -> bytes:
    return _pdf(
        "smallhelp/lettre.pdf.html",
        {"help": help, "sentence": lettre_sentence(help), "logo": _logo_data_uri(help.organisation)},
    )


def immersion_note_pdf(immersion) -> bytes:
    return _pdf(
        "smallhelp/immersion_note.pdf.html",
        {"immersion": immersion, "logo": _logo_data_uri(immersion.organisation)},
    )
