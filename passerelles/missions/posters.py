"""Posters for the break-room board: one mission on an A4 page, or the open missions of a site or a unit.

Half of the agents do not read their e-mail and many have no desk (issue 15): a poster reaches them where
they are. Each one says the mission in plain words, carries a QR code to its page (for those with a phone)
and its short code (for those without: they say it to HR). A poster shows nothing about a person — not even
the project lead's name, which the mission page shows to signed-in readers only.

No database here: the views hand over the missions and the absolute addresses; this module writes the PDF.
"""

import base64
import io
import warnings

import qrcode
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image

from passerelles.foundation.colours import HEX_COLOUR, darken
from passerelles.missions.models import Mission
from passerelles.missions.plain_words import dates_in_words, place_in_words, time_share_in_words
from passerelles.organisations.models import DEFAULT_THEME_COLOUR

PDF_VARIANT = "pdf/a-3a"  # tagged, with /Lang: as the other documents of Passerelles (documents/writers.py)
MAX_BOARD_MISSIONS = 200  # a board of more is no longer read; the QR code leads to the full list

POSTER_CSS = """
@page { size: A4 portrait; margin: 1.4cm 1.6cm 1.6cm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; color: #444;
                        font-family: "DejaVu Sans", sans-serif; } }
body { font-family: "DejaVu Sans", sans-serif; color: #1b1b1b; font-size: 14pt; line-height: 1.4; }
.band { display: table; width: 100%; background: var(--theme); color: #fff; border-radius: 6pt; }
.band > * { display: table-cell; vertical-align: middle; padding: .4cm .5cm; }
.band .logo { width: 1.6cm; padding-right: 0; }
.band img { height: 1.3cm; background: #fff; padding: 2pt; border-radius: 3pt; }
.band p { margin: 0; font-size: 15pt; font-weight: bold; } .band .kicker { font-size: 10pt; font-weight: normal; }
h1 { font-size: 30pt; line-height: 1.15; margin: .7cm 0 .4cm; color: var(--theme-dark); }
h2 { font-size: 13pt; margin: .5cm 0 .2cm; color: var(--theme-dark); text-transform: uppercase; letter-spacing: .5pt; }
p { margin: 0 0 .25cm; }
.what { font-size: 15pt; } h1.long { font-size: 22pt; }
.facts { display: table; width: 100%; border-spacing: .3cm 0; margin: .5cm -.3cm .3cm; }
.fact { display: table-cell; width: 33%; padding: .3cm .35cm; border-left: 4pt solid var(--theme);
        background: #f3f4f6; vertical-align: top; }
.fact p { margin: 0; } .fact .label { font-size: 10pt; text-transform: uppercase; color: #444; }
.fact .value { font-size: 15pt; font-weight: bold; }
.answer { display: table; width: 100%; margin-top: .6cm; border: 2pt solid var(--theme); font-size: 12pt; }
.answer > div { display: table-cell; vertical-align: top; padding: .5cm; }
.answer .qr { width: 5.2cm; padding-left: 0; } .answer .qr img { width: 5cm; height: 5cm; }
.answer h2 { margin-top: 0; }
.answer .code { font-size: 30pt; font-weight: bold; letter-spacing: 2pt; margin: 0 0 .2cm; line-height: 1.1; }
.small { font-size: 10pt; color: #444; }
table { border-collapse: collapse; width: 100%; margin-top: .4cm; font-size: 11pt; }
thead { display: table-header-group; }
th, td { text-align: left; vertical-align: top; padding: 5pt 6pt; border-bottom: 1pt solid #999; }
th { background: #f3f4f6; font-size: 10pt; text-transform: uppercase; }
tr { break-inside: avoid; } td.title { font-weight: bold; } td.title .small { font-weight: normal; }
td.code { font-weight: bold; white-space: nowrap; font-size: 13pt; }
.board-head { display: table; width: 100%; margin-top: .4cm; }
.board-head > div { display: table-cell; vertical-align: top; }
.board-head .qr { width: 4.2cm; text-align: right; } .board-head .qr img { width: 4cm; height: 4cm; }
.board-head h1 { margin-top: .2cm; font-size: 26pt; }
"""


def mission_dates(mission: Mission) -> str:
    return dates_in_words(mission.start_date, mission.end_date)


def summary(text: str, limit: int = 600) -> str:
    """The beginning of the description, cut at a word, for a page that must stay one page."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def qr_png(url: str, box: int = 10) -> bytes:
    """A QR code of ``url`` as PNG bytes (medium error correction: a folded or soiled poster still reads)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box, border=2)
    code.add_data(url)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, "PNG")
    return out.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def logo_png(organisation) -> bytes | None:
    """The organisation's logo re-encoded as a small PNG, or None (no logo, or a file gone from storage)."""
    if not organisation.logo:
        return None
    try:
        with organisation.logo.open("rb") as file, Image.open(file) as image:
            image.thumbnail((600, 240))
            out = io.BytesIO()
            image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").save(out, "PNG")
            return out.getvalue()
    except (OSError, ValueError):
        return None


def _theme_css(organisation) -> str:
    colour = organisation.theme_colour if HEX_COLOUR.match(organisation.theme_colour or "") else None
    colour = colour or DEFAULT_THEME_COLOUR  # validated: only a #rrggbb value ever reaches the stylesheet
    return f":root {{ --theme: {colour}; --theme-dark: {darken(colour)}; }}"


def _pdf(template: str, context: dict, organisation) -> bytes:
    from weasyprint import CSS, HTML  # heavy: loaded when a poster is printed, not when the site starts

    logo = logo_png(organisation)
    page = render_to_string(
        template,
        {
            **context,
            "organisation": organisation,
            "logo": data_uri(logo) if logo else "",
            "language": translation.get_language() or "fr",
        },
    )
    # WeasyPrint 70 leaves its sRGB profile open (see documents/writers.py): only that warning is silenced.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        return HTML(string=page).write_pdf(
            stylesheets=[CSS(string=_theme_css(organisation) + POSTER_CSS)], pdf_variant=PDF_VARIANT
        )


def mission_poster_pdf(mission: Mission, *, url: str) -> bytes:
    """The A4 poster of one mission; ``url`` is the mission page's absolute address (for the QR code)."""
    context = {
        "mission": mission,
        "what": summary(mission.description, 380),
        "long_title": len(mission.title) > 70,
        "where": place_in_words(mission),
        "when": mission_dates(mission),
        "time": time_share_in_words(mission),
        "url": url,
        "qr": data_uri(qr_png(url)),
    }
    return _pdf("missions/poster_mission.html", context, mission.organisation)


def board_poster_pdf(organisation, missions, *, place: str, url: str) -> bytes:
    """The open missions of a site or unit (``place`` names it), over as many pages as needed; ``url`` is
    the absolute address of the mission list (one QR code)."""
    rows = [
        {
            "title": mission.title,
            "time": time_share_in_words(mission),
            "when": mission_dates(mission),
            "where": place_in_words(mission),
            "code": mission.short_code,
        }
        for mission in missions[:MAX_BOARD_MISSIONS]
    ]
    context = {"rows": rows, "place": place, "url": url, "qr": data_uri(qr_png(url))}
    return _pdf("missions/poster_board.html", context, organisation)
