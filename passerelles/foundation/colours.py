"""Colour arithmetic for organisation themes (no database needed).

An organisation's main colour is painted behind white text in the header and on buttons. RGAA (≈ WCAG 2.1
AA) asks for a contrast ratio of at least 4.5:1 for normal text, so a colour that would make white text
unreadable is refused when it is chosen, not discovered later by an accessibility audit.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST_WITH_WHITE = 4.5


def parse_hex(colour: str) -> tuple[int, int, int]:
    if not HEX_COLOUR.match(colour or ""):
        raise ValueError(colour)
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(parse_hex(first)), relative_luminance(parse_hex(second))), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def darken(colour: str, factor: float = 0.8) -> str:
    """A darker shade for hover and focus states."""
    r, g, b = parse_hex(colour)
    return "#{:02x}{:02x}{:02x}".format(*(round(v * factor) for v in (r, g, b)))


def validate_theme_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Indiquez une couleur au format #RRVVBB, par exemple #1d4e89."), code="format"
        )
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MIN_CONTRAST_WITH_WHITE:
        raise ValidationError(
            _(
                "Cette couleur est trop claire : le texte blanc posé dessus aurait un contraste de %(ratio).1f:1, "
                "il faut au moins 4,5:1 (RGAA). Choisissez une teinte plus foncée."
            ),
            code="contrast",
            params={"ratio": ratio},
        )
